import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EhrRow, TemplateRow } from '../model/rows.ts';
import type { CompositionView } from '../access/composition-view.ts';
import type { EntrySummary, ElementSummary, CanonicalObject } from '../canonical/index.ts';
import type { ClinicalContext } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An RFC 3339 date-time with offset. */
  DateTime: { input: Date | string; output: Date | string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
  /** A UUID in canonical textual form, e.g. `4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11`. */
  UUID: { input: string; output: string; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** One authorisation decision that touched data. Never contains names or identifiers. */
export type AuditEvent = {
  __typename?: 'AuditEvent';
  action: Scalars['String']['output'];
  allowed: Scalars['Boolean']['output'];
  at: Scalars['DateTime']['output'];
  /** The `x-request-id` the caller sent, if it was a plain token; behind the gateway, the gateway's own request id. */
  callerRequestId?: Maybe<Scalars['String']['output']>;
  /** The emergency access (break the glass) that allowed this decision, if one did (`emergency: <reason>` in `reason`). */
  emergencyAccessId?: Maybe<Scalars['UUID']['output']>;
  id: Scalars['String']['output'];
  org?: Maybe<Scalars['String']['output']>;
  /** The purpose of use the request acted under (HL7 v3 PurposeOfUse code, e.g. TREAT); null when the policy declares none for its roles. */
  purpose?: Maybe<Scalars['String']['output']>;
  reason: Scalars['String']['output'];
  /** The service's own id of the request (minted by the service, never taken from the caller). */
  requestId?: Maybe<Scalars['String']['output']>;
  roles: Array<Scalars['String']['output']>;
  sub: Scalars['String']['output'];
  subjectIds: Array<Scalars['String']['output']>;
  subjectType: Scalars['String']['output'];
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  pageInfo: PageInfo;
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

export type AuditEventFilter = {
  action?: InputMaybe<Scalars['String']['input']>;
  allowed?: InputMaybe<Scalars['Boolean']['input']>;
  /** Events of requests whose caller sent this `x-request-id` (behind the gateway: the gateway's own id). */
  callerRequestId?: InputMaybe<Scalars['String']['input']>;
  /** Decisions made by this emergency access (break the glass; clinical service only). */
  emergencyAccessId?: InputMaybe<Scalars['UUID']['input']>;
  /** Events of the request this service gave this id (its own, as in the `x-request-id` response header). */
  requestId?: InputMaybe<Scalars['String']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
  sub?: InputMaybe<Scalars['String']['input']>;
  subjectId?: InputMaybe<Scalars['String']['input']>;
  subjectType?: InputMaybe<Scalars['String']['input']>;
};

/** What a contribution did to a composition. */
export type ChangeType =
  | 'CREATION'
  | 'DELETED'
  | 'MODIFICATION';

/** Summary of a set of values. Every number is null when `suppressed`; the statistics are null without values. */
export type CohortCell = {
  __typename?: 'CohortCell';
  /** Distinct EHRs with at least one value in the cell. */
  ehrCount?: Maybe<Scalars['Int']['output']>;
  max?: Maybe<Scalars['Float']['output']>;
  /** Arithmetic mean. */
  mean?: Maybe<Scalars['Float']['output']>;
  /** 50th percentile (continuous). */
  median?: Maybe<Scalars['Float']['output']>;
  min?: Maybe<Scalars['Float']['output']>;
  /** 25th percentile (continuous, interpolated like PostgreSQL percentile_cont). */
  p25?: Maybe<Scalars['Float']['output']>;
  /** 75th percentile (continuous). */
  p75?: Maybe<Scalars['Float']['output']>;
  /** 95th percentile (continuous). */
  p95?: Maybe<Scalars['Float']['output']>;
  /** True when the cell has too few EHRs to be reported to this caller (or hides another such cell). */
  suppressed: Scalars['Boolean']['output'];
  /** Values in the cell. */
  valueCount?: Maybe<Scalars['Int']['output']>;
};

export type CohortGroup = {
  __typename?: 'CohortGroup';
  cell: CohortCell;
  /** The day, ISO week, month or code of the group. */
  key: Scalars['String']['output'];
};

/** How cohort values are grouped. Time buckets are UTC calendar periods of the composition's start time. */
export type CohortGrouping =
  /**
   * Key: each `terminology::code` of the entry, language and encoding codes (ISO_639-1,
   * IANA_character-sets, Unicode) left out; an entry with several codes counts in each of their groups.
   */
  | 'CODE'
  /** Key `YYYY-MM-DD`. */
  | 'DAY'
  /** Key `YYYY-MM`. */
  | 'MONTH'
  | 'NONE'
  /** ISO week, key `YYYY-Www` (weeks start on Monday). */
  | 'WEEK';

/** What `cohort` aggregates: one numeric element of the entries of one archetype, optionally filtered. */
export type CohortQuery = {
  /** Archetype id of the entries, e.g. `openEHR-EHR-OBSERVATION.laboratory_test_result.v1`. */
  archetypeId: Scalars['String']['input'];
  /** Only entries that contain this `terminology::code`, e.g. `LOINC::4548-4`. */
  code?: InputMaybe<Scalars['String']['input']>;
  /**
   * openEHR path inside the entry to a DV_QUANTITY or DV_COUNT (its magnitude) or DV_PROPORTION
   * (numerator ÷ denominator) value, with `[atNNNN]` node predicates, ending in `/value`, e.g.
   * `/data[at0001]/events[at0002]/data[at0003]/items[at0001]/value`. Every value the path matches
   * in an entry counts; values of other types are ignored.
   */
  elementPath: Scalars['String']['input'];
  /** Only compositions whose start time (its commit time when it has none) is at or after `from`. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** How `groups` are formed; `NONE` gives no groups, only `total`. */
  groupBy?: InputMaybe<CohortGrouping>;
  /** Only entries of compositions of this template. */
  templateId?: InputMaybe<Scalars['String']['input']>;
  /** Only compositions whose start time (its commit time when it has none) is before `to`. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
  /** Only values within this range (bounds included). */
  valueRange?: InputMaybe<CohortValueRange>;
};

/** The answer of `cohort`. Never contains EHR ids or subject ids. */
export type CohortResult = {
  __typename?: 'CohortResult';
  /** One group per key that has values, in ascending key order; empty for `groupBy: NONE`. */
  groups: Array<CohortGroup>;
  /** The smallest number of distinct EHRs a reported cell may have; null when no suppression applies to the caller. */
  minimumCellSize?: Maybe<Scalars['Int']['output']>;
  /** Whether small-cell suppression applies to the caller (their policy role). */
  suppressionApplied: Scalars['Boolean']['output'];
  /** All values the query selects, each counted once (also when grouping by code). */
  total: CohortCell;
};

/** Bounds of the values a cohort counts; either may be absent. */
export type CohortValueRange = {
  max?: InputMaybe<Scalars['Float']['input']>;
  min?: InputMaybe<Scalars['Float']['input']>;
};

/** One version of an openEHR COMPOSITION. */
export type Composition = {
  __typename?: 'Composition';
  archetypeNodeId: Scalars['String']['output'];
  /**
   * The stored canonical JSON as committed (apart from the assigned uid), less the entries the caller
   * may not read and the fields their policy hides (composer, facility).
   */
  canonical: Scalars['JSON']['output'];
  /** The category code's text, e.g. `event` or `persistent`. */
  category: Scalars['String']['output'];
  changeType: ChangeType;
  committedAt: Scalars['DateTime']['output'];
  /** The canonical `composer` party; null with FORBIDDEN for callers whose policy hides it. */
  composer?: Maybe<Scalars['JSON']['output']>;
  ehr: Ehr;
  /** The entries the caller may read, in document order (SECTIONs are traversed; their entries are listed). */
  entries: Array<Entry>;
  /**
   * `canonical` in EHRbase's FLAT form (simSDT: one object of path keys such as
   * `template_id/section:0/entry/element|magnitude`), built with the composition's template's web
   * template; withheld entries and hidden fields are left out exactly as in `canonical`. Null with
   * NOT_FOUND (the rest of the composition intact) only for a composition whose template was never
   * uploaded, which only development allows (ALLOW_COMMITS_WITHOUT_TEMPLATE).
   */
  flat?: Maybe<Scalars['JSON']['output']>;
  /** The context's `health_care_facility`, when present; null with FORBIDDEN for callers whose policy hides it. */
  healthCareFacility?: Maybe<Scalars['JSON']['output']>;
  language: Scalars['String']['output'];
  lifecycleState: LifecycleState;
  name: Scalars['String']['output'];
  objectId: Scalars['UUID']['output'];
  precedingVersionUid?: Maybe<Scalars['String']['output']>;
  /** The context's start time, when the composition has a context. */
  startTime?: Maybe<Scalars['DateTime']['output']>;
  /**
   * `canonical` in EHRbase's STRUCTURED form (FLAT's keys nested, every node a list of its
   * instances), with the same entries and fields left out as in `canonical`; null as `flat` is.
   */
  structured?: Maybe<Scalars['JSON']['output']>;
  templateId: Scalars['String']['output'];
  territory: Scalars['String']['output'];
  /** Version uid: `objectId::systemId::version`. */
  uid: Scalars['String']['output'];
  version: Scalars['Int']['output'];
  /** How many entries the caller's policy withholds from `entries` and `canonical`. */
  withheldEntryCount: Scalars['Int']['output'];
};

export type CompositionConnection = {
  __typename?: 'CompositionConnection';
  edges: Array<CompositionEdge>;
  pageInfo: PageInfo;
};

export type CompositionEdge = {
  __typename?: 'CompositionEdge';
  cursor: Scalars['String']['output'];
  node: Composition;
};

/** The JSON form of a composition in commits and reads (docs/formats.md). */
export type CompositionFormat =
  /** openEHR canonical JSON. */
  | 'CANONICAL'
  /** EHRbase's FLAT (simSDT) form, keyed by the template's web template ids; needs the template id. */
  | 'FLAT'
  /** EHRbase's STRUCTURED form (FLAT nested); needs the template id. */
  | 'STRUCTURED';

/** An openEHR data value. `rmType` is the canonical `_type`; `canonical` the whole value. */
export type DataValue = {
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
};

export type DvBoolean = DataValue & {
  __typename?: 'DvBoolean';
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
  value: Scalars['Boolean']['output'];
};

export type DvCodedText = DataValue & {
  __typename?: 'DvCodedText';
  canonical: Scalars['JSON']['output'];
  code: Scalars['String']['output'];
  rmType: Scalars['String']['output'];
  terminology: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type DvCount = DataValue & {
  __typename?: 'DvCount';
  canonical: Scalars['JSON']['output'];
  /** An integer; Float so that 64-bit counts are not truncated. */
  magnitude: Scalars['Float']['output'];
  rmType: Scalars['String']['output'];
};

export type DvDuration = DataValue & {
  __typename?: 'DvDuration';
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
  /** ISO 8601 duration, e.g. `P1DT2H`. */
  value: Scalars['String']['output'];
};

export type DvIdentifier = DataValue & {
  __typename?: 'DvIdentifier';
  assigner?: Maybe<Scalars['String']['output']>;
  canonical: Scalars['JSON']['output'];
  id: Scalars['String']['output'];
  issuer?: Maybe<Scalars['String']['output']>;
  rmType: Scalars['String']['output'];
  type?: Maybe<Scalars['String']['output']>;
};

export type DvOrdinal = DataValue & {
  __typename?: 'DvOrdinal';
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
  symbol: DvCodedText;
  value: Scalars['Int']['output'];
};

export type DvProportion = DataValue & {
  __typename?: 'DvProportion';
  canonical: Scalars['JSON']['output'];
  denominator: Scalars['Float']['output'];
  numerator: Scalars['Float']['output'];
  precision?: Maybe<Scalars['Int']['output']>;
  rmType: Scalars['String']['output'];
  /** openEHR proportion kind: 0 ratio, 1 unitary, 2 percent, 3 fraction, 4 integer fraction. */
  type: Scalars['Int']['output'];
};

export type DvQuantity = DataValue & {
  __typename?: 'DvQuantity';
  canonical: Scalars['JSON']['output'];
  magnitude: Scalars['Float']['output'];
  precision?: Maybe<Scalars['Int']['output']>;
  rmType: Scalars['String']['output'];
  units: Scalars['String']['output'];
};

/** DV_DATE_TIME, DV_DATE and DV_TIME: the ISO 8601 value exactly as recorded. */
export type DvTemporal = DataValue & {
  __typename?: 'DvTemporal';
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

export type DvText = DataValue & {
  __typename?: 'DvText';
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** An electronic health record. Anonymous: its subject is a random UUID. */
export type Ehr = {
  __typename?: 'Ehr';
  /**
   * The latest version of each composition in this EHR that is not deleted, newest commit first.
   * `first` defaults to 20 and may be at most 100.
   */
  compositions: CompositionConnection;
  createdAt: Scalars['DateTime']['output'];
  id: Scalars['UUID']['output'];
  /** The subject's random UUID; null with FORBIDDEN for callers whose policy hides it (researchers). */
  subjectId?: Maybe<Scalars['UUID']['output']>;
  subjectNamespace: Scalars['String']['output'];
};


/** An electronic health record. Anonymous: its subject is a random UUID. */
export type EhrCompositionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  templateId?: InputMaybe<Scalars['String']['input']>;
};

/** An ELEMENT: a leaf of the clinical tree. */
export type Element = {
  __typename?: 'Element';
  archetypeNodeId: Scalars['String']['output'];
  name: Scalars['String']['output'];
  /** The null flavour's text, e.g. `unknown`, when the element has no value. */
  nullFlavour?: Maybe<Scalars['String']['output']>;
  /** openEHR path from the composition root. */
  path: Scalars['String']['output'];
  /** The element's value; null when the element has only a null flavour. */
  value?: Maybe<DataValue>;
};

/** An emergency access (break the glass): one caller's bounded right to read one EHR outside their network. */
export type EmergencyAccess = {
  __typename?: 'EmergencyAccess';
  /** True until `expiresAt`. */
  active: Scalars['Boolean']['output'];
  ehrId: Scalars['UUID']['output'];
  expiresAt: Scalars['DateTime']['output'];
  id: Scalars['UUID']['output'];
  org: Scalars['String']['output'];
  /** Records (the EHR, compositions) read under it: the audited decisions that name this access. */
  readCount: Scalars['Int']['output'];
  reason: Scalars['String']['output'];
  roles: Array<Scalars['String']['output']>;
  startedAt: Scalars['DateTime']['output'];
  /** The caller who opened it (token `sub`) and their organisation. */
  sub: Scalars['String']['output'];
};

export type EmergencyAccessConnection = {
  __typename?: 'EmergencyAccessConnection';
  edges: Array<EmergencyAccessEdge>;
  pageInfo: PageInfo;
};

export type EmergencyAccessEdge = {
  __typename?: 'EmergencyAccessEdge';
  cursor: Scalars['String']['output'];
  node: EmergencyAccess;
};

/** An entry: the smallest unit a read returns. */
export type Entry = {
  __typename?: 'Entry';
  archetypeNodeId: Scalars['String']['output'];
  canonical: Scalars['JSON']['output'];
  /** Every `terminology::code` found inside the entry, de-duplicated, in document order. */
  codes: Array<Scalars['String']['output']>;
  /** Every ELEMENT inside the entry, in document order. */
  elements: Array<Element>;
  name: Scalars['String']['output'];
  /** openEHR path from the composition root, e.g. `/content[openEHR-EHR-OBSERVATION.x.v1]`. */
  path: Scalars['String']['output'];
  rmType: EntryRmType;
};

/** openEHR entry reference-model types. */
export type EntryRmType =
  | 'ACTION'
  | 'ADMIN_ENTRY'
  | 'EVALUATION'
  | 'INSTRUCTION'
  | 'OBSERVATION';

/** A stored composition that identifies the patient: where, never what. */
export type IdentityFindings = {
  __typename?: 'IdentityFindings';
  ehrId: Scalars['UUID']['output'];
  /** Every offending JSON path, in document order. */
  jsonPaths: Array<Scalars['String']['output']>;
  /** What is wrong at each path (same order). */
  problems: Array<Scalars['String']['output']>;
  /** Version uid of the latest version. */
  uid: Scalars['String']['output'];
};

/** openEHR version lifecycle state. */
export type LifecycleState =
  | 'COMPLETE'
  | 'DELETED'
  | 'INCOMPLETE';

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Break the glass: an emergency access to one EHR outside the caller's care network, for treatment.
   * Only callers with a role of the policy's `emergencyAccess.roles` may; for `minutes` (default and
   * at most `emergencyAccess.maxMinutes`) they read that EHR, its compositions and entries as their
   * role reads those of their own network, every read audited with `emergency: <reason>`, and the
   * EHR's organisation's admins see the access in `emergencyAccesses`. A caller whose roles may not
   * break the glass gets NOT_FOUND whatever the arguments, worded as for an unknown EHR; otherwise a
   * reason shorter than `emergencyAccess.reasonMinLength` characters, or minutes out of bounds, is
   * BAD_USER_INPUT. The access ends at `expiresAt`, or earlier with the token it was opened with (it
   * is bound to the token's `jti`).
   */
  breakGlass: EmergencyAccess;
  /**
   * Commits a new composition (version 1) to an EHR. `composition` is an openEHR canonical JSON
   * COMPOSITION, as an object or as a JSON string. Any uid inside it is replaced by
   * `<new uuid>::<systemId>::1`. A bad document fails with BAD_USER_INPUT naming the JSON path of
   * the first problem; nothing is stored. With `format: FLAT` or `STRUCTURED` (docs/formats.md),
   * `composition` is that form of the composition and `templateId` names its template (required
   * then): it is converted to canonical JSON first, every unknown or invalid FLAT key listed in
   * `extensions.violations` (the key as `path`), and the canonical JSON is then validated,
   * authorised and stored exactly as a canonical commit of it would be.
   */
  commitComposition: Composition;
  /**
   * Creates an EHR. The subject id must be a UUID (the clinical store never holds SSNs, MRNs or
   * names); when absent the server generates one. One EHR per (subjectId, subjectNamespace):
   * a second create fails with CONFLICT.
   */
  createEhr: Ehr;
  /**
   * Logically deletes a composition: commits a new version whose lifecycle state is DELETED.
   * Earlier versions stay readable.
   */
  deleteComposition: Composition;
  /** Re-reads the policy files in every service (admins); also done on SIGHUP. */
  reloadPolicies: PolicyInfo;
  /**
   * Revokes a token by its `jti` (admins): every service refuses it from then on. The revocation is kept
   * until `expiresAt` (the token's expiry) and never for less than the longest lifetime a token may have
   * from now (`TOKEN_MAX_LIFETIME`, `TOKEN_SERVICE_CLIENTS`), so an early `expiresAt` cannot bring it back.
   */
  revokeToken: TokenRevocation;
  /**
   * Stores an AQL query under a qualified name (`[namespace::]name`) and semantic version (default:
   * the next patch version, or 1.0.0). The query is parsed and checked first; an existing name and
   * version is a CONFLICT.
   */
  storeQuery: StoredQuery;
  /**
   * Commits a new version of a composition, in any `format` as `commitComposition`. Fails with
   * VERSION_CONFLICT (carrying the latest uid) when `precedingVersionUid` is not the latest version.
   */
  updateComposition: Composition;
  /**
   * Uploads an openEHR ADL 1.4 operational template (OPT XML). The same content again is a no-op.
   * Different content under an existing template id is a CONFLICT unless `overwrite` is true (which
   * needs `update` on the template), and never allowed once compositions use the template.
   */
  uploadTemplate: Template;
};


export type MutationBreakGlassArgs = {
  ehrId: Scalars['UUID']['input'];
  minutes?: InputMaybe<Scalars['Int']['input']>;
  reason: Scalars['String']['input'];
};


export type MutationCommitCompositionArgs = {
  composition: Scalars['JSON']['input'];
  ehrId: Scalars['UUID']['input'];
  format?: InputMaybe<CompositionFormat>;
  templateId?: InputMaybe<Scalars['String']['input']>;
};


export type MutationCreateEhrArgs = {
  subjectId?: InputMaybe<Scalars['UUID']['input']>;
  subjectNamespace?: InputMaybe<Scalars['String']['input']>;
};


export type MutationDeleteCompositionArgs = {
  precedingVersionUid: Scalars['String']['input'];
};


export type MutationRevokeTokenArgs = {
  expiresAt?: InputMaybe<Scalars['DateTime']['input']>;
  jti: Scalars['String']['input'];
};


export type MutationStoreQueryArgs = {
  name: Scalars['String']['input'];
  query: Scalars['String']['input'];
  version?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUpdateCompositionArgs = {
  composition: Scalars['JSON']['input'];
  format?: InputMaybe<CompositionFormat>;
  precedingVersionUid: Scalars['String']['input'];
  templateId?: InputMaybe<Scalars['String']['input']>;
};


export type MutationUploadTemplateArgs = {
  opt: Scalars['String']['input'];
  overwrite?: InputMaybe<Scalars['Boolean']['input']>;
};

/** Any other data value type (DV_MULTIMEDIA, DV_URI, DV_INTERVAL, DV_PARSABLE, …): nothing is dropped. */
export type OtherDataValue = DataValue & {
  __typename?: 'OtherDataValue';
  canonical: Scalars['JSON']['output'];
  rmType: Scalars['String']['output'];
};

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PolicyInfo = {
  __typename?: 'PolicyInfo';
  loadedAt: Scalars['DateTime']['output'];
  /** Content hash of the policy in force. */
  version: Scalars['String']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * Runs an ad-hoc AQL query (needs `execute` on the stored query named `*`). Rows come only from
   * compositions and entries the caller may read; paths the caller's policy hides are refused.
   * `offset`/`fetch` page within the query's own LIMIT/OFFSET; at most 10,000 rows.
   */
  aql: ResultSet;
  /** Audit events of the clinical service, newest first (admins). `first` defaults to 20, at most 100. */
  auditEvents: AuditEventConnection;
  /**
   * Counts and numeric summaries of one element over the entries of one archetype, for research
   * dashboards (no AQL needed). Only entries and compositions the caller may read contribute: a
   * withheld entry adds no row, count, minimum or maximum. Callers who may read no entry at all get
   * FORBIDDEN. No EHR id or subject id is ever returned. For callers whose policy says so
   * (`research.suppressRoles`, researchers by default) small cells are suppressed: a group with
   * fewer than `minimumCellSize` distinct EHRs (policy `research.minimumCellSize`, default 5) has
   * `suppressed: true` and no numbers; when the suppressed groups together hold fewer than that many
   * EHRs (e.g. exactly one is suppressed), the next-smallest groups are suppressed too, so that
   * `total` minus the visible groups cannot reveal them; a `total` with fewer EHRs is suppressed.
   */
  cohort: CohortResult;
  /**
   * A composition by version uid. A full uid (`objectId::systemId::version`) gives that version;
   * an object id alone gives the latest version (which may be a logically deleted one).
   */
  composition?: Maybe<Composition>;
  /**
   * The versions of a composition, oldest first: at most `first` (default 20, at most 100) of those
   * after version `afterVersion` (default 0, from the first). Empty when the object id is unknown.
   */
  compositionVersions: Array<Composition>;
  /** The EHR with this id, or null when there is none. */
  ehr?: Maybe<Ehr>;
  /** The EHR of a subject (a UUID, never a real identifier). The namespace defaults to `default`. */
  ehrBySubject?: Maybe<Ehr>;
  /**
   * Recent emergency accesses (break the glass) to EHRs of the caller's organisation, newest first:
   * who, from which organisation, why, when, and how many records they read under it. For admins and
   * auditors (`read` on AuditEvent, whose `org` condition is the EHR's organisation here). Those that
   * started at or after `since` only; `first` defaults to 20, at most 100.
   */
  emergencyAccesses: EmergencyAccessConnection;
  /**
   * Runs a stored query. `version` may be partial (`1`, `1.2`) or absent: the latest matching
   * version runs. Needs `execute` on the query's name.
   */
  executeStoredQuery: ResultSet;
  /**
   * Stored compositions (latest versions) that identify the patient, which commits now refuse
   * (admins, `read` on Policy): each with the JSON paths and what is wrong there, never the values,
   * so that an operator can act. At most `first` (default 100, at most 1000), oldest first.
   */
  identityFindings: Array<IdentityFindings>;
  /** The policy in force in the clinical service (admins). */
  policy: PolicyInfo;
  /** Stored queries the caller may execute, optionally of one qualified name, by name and version. */
  storedQueries: Array<StoredQuery>;
  /** The template with this id, or null. */
  template?: Maybe<Template>;
  /** Uploaded operational templates the caller may read, by id. */
  templates: Array<Template>;
};


export type QueryAqlArgs = {
  fetch?: InputMaybe<Scalars['Int']['input']>;
  offset?: InputMaybe<Scalars['Int']['input']>;
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  query: Scalars['String']['input'];
};


export type QueryAuditEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditEventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryCohortArgs = {
  query: CohortQuery;
};


export type QueryCompositionArgs = {
  uid: Scalars['String']['input'];
};


export type QueryCompositionVersionsArgs = {
  afterVersion?: InputMaybe<Scalars['Int']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  objectId: Scalars['UUID']['input'];
};


export type QueryEhrArgs = {
  id: Scalars['UUID']['input'];
};


export type QueryEhrBySubjectArgs = {
  subjectId: Scalars['UUID']['input'];
  subjectNamespace?: InputMaybe<Scalars['String']['input']>;
};


export type QueryEmergencyAccessesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  since?: InputMaybe<Scalars['DateTime']['input']>;
};


export type QueryExecuteStoredQueryArgs = {
  fetch?: InputMaybe<Scalars['Int']['input']>;
  name: Scalars['String']['input'];
  offset?: InputMaybe<Scalars['Int']['input']>;
  parameters?: InputMaybe<Scalars['JSON']['input']>;
  version?: InputMaybe<Scalars['String']['input']>;
};


export type QueryIdentityFindingsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryStoredQueriesArgs = {
  name?: InputMaybe<Scalars['String']['input']>;
};


export type QueryTemplateArgs = {
  id: Scalars['String']['input'];
};

export type ResultColumn = {
  __typename?: 'ResultColumn';
  /** The alias, or `#<position>` without one. */
  name: Scalars['String']['output'];
  /** The selected expression as written. */
  path: Scalars['String']['output'];
};

export type ResultMeta = {
  __typename?: 'ResultMeta';
  executedQuery: Scalars['String']['output'];
  fetch?: Maybe<Scalars['Int']['output']>;
  /** Whether a LIMIT/TOP, fetch, or the 10,000-row cap bounded the rows. */
  limited: Scalars['Boolean']['output'];
  offset?: Maybe<Scalars['Int']['output']>;
  rowCount: Scalars['Int']['output'];
  /** The stored query (name::version) that ran, if any. */
  storedQuery?: Maybe<Scalars['String']['output']>;
};

/** The rows of an AQL query, columns in SELECT order. */
export type ResultSet = {
  __typename?: 'ResultSet';
  columns: Array<ResultColumn>;
  meta: ResultMeta;
  /** Each row holds one JSON value per column. */
  rows: Array<Array<Maybe<Scalars['JSON']['output']>>>;
};

export type StoredQuery = {
  __typename?: 'StoredQuery';
  name: Scalars['String']['output'];
  query: Scalars['String']['output'];
  savedAt: Scalars['DateTime']['output'];
  version: Scalars['String']['output'];
};

/** An operational template. Every commit of a composition of this template is validated against it. */
export type Template = {
  __typename?: 'Template';
  concept: Scalars['String']['output'];
  /** A minimal valid canonical COMPOSITION of this template. */
  example: Scalars['JSON']['output'];
  id: Scalars['String']['output'];
  /** The OPT XML as uploaded. */
  opt: Scalars['String']['output'];
  rootArchetypeId: Scalars['String']['output'];
  uploadedAt: Scalars['DateTime']['output'];
  /** The node tree with paths, RM types, occurrences, units and code lists, as form builders expect. */
  webTemplate: Scalars['JSON']['output'];
};

export type TokenRevocation = {
  __typename?: 'TokenRevocation';
  expiresAt: Scalars['DateTime']['output'];
  jti: Scalars['String']['output'];
  revokedAt: Scalars['DateTime']['output'];
};

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Ehr: Ehr;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Ehr:
    ( { __typename: 'Ehr' }
    & GraphQLRecursivePick<FederationTypes['Ehr'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  AuditEvent: ResolverTypeWrapper<AuditEvent>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AuditEventConnection: ResolverTypeWrapper<AuditEventConnection>;
  AuditEventEdge: ResolverTypeWrapper<AuditEventEdge>;
  AuditEventFilter: AuditEventFilter;
  ChangeType: ChangeType;
  CohortCell: ResolverTypeWrapper<CohortCell>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  CohortGroup: ResolverTypeWrapper<CohortGroup>;
  CohortGrouping: CohortGrouping;
  CohortQuery: CohortQuery;
  CohortResult: ResolverTypeWrapper<CohortResult>;
  CohortValueRange: CohortValueRange;
  Composition: ResolverTypeWrapper<CompositionView>;
  CompositionConnection: ResolverTypeWrapper<Omit<CompositionConnection, 'edges'> & { edges: Array<ResolversTypes['CompositionEdge']> }>;
  CompositionEdge: ResolverTypeWrapper<Omit<CompositionEdge, 'node'> & { node: ResolversTypes['Composition'] }>;
  CompositionFormat: CompositionFormat;
  DataValue: ResolverTypeWrapper<CanonicalObject>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DvBoolean: ResolverTypeWrapper<CanonicalObject>;
  DvCodedText: ResolverTypeWrapper<CanonicalObject>;
  DvCount: ResolverTypeWrapper<CanonicalObject>;
  DvDuration: ResolverTypeWrapper<CanonicalObject>;
  DvIdentifier: ResolverTypeWrapper<CanonicalObject>;
  DvOrdinal: ResolverTypeWrapper<CanonicalObject>;
  DvProportion: ResolverTypeWrapper<CanonicalObject>;
  DvQuantity: ResolverTypeWrapper<CanonicalObject>;
  DvTemporal: ResolverTypeWrapper<CanonicalObject>;
  DvText: ResolverTypeWrapper<CanonicalObject>;
  Ehr: ResolverTypeWrapper<EhrRow>;
  Element: ResolverTypeWrapper<ElementSummary>;
  EmergencyAccess: ResolverTypeWrapper<EmergencyAccess>;
  EmergencyAccessConnection: ResolverTypeWrapper<EmergencyAccessConnection>;
  EmergencyAccessEdge: ResolverTypeWrapper<EmergencyAccessEdge>;
  Entry: ResolverTypeWrapper<EntrySummary>;
  EntryRmType: EntryRmType;
  IdentityFindings: ResolverTypeWrapper<IdentityFindings>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  LifecycleState: LifecycleState;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  OtherDataValue: ResolverTypeWrapper<CanonicalObject>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PolicyInfo: ResolverTypeWrapper<PolicyInfo>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ResultColumn: ResolverTypeWrapper<ResultColumn>;
  ResultMeta: ResolverTypeWrapper<ResultMeta>;
  ResultSet: ResolverTypeWrapper<ResultSet>;
  StoredQuery: ResolverTypeWrapper<StoredQuery>;
  Template: ResolverTypeWrapper<TemplateRow>;
  TokenRevocation: ResolverTypeWrapper<TokenRevocation>;
  UUID: ResolverTypeWrapper<Scalars['UUID']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  AuditEvent: AuditEvent;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  AuditEventConnection: AuditEventConnection;
  AuditEventEdge: AuditEventEdge;
  AuditEventFilter: AuditEventFilter;
  CohortCell: CohortCell;
  Int: Scalars['Int']['output'];
  Float: Scalars['Float']['output'];
  CohortGroup: CohortGroup;
  CohortQuery: CohortQuery;
  CohortResult: CohortResult;
  CohortValueRange: CohortValueRange;
  Composition: CompositionView;
  CompositionConnection: Omit<CompositionConnection, 'edges'> & { edges: Array<ResolversParentTypes['CompositionEdge']> };
  CompositionEdge: Omit<CompositionEdge, 'node'> & { node: ResolversParentTypes['Composition'] };
  DataValue: CanonicalObject;
  DateTime: Scalars['DateTime']['output'];
  DvBoolean: CanonicalObject;
  DvCodedText: CanonicalObject;
  DvCount: CanonicalObject;
  DvDuration: CanonicalObject;
  DvIdentifier: CanonicalObject;
  DvOrdinal: CanonicalObject;
  DvProportion: CanonicalObject;
  DvQuantity: CanonicalObject;
  DvTemporal: CanonicalObject;
  DvText: CanonicalObject;
  Ehr: EhrRow;
  Element: ElementSummary;
  EmergencyAccess: EmergencyAccess;
  EmergencyAccessConnection: EmergencyAccessConnection;
  EmergencyAccessEdge: EmergencyAccessEdge;
  Entry: EntrySummary;
  IdentityFindings: IdentityFindings;
  JSON: Scalars['JSON']['output'];
  Mutation: Record<PropertyKey, never>;
  OtherDataValue: CanonicalObject;
  PageInfo: PageInfo;
  PolicyInfo: PolicyInfo;
  Query: Record<PropertyKey, never>;
  ResultColumn: ResultColumn;
  ResultMeta: ResultMeta;
  ResultSet: ResultSet;
  StoredQuery: StoredQuery;
  Template: TemplateRow;
  TokenRevocation: TokenRevocation;
  UUID: Scalars['UUID']['output'];
}>;

export type AuditEventResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['AuditEvent'] = ResolversParentTypes['AuditEvent']> = ResolversObject<{
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  allowed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  callerRequestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  emergencyAccessId?: Resolver<Maybe<ResolversTypes['UUID']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  org?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  purpose?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  requestId?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  sub?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  subjectIds?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  subjectType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type AuditEventConnectionResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['AuditEventConnection'] = ResolversParentTypes['AuditEventConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['AuditEventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type AuditEventEdgeResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['AuditEventEdge'] = ResolversParentTypes['AuditEventEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AuditEvent'], ParentType, ContextType>;
}>;

export type CohortCellResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['CohortCell'] = ResolversParentTypes['CohortCell']> = ResolversObject<{
  ehrCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  max?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  mean?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  median?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  min?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  p25?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  p75?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  p95?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  suppressed?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  valueCount?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
}>;

export type CohortGroupResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['CohortGroup'] = ResolversParentTypes['CohortGroup']> = ResolversObject<{
  cell?: Resolver<ResolversTypes['CohortCell'], ParentType, ContextType>;
  key?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type CohortResultResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['CohortResult'] = ResolversParentTypes['CohortResult']> = ResolversObject<{
  groups?: Resolver<Array<ResolversTypes['CohortGroup']>, ParentType, ContextType>;
  minimumCellSize?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  suppressionApplied?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  total?: Resolver<ResolversTypes['CohortCell'], ParentType, ContextType>;
}>;

export type CompositionResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Composition'] = ResolversParentTypes['Composition']> = ResolversObject<{
  archetypeNodeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  changeType?: Resolver<ResolversTypes['ChangeType'], ParentType, ContextType>;
  committedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  composer?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  ehr?: Resolver<ResolversTypes['Ehr'], ParentType, ContextType>;
  entries?: Resolver<Array<ResolversTypes['Entry']>, ParentType, ContextType>;
  flat?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  healthCareFacility?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  language?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lifecycleState?: Resolver<ResolversTypes['LifecycleState'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  objectId?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  precedingVersionUid?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  startTime?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  structured?: Resolver<Maybe<ResolversTypes['JSON']>, ParentType, ContextType>;
  templateId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  territory?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  withheldEntryCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
}>;

export type CompositionConnectionResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['CompositionConnection'] = ResolversParentTypes['CompositionConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['CompositionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type CompositionEdgeResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['CompositionEdge'] = ResolversParentTypes['CompositionEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Composition'], ParentType, ContextType>;
}>;

export type DataValueResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DataValue'] = ResolversParentTypes['DataValue']> = ResolversObject<{
  __resolveType: TypeResolveFn<'DvBoolean' | 'DvCodedText' | 'DvCount' | 'DvDuration' | 'DvIdentifier' | 'DvOrdinal' | 'DvProportion' | 'DvQuantity' | 'DvTemporal' | 'DvText' | 'OtherDataValue', ParentType, ContextType>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DvBooleanResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvBoolean'] = ResolversParentTypes['DvBoolean']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvCodedTextResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvCodedText'] = ResolversParentTypes['DvCodedText']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  terminology?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvCountResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvCount'] = ResolversParentTypes['DvCount']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  magnitude?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvDurationResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvDuration'] = ResolversParentTypes['DvDuration']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvIdentifierResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvIdentifier'] = ResolversParentTypes['DvIdentifier']> = ResolversObject<{
  assigner?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  issuer?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvOrdinalResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvOrdinal'] = ResolversParentTypes['DvOrdinal']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  symbol?: Resolver<ResolversTypes['DvCodedText'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvProportionResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvProportion'] = ResolversParentTypes['DvProportion']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  denominator?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  numerator?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  precision?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  type?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvQuantityResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvQuantity'] = ResolversParentTypes['DvQuantity']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  magnitude?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  precision?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  units?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvTemporalResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvTemporal'] = ResolversParentTypes['DvTemporal']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type DvTextResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['DvText'] = ResolversParentTypes['DvText']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type EhrResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Ehr'] = ResolversParentTypes['Ehr'], FederationReferenceType extends FederationReferenceTypes['Ehr'] = FederationReferenceTypes['Ehr']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Ehr']> | FederationReferenceType, FederationReferenceType, ContextType>;
  compositions?: Resolver<ResolversTypes['CompositionConnection'], ParentType, ContextType, RequireFields<EhrCompositionsArgs, 'first'>>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  subjectId?: Resolver<Maybe<ResolversTypes['UUID']>, ParentType, ContextType>;
  subjectNamespace?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ElementResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Element'] = ResolversParentTypes['Element']> = ResolversObject<{
  archetypeNodeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nullFlavour?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<Maybe<ResolversTypes['DataValue']>, ParentType, ContextType>;
}>;

export type EmergencyAccessResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['EmergencyAccess'] = ResolversParentTypes['EmergencyAccess']> = ResolversObject<{
  active?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  ehrId?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  org?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  readCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  startedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  sub?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type EmergencyAccessConnectionResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['EmergencyAccessConnection'] = ResolversParentTypes['EmergencyAccessConnection']> = ResolversObject<{
  edges?: Resolver<Array<ResolversTypes['EmergencyAccessEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
}>;

export type EmergencyAccessEdgeResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['EmergencyAccessEdge'] = ResolversParentTypes['EmergencyAccessEdge']> = ResolversObject<{
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['EmergencyAccess'], ParentType, ContextType>;
}>;

export type EntryResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Entry'] = ResolversParentTypes['Entry']> = ResolversObject<{
  archetypeNodeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  codes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  elements?: Resolver<Array<ResolversTypes['Element']>, ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['EntryRmType'], ParentType, ContextType>;
}>;

export type IdentityFindingsResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['IdentityFindings'] = ResolversParentTypes['IdentityFindings']> = ResolversObject<{
  ehrId?: Resolver<ResolversTypes['UUID'], ParentType, ContextType>;
  jsonPaths?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  problems?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  uid?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type MutationResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  breakGlass?: Resolver<ResolversTypes['EmergencyAccess'], ParentType, ContextType, RequireFields<MutationBreakGlassArgs, 'ehrId' | 'reason'>>;
  commitComposition?: Resolver<ResolversTypes['Composition'], ParentType, ContextType, RequireFields<MutationCommitCompositionArgs, 'composition' | 'ehrId' | 'format'>>;
  createEhr?: Resolver<ResolversTypes['Ehr'], ParentType, ContextType, Partial<MutationCreateEhrArgs>>;
  deleteComposition?: Resolver<ResolversTypes['Composition'], ParentType, ContextType, RequireFields<MutationDeleteCompositionArgs, 'precedingVersionUid'>>;
  reloadPolicies?: Resolver<ResolversTypes['PolicyInfo'], ParentType, ContextType>;
  revokeToken?: Resolver<ResolversTypes['TokenRevocation'], ParentType, ContextType, RequireFields<MutationRevokeTokenArgs, 'jti'>>;
  storeQuery?: Resolver<ResolversTypes['StoredQuery'], ParentType, ContextType, RequireFields<MutationStoreQueryArgs, 'name' | 'query'>>;
  updateComposition?: Resolver<ResolversTypes['Composition'], ParentType, ContextType, RequireFields<MutationUpdateCompositionArgs, 'composition' | 'format' | 'precedingVersionUid'>>;
  uploadTemplate?: Resolver<ResolversTypes['Template'], ParentType, ContextType, RequireFields<MutationUploadTemplateArgs, 'opt' | 'overwrite'>>;
}>;

export type OtherDataValueResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['OtherDataValue'] = ResolversParentTypes['OtherDataValue']> = ResolversObject<{
  canonical?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  rmType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  __isTypeOf?: IsTypeOfResolverFn<ParentType, ContextType>;
}>;

export type PageInfoResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = ResolversObject<{
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
}>;

export type PolicyInfoResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['PolicyInfo'] = ResolversParentTypes['PolicyInfo']> = ResolversObject<{
  loadedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type QueryResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = ResolversObject<{
  aql?: Resolver<ResolversTypes['ResultSet'], ParentType, ContextType, RequireFields<QueryAqlArgs, 'query'>>;
  auditEvents?: Resolver<ResolversTypes['AuditEventConnection'], ParentType, ContextType, RequireFields<QueryAuditEventsArgs, 'first'>>;
  cohort?: Resolver<ResolversTypes['CohortResult'], ParentType, ContextType, RequireFields<QueryCohortArgs, 'query'>>;
  composition?: Resolver<Maybe<ResolversTypes['Composition']>, ParentType, ContextType, RequireFields<QueryCompositionArgs, 'uid'>>;
  compositionVersions?: Resolver<Array<ResolversTypes['Composition']>, ParentType, ContextType, RequireFields<QueryCompositionVersionsArgs, 'afterVersion' | 'first' | 'objectId'>>;
  ehr?: Resolver<Maybe<ResolversTypes['Ehr']>, ParentType, ContextType, RequireFields<QueryEhrArgs, 'id'>>;
  ehrBySubject?: Resolver<Maybe<ResolversTypes['Ehr']>, ParentType, ContextType, RequireFields<QueryEhrBySubjectArgs, 'subjectId'>>;
  emergencyAccesses?: Resolver<ResolversTypes['EmergencyAccessConnection'], ParentType, ContextType, RequireFields<QueryEmergencyAccessesArgs, 'first'>>;
  executeStoredQuery?: Resolver<ResolversTypes['ResultSet'], ParentType, ContextType, RequireFields<QueryExecuteStoredQueryArgs, 'name'>>;
  identityFindings?: Resolver<Array<ResolversTypes['IdentityFindings']>, ParentType, ContextType, RequireFields<QueryIdentityFindingsArgs, 'first'>>;
  policy?: Resolver<ResolversTypes['PolicyInfo'], ParentType, ContextType>;
  storedQueries?: Resolver<Array<ResolversTypes['StoredQuery']>, ParentType, ContextType, Partial<QueryStoredQueriesArgs>>;
  template?: Resolver<Maybe<ResolversTypes['Template']>, ParentType, ContextType, RequireFields<QueryTemplateArgs, 'id'>>;
  templates?: Resolver<Array<ResolversTypes['Template']>, ParentType, ContextType>;
}>;

export type ResultColumnResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['ResultColumn'] = ResolversParentTypes['ResultColumn']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  path?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type ResultMetaResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['ResultMeta'] = ResolversParentTypes['ResultMeta']> = ResolversObject<{
  executedQuery?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  fetch?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  limited?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  offset?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  rowCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  storedQuery?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type ResultSetResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['ResultSet'] = ResolversParentTypes['ResultSet']> = ResolversObject<{
  columns?: Resolver<Array<ResolversTypes['ResultColumn']>, ParentType, ContextType>;
  meta?: Resolver<ResolversTypes['ResultMeta'], ParentType, ContextType>;
  rows?: Resolver<Array<Array<Maybe<ResolversTypes['JSON']>>>, ParentType, ContextType>;
}>;

export type StoredQueryResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['StoredQuery'] = ResolversParentTypes['StoredQuery']> = ResolversObject<{
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  query?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  savedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  version?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
}>;

export type TemplateResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['Template'] = ResolversParentTypes['Template']> = ResolversObject<{
  concept?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  example?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  opt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  rootArchetypeId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uploadedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  webTemplate?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
}>;

export type TokenRevocationResolvers<ContextType = ClinicalContext, ParentType extends ResolversParentTypes['TokenRevocation'] = ResolversParentTypes['TokenRevocation']> = ResolversObject<{
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  jti?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  revokedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
}>;

export interface UuidScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['UUID'], any> {
  name: 'UUID';
}

export type Resolvers<ContextType = ClinicalContext> = ResolversObject<{
  AuditEvent?: AuditEventResolvers<ContextType>;
  AuditEventConnection?: AuditEventConnectionResolvers<ContextType>;
  AuditEventEdge?: AuditEventEdgeResolvers<ContextType>;
  CohortCell?: CohortCellResolvers<ContextType>;
  CohortGroup?: CohortGroupResolvers<ContextType>;
  CohortResult?: CohortResultResolvers<ContextType>;
  Composition?: CompositionResolvers<ContextType>;
  CompositionConnection?: CompositionConnectionResolvers<ContextType>;
  CompositionEdge?: CompositionEdgeResolvers<ContextType>;
  DataValue?: DataValueResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DvBoolean?: DvBooleanResolvers<ContextType>;
  DvCodedText?: DvCodedTextResolvers<ContextType>;
  DvCount?: DvCountResolvers<ContextType>;
  DvDuration?: DvDurationResolvers<ContextType>;
  DvIdentifier?: DvIdentifierResolvers<ContextType>;
  DvOrdinal?: DvOrdinalResolvers<ContextType>;
  DvProportion?: DvProportionResolvers<ContextType>;
  DvQuantity?: DvQuantityResolvers<ContextType>;
  DvTemporal?: DvTemporalResolvers<ContextType>;
  DvText?: DvTextResolvers<ContextType>;
  Ehr?: EhrResolvers<ContextType>;
  Element?: ElementResolvers<ContextType>;
  EmergencyAccess?: EmergencyAccessResolvers<ContextType>;
  EmergencyAccessConnection?: EmergencyAccessConnectionResolvers<ContextType>;
  EmergencyAccessEdge?: EmergencyAccessEdgeResolvers<ContextType>;
  Entry?: EntryResolvers<ContextType>;
  IdentityFindings?: IdentityFindingsResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  OtherDataValue?: OtherDataValueResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PolicyInfo?: PolicyInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  ResultColumn?: ResultColumnResolvers<ContextType>;
  ResultMeta?: ResultMetaResolvers<ContextType>;
  ResultSet?: ResultSetResolvers<ContextType>;
  StoredQuery?: StoredQueryResolvers<ContextType>;
  Template?: TemplateResolvers<ContextType>;
  TokenRevocation?: TokenRevocationResolvers<ContextType>;
  UUID?: GraphQLScalarType;
}>;

