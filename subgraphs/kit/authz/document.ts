import type { Action, SubjectType } from './types.ts';
import type { PurposeCode } from './vocabulary.ts';

/** One rule of a role, as written in a policy file (CASL raw rule with a mandatory reason). */
export interface PolicyRule {
  action: Action | Action[];
  subject: SubjectType | SubjectType[];
  fields?: string[];
  /** MongoDB-style: attribute → value, or → { $eq | $ne | $in | $nin | $exists }; values may be `${…}` variables. */
  conditions?: Record<string, unknown>;
  inverted?: boolean;
  reason: string;
}

/** A policy: one file, or several files of a folder merged. */
export interface PolicyDocument {
  version: 1;
  organisations: {
    /** Care networks: name → member organisations. */
    networks: Record<string, string[]>;
    /** Organisations whose records may be used for research. */
    researchAllowed: string[];
  };
  /** Named lists of `terminology::code`. */
  codeLists: Record<string, string[]>;
  /** Named lists of template ids. */
  templateLists: Record<string, string[]>;
  research: {
    /** Smallest group (distinct EHRs) research aggregates may report; default 5. */
    minimumCellSize?: number;
    /** Roles whose aggregates get small-cell suppression, sticky noise and the query budget; default `[researcher]`. */
    suppressRoles?: string[];
    /** Roles that get aggregates only: their AQL must aggregate; default `[researcher]`. */
    aggregateOnlyRoles?: string[];
    /** Stored queries that may return rows to aggregate-only roles; default none. */
    rowLevelQueries?: string[];
    /** Sticky noise scales (docs/cohorts.md "Disclosure control"); 0 turns one off. */
    noise?: { countScale?: number; valueScale?: number };
    /** Fewest distinct EHRs for which min, max and percentiles are reported (noised); default 20. */
    orderStatisticsMinimumCellSize?: number;
    /** Research queries (cohorts and AQL) per caller and window; `queries: 0` turns the budget off. */
    budget?: { queries?: number; windowSeconds?: number };
  };
  /** Break the glass (docs/security.md): which roles may read an EHR outside their network, with a reason, for a bounded time. */
  emergencyAccess?: {
    /** Roles that may break the glass; default none. */
    roles?: string[];
    /** The longest a grant may last, in minutes (and its default length); default 60. */
    maxMinutes?: number;
    /** The fewest characters (after trimming) a stated reason must have; default 10. */
    reasonMinLength?: number;
  };
  identity?: {
    /**
     * Words that mark a DV_IDENTIFIER (its issuer, assigner or type) as a person identifier, which
     * the clinical store refuses at commit; added to the built-in list.
     */
    identifierMarkers?: string[];
  };
  /**
   * Purpose of use (HL7 v3 PurposeOfUse code) → the roles acting under it. A request acts under one
   * purpose and gets only its roles; roles listed under none form one unnamed purpose together.
   */
  purposes?: Partial<Record<PurposeCode, string[]>>;
  roles: Record<string, PolicyRule[]>;
}

/** A validated, merged policy. Its `version` changes whenever its content does. */
export interface LoadedPolicy {
  /** sha256 (hex) of the normalized merged document. */
  readonly version: string;
  readonly document: PolicyDocument;
  /** The files it was read from, in merge order. */
  readonly files: readonly string[];
  readonly loadedAt: Date;
}
