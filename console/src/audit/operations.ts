const EVENT_FIELDS = `id at sub org roles purpose action subjectType subjectIds allowed reason emergencyAccessId`;

/** Audit events of either service: the filter and paging are the same on both. */
export const AUDIT_EVENTS = {
  clinical: `query ClinicalAudit($filter: AuditEventFilter, $first: Int, $after: String) {
    page: auditEvents(filter: $filter, first: $first, after: $after) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } }
  }`,
  demographic: `query DemographicAudit($filter: AuditEventFilter, $first: Int, $after: String) {
    page: demographicAuditEvents(filter: $filter, first: $first, after: $after) { edges { node { ${EVENT_FIELDS} } } pageInfo { hasNextPage endCursor } }
  }`,
};

export const EMERGENCY_ACCESSES = `query EmergencyAccesses($since: DateTime, $first: Int, $after: String) {
  page: emergencyAccesses(since: $since, first: $first, after: $after) {
    edges { node { id ehrId sub org roles reason startedAt expiresAt active readCount } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export interface Page<T> {
  page: { edges: { node: T }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

export interface AuditEvent {
  id: string;
  at: string;
  sub: string;
  org: string | null;
  roles: string[];
  purpose: string | null;
  action: string;
  subjectType: string;
  subjectIds: string[];
  allowed: boolean;
  reason: string;
  emergencyAccessId: string | null;
}

export interface EmergencyAccess {
  id: string;
  ehrId: string;
  sub: string;
  org: string;
  roles: string[];
  reason: string;
  startedAt: string;
  expiresAt: string;
  active: boolean;
  readCount: number;
}
