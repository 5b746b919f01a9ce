import type { Action, SubjectAttributes, SubjectType } from './types.ts';

/**
 * The policy vocabulary: actions, subjects, the attributes conditions may use and the field names
 * rules may list. `schema/policy.schema.json` states the same lists for policy editors (a test
 * keeps the two equal); only attribute names from here ever reach SQL.
 */
export const ACTIONS = ['read', 'create', 'update', 'delete', 'execute', 'link', 'manage'] as const satisfies readonly Action[];

export const SUBJECTS = [
  'Ehr',
  'Composition',
  'Entry',
  'Patient',
  'StoredQuery',
  'Template',
  'AuditEvent',
  'Token',
  'Policy',
] as const satisfies readonly SubjectType[];

type AttributeLists = { [S in SubjectType]: readonly (keyof SubjectAttributes[S] & string)[] };

/** Attributes conditions may use, per subject (the allow-list of types.ts `SubjectAttributes`). */
export const ATTRIBUTES: AttributeLists = {
  Ehr: ['id', 'org', 'subjectNamespace'],
  Composition: ['ehrId', 'ehrOrg', 'org', 'templateId', 'archetypeNodeId', 'lifecycleState'],
  Entry: ['ehrId', 'ehrOrg', 'templateId', 'rmType', 'archetypeNodeId', 'codes'],
  Patient: ['id', 'org'],
  StoredQuery: ['name'],
  Template: ['templateId'],
  AuditEvent: ['org'],
  Token: [],
  Policy: [],
};

/** Attributes holding arrays: a condition matches when any element matches. */
export const ARRAY_ATTRIBUTES: { [S in SubjectType]?: readonly string[] } = { Entry: ['codes'] };

export const isArrayAttribute = (subject: SubjectType, attribute: string): boolean => ARRAY_ATTRIBUTES[subject]?.includes(attribute) ?? false;

/** Field names a rule's `fields` may list, per subject (what services check with `can(…, field)`). */
export const FIELDS: { [S in SubjectType]: readonly string[] } = {
  Ehr: ['id', 'subjectId', 'subjectNamespace', 'createdAt', 'org', 'compositions', 'patient'],
  Composition: [
    'uid',
    'objectId',
    'version',
    'precedingVersionUid',
    'ehr',
    'ehrId',
    'ehrOrg',
    'org',
    'templateId',
    'archetypeNodeId',
    'name',
    'language',
    'territory',
    'category',
    'startTime',
    'committedAt',
    'changeType',
    'lifecycleState',
    'composer',
    'healthCareFacility',
    'participants',
    'entries',
    'withheldEntryCount',
    'canonical',
  ],
  Entry: ['path', 'rmType', 'archetypeNodeId', 'name', 'codes', 'elements', 'canonical', 'templateId', 'ehrId', 'ehrOrg'],
  Patient: ['id', 'org', 'name', 'birthDate', 'sex', 'identifiers', 'ehr', 'createdAt', 'updatedAt'],
  StoredQuery: ['name', 'query', 'description'],
  Template: ['templateId', 'name', 'definition'],
  AuditEvent: ['id', 'at', 'requestId', 'callerRequestId', 'sub', 'org', 'roles', 'action', 'subjectType', 'subjectIds', 'allowed', 'reason'],
  Token: ['jti', 'revokedAt', 'expiresAt'],
  Policy: ['version', 'loadedAt', 'document'],
};

/** Condition operators a policy may use (`$regex` is produced only internally, from scope patterns). */
export const POLICY_OPERATORS = ['$eq', '$ne', '$in', '$nin', '$exists'] as const;

/** Variables whose value is one string (or null). */
export const SCALAR_VARIABLES = ['principal.org', 'principal.sub', 'principal.ehrId'] as const;
/** Variables whose value is a list; `codeLists.<name>` and `templateLists.<name>` name a list of the policy. */
export const LIST_VARIABLE_PATTERN = /^\$\{(principal\.network|organisations\.researchAllowed|(codeLists|templateLists)\.([A-Za-z][A-Za-z0-9_-]*))\}$/;
export const SCALAR_VARIABLE_PATTERN = /^\$\{(principal\.(org|sub|ehrId))\}$/;

/**
 * Purposes a policy may declare: HL7 v3 PurposeOfUse codes (ActReason), each of one kind. The kind
 * decides what the purpose may ever grant: `research` never grants `link`, `Patient` or an
 * identifying field; only `treatment` reaches a patient from an EHR.
 */
export const PURPOSE_KINDS = {
  TREAT: 'treatment',
  ETREAT: 'treatment',
  HRESCH: 'research',
  CLINTRCH: 'research',
  HOPERAT: 'operations',
  HSYSADMIN: 'operations',
} as const;

export type PurposeCode = keyof typeof PURPOSE_KINDS;
export const PURPOSES = Object.keys(PURPOSE_KINDS) as PurposeCode[];
