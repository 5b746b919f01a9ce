import type { Principal } from '../../../platform/auth/principal.ts';
import type { SqlParams } from '../db/sql.ts';

export type Action = 'read' | 'create' | 'update' | 'delete' | 'execute' | 'link' | 'manage';

/**
 * What rules are about, and the attributes their conditions may use. These attribute names are the
 * allow-list: a condition on any other attribute makes the policy invalid, and only these names
 * ever reach SQL (each service maps them to its own columns).
 */
export interface SubjectAttributes {
  Ehr: { id: string; org: string; subjectNamespace: string };
  Composition: {
    ehrId: string;
    /** Organisation that created the EHR. */
    ehrOrg: string;
    /** Organisation that committed this version. */
    org: string;
    templateId: string;
    archetypeNodeId: string;
    lifecycleState: 'COMPLETE' | 'INCOMPLETE' | 'DELETED';
  };
  Entry: {
    ehrId: string;
    ehrOrg: string;
    templateId: string;
    rmType: 'OBSERVATION' | 'EVALUATION' | 'INSTRUCTION' | 'ACTION' | 'ADMIN_ENTRY';
    archetypeNodeId: string;
    /** Every `terminology::code` in the entry. Conditions on an array attribute match when any element matches. */
    codes: string[];
  };
  Patient: {
    id: string;
    /** The patient's managing organisation. */
    org: string;
  };
  StoredQuery: { name: string };
  Template: { templateId: string };
  AuditEvent: { org: string | null };
  Token: Record<string, never>;
  Policy: Record<string, never>;
}

export type SubjectType = keyof SubjectAttributes;

/** Maps a subject's attribute names to SQL expressions of one query (e.g. `ehrOrg` → `e.org`). */
export type ColumnMap<S extends SubjectType> = { [A in keyof SubjectAttributes[S]]?: string };

/** A decision with the reason of the rule that made it (for audit and FORBIDDEN messages). */
export interface Decision {
  allowed: boolean;
  reason: string;
  /** Set when an emergency access of the caller (break the glass) made this decision. */
  emergencyAccessId?: string;
}

export interface SqlFilterOptions {
  /**
   * Also admit what the caller's emergency accesses allow. Only for reads whose rows are then
   * audited one by one with the grant (a composition page of the EHR), never for queries.
   */
  emergency?: boolean;
}

/** Disclosure control of research numbers for this caller (policy `research` settings). */
export interface ResearchLimits {
  /** True when the caller has a role of `research.suppressRoles`: suppression, noise and the budget apply. */
  readonly suppressed: boolean;
  /** `research.minimumCellSize`: the fewest distinct EHRs a reported group may have. */
  readonly minimumCellSize: number;
  /** True when the caller has a role of `research.aggregateOnlyRoles`: no row-level AQL results. */
  readonly aggregateOnly: boolean;
  /** `research.rowLevelQueries`: stored queries that may still return rows to an aggregate-only caller. */
  readonly rowLevelQueries: readonly string[];
  /** Laplace scales of the sticky noise: counts (absolute), values (in standard deviations). */
  readonly noise: { readonly countScale: number; readonly valueScale: number };
  /** Fewest distinct EHRs for which min, max and percentiles are reported to a suppressed caller. */
  readonly orderStatisticsMinimumCellSize: number;
  /** Research queries per caller and window (`queries` 0: no budget). */
  readonly budget: { readonly queries: number; readonly windowSeconds: number };
}

/** An emergency access in force for the caller: one EHR, read as if its organisation were in the caller's network. */
export interface EmergencyGrant {
  readonly id: string;
  readonly ehrId: string;
  /** The organisation of the EHR (the network the caller's role rules are filled with). */
  readonly ehrOrg: string;
  readonly reason: string;
  readonly expiresAt: Date;
}

/** What the policy's `emergencyAccess` section allows this caller. */
export interface EmergencyAccessLimits {
  /** True when the caller has a role of `emergencyAccess.roles`. */
  readonly allowed: boolean;
  readonly maxMinutes: number;
  readonly reasonMinLength: number;
}

/**
 * The caller's effective rights: the roles' rules intersected with the token's scopes (scopes only
 * narrow). Deny by default: no matching rule → not allowed.
 */
export interface CallerAbility {
  readonly principal: Principal;
  /** The purpose of use the request acts under (see activePurpose); null for the unnamed purpose or a refused token. */
  readonly purpose: string | null;
  readonly research: ResearchLimits;
  /** Policy `identity.identifierMarkers` (the clinical store adds them to its built-in list). */
  readonly identifierMarkers: readonly string[];
  /** Policy `emergencyAccess`: whether this caller may break the glass, and its bounds. */
  readonly emergencyAccess: EmergencyAccessLimits;
  /** The caller's emergency access to this EHR in force for this request, if any. */
  grantFor(ehrId: string): EmergencyGrant | null;
  /** `object` absent → "may the caller do this to some object of this type?" (type-level check). */
  can<S extends SubjectType>(action: Action, subject: S, object?: SubjectAttributes[S], field?: string): boolean;
  decide<S extends SubjectType>(action: Action, subject: S, object?: SubjectAttributes[S], field?: string): Decision;
  /**
   * The same rules as `can` for `object`s, as a boolean SQL condition over the given columns (`FALSE`
   * when nothing is allowed), its values added to `params`. Attributes missing from `columns` make
   * their conditions false.
   */
  sqlFilter<S extends SubjectType>(action: Action, subject: S, columns: ColumnMap<S>, params: SqlParams, options?: SqlFilterOptions): string;
}
