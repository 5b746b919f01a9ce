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
}

/** Small-cell suppression of aggregates for this caller (policy `research` settings). */
export interface ResearchLimits {
  /** True when the caller has a role of `research.suppressRoles`. */
  readonly suppressed: boolean;
  /** `research.minimumCellSize`: the fewest distinct EHRs a reported group may have. */
  readonly minimumCellSize: number;
}

/**
 * The caller's effective rights: the roles' rules intersected with the token's scopes (scopes only
 * narrow). Deny by default: no matching rule → not allowed.
 */
export interface CallerAbility {
  readonly principal: Principal;
  readonly research: ResearchLimits;
  /** `object` absent → "may the caller do this to some object of this type?" (type-level check). */
  can<S extends SubjectType>(action: Action, subject: S, object?: SubjectAttributes[S], field?: string): boolean;
  decide<S extends SubjectType>(action: Action, subject: S, object?: SubjectAttributes[S], field?: string): Decision;
  /**
   * The same rules as `can` for `object`s, as a boolean SQL condition over the given columns (`FALSE`
   * when nothing is allowed), its values added to `params`. Attributes missing from `columns` make
   * their conditions false.
   */
  sqlFilter<S extends SubjectType>(action: Action, subject: S, columns: ColumnMap<S>, params: SqlParams): string;
}
