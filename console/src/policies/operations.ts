/** The gateway operations of the policies page. */
export const ACTIVE_POLICY = `query ActivePolicy { policy { version loadedAt document } }`;

/** Both services in one operation: the gateway runs mutation fields in order, clinical first. */
export const APPLY_POLICY = `mutation ApplyPolicy($document: JSON!, $expectedVersion: String!) {
  setPolicy(document: $document, expectedVersion: $expectedVersion) { version }
  setDemographicPolicy(document: $document, expectedVersion: $expectedVersion) { version }
}`;

export const EXPLAIN_ACCESS = `query ExplainAccess($caller: CallerInput!, $action: String!, $subject: String!, $resource: JSON, $field: String) {
  explainAccess(caller: $caller, action: $action, subject: $subject, resource: $resource, field: $field) { allowed reason purpose }
}`;

export interface ActivePolicy {
  version: string;
  loadedAt: string;
  document: PolicyDocument;
}

export interface PolicyRule {
  action: string | string[];
  subject: string | string[];
  conditions?: Record<string, unknown>;
  inverted?: boolean;
  reason: string;
}

/** The parts of a policy document this page reads itself; the form edits the whole of it by its schema. */
export interface PolicyDocument {
  roles?: Record<string, PolicyRule[]>;
  [key: string]: unknown;
}

export interface AccessExplanation {
  allowed: boolean;
  reason: string;
  purpose: string | null;
}
