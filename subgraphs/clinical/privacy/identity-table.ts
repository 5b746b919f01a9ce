/**
 * The one table of RM attributes that carry a person (the patient or a member of staff) or stand
 * in for a record (an EHR id, a time of creation, a composition uid), and the policy field each
 * falls under. The GraphQL field checks, the canonical JSON redactor, the AQL path refusal and the
 * cohort path check are all derived from it (see ./identity.ts); the commit rule (./commit-rule.ts)
 * reads the party attributes below.
 */

export const IDENTITY_CATEGORIES = ['subject', 'composer', 'participants', 'healthCareFacility', 'recordIds'] as const;
export type IdentityCategory = (typeof IDENTITY_CATEGORIES)[number];

/**
 * The policy field a category falls under: it is hidden from a caller who may not read that field
 * (researchers, by default, for all of them). Record stand-ins fall under the EHR's id: each of
 * them is as good as the id for linking rows to one record.
 */
export const CATEGORY_FIELDS: Record<IdentityCategory, { subject: 'Ehr' | 'Composition'; field: string; what: string }> = {
  subject: { subject: 'Ehr', field: 'subjectId', what: 'the subject of a record is hidden from you' },
  composer: { subject: 'Composition', field: 'composer', what: 'who recorded a composition is hidden from you' },
  participants: { subject: 'Composition', field: 'participants', what: 'the people taking part in care are hidden from you' },
  healthCareFacility: { subject: 'Composition', field: 'healthCareFacility', what: 'where care was given is hidden from you' },
  recordIds: { subject: 'Ehr', field: 'id', what: 'record ids and times that stand in for an EHR are hidden from you' },
};

/** The fields of CATEGORY_FIELDS: what a research purpose of the policy may never grant (checked when the policy loads). */
export const IDENTIFYING_FIELDS = Object.values(CATEGORY_FIELDS).map(({ subject, field }) => ({ subject, field }));

/** An attribute is identifying (its category) or leads to an RM type with identifying attributes of its own. */
export type TableAttribute = IdentityCategory | { type: string };

/** What every LOCATABLE has: its uid, links to other records (EHR URIs) and the audit of the feed it came from. */
const LOCATABLE: Record<string, TableAttribute> = { uid: 'recordIds', links: 'recordIds', feeder_audit: { type: 'FEEDER_AUDIT' } };

const ENTRY: Record<string, TableAttribute> = {
  ...LOCATABLE,
  subject: 'subject',
  provider: 'participants',
  other_participations: 'participants',
  workflow_id: 'recordIds',
};

/** Per RM type: its attributes that carry a person or stand in for a record, or lead to such. */
export const IDENTITY_TABLE: Record<string, Record<string, TableAttribute>> = {
  EHR: { ehr_id: 'recordIds', time_created: 'recordIds', ehr_status: { type: 'EHR_STATUS' } },
  EHR_STATUS: { ...LOCATABLE, subject: 'subject' },
  VERSION: { uid: 'recordIds', preceding_version_uid: 'recordIds', contribution: 'recordIds', commit_audit: { type: 'AUDIT_DETAILS' } },
  AUDIT_DETAILS: { committer: 'composer', time_committed: 'recordIds' },
  COMPOSITION: { ...LOCATABLE, composer: 'composer', context: { type: 'EVENT_CONTEXT' } },
  EVENT_CONTEXT: { health_care_facility: 'healthCareFacility', participations: 'participants' },
  SECTION: LOCATABLE,
  ENTRY,
  CARE_ENTRY: ENTRY,
  OBSERVATION: ENTRY,
  EVALUATION: ENTRY,
  INSTRUCTION: ENTRY,
  // instruction_details points at the instruction's composition by its uid
  ACTION: { ...ENTRY, instruction_details: 'recordIds' },
  ADMIN_ENTRY: ENTRY,
  CLUSTER: LOCATABLE,
  ELEMENT: LOCATABLE,
  FEEDER_AUDIT: {
    originating_system_audit: { type: 'FEEDER_AUDIT_DETAILS' },
    feeder_system_audit: { type: 'FEEDER_AUDIT_DETAILS' },
    originating_system_item_ids: 'recordIds',
    feeder_system_item_ids: 'recordIds',
    // the message a feed was made from (e.g. HL7 v2 with its PID segment) names the patient
    original_content: 'subject',
  },
  FEEDER_AUDIT_DETAILS: { subject: 'subject', provider: 'participants', location: 'healthCareFacility', version_id: 'recordIds', time: 'recordIds' },
};

/**
 * Below an archetyped node the RM type of an object is not known from the path (HISTORY, EVENT,
 * ITEM_TREE, ACTIVITY…): those are LOCATABLEs, and the attribute names that carry people are
 * unique to the RM, so they are looked for everywhere.
 */
export const ANY_TYPE: Record<string, TableAttribute> = {
  ...ENTRY,
  composer: 'composer',
  health_care_facility: 'healthCareFacility',
  participations: 'participants',
};

/** PARTY_PROXY kinds: the attributes that name or identify the party. */
export const PARTY_IDENTITY: Record<string, readonly string[]> = {
  PARTY_SELF: ['external_ref'],
  PARTY_IDENTIFIED: ['name', 'identifiers', 'external_ref'],
  PARTY_RELATED: ['name', 'identifiers', 'external_ref'],
};

/** DV_IDENTIFIER: the attributes that say what kind of identifier `id` is. */
export const IDENTIFIER_KIND_ATTRIBUTES = ['issuer', 'assigner', 'type'] as const;

/**
 * Default markers of a person identifier (matched as whole words, case-insensitively, in a
 * DV_IDENTIFIER's issuer, assigner or type); policy `identity.identifierMarkers` adds to them.
 */
export const DEFAULT_IDENTIFIER_MARKERS: readonly string[] = [
  'MRN',
  'medical record number',
  'patient id',
  'patient identifier',
  'SSN',
  'social security',
  'national id',
  'national identifier',
  'national identity',
  'NHS',
  'NHS number',
  'BSN',
  'AHV',
  'passport',
  'driver license',
  'driving licence',
  'insurance number',
  'insurance id',
  'health insurance',
  'KVNR',
  'personal number',
  'personnummer',
  'tax id',
];

/**
 * GraphQL fields that show a table category, per type: a caller whose policy hides the category
 * gets FORBIDDEN on the field (besides the field's own policy rules).
 */
export const GRAPHQL_FIELDS: { Ehr: Record<string, IdentityCategory>; Composition: Record<string, IdentityCategory> } = {
  Ehr: { id: 'recordIds', createdAt: 'recordIds', subjectId: 'subject' },
  Composition: {
    uid: 'recordIds',
    objectId: 'recordIds',
    precedingVersionUid: 'recordIds',
    committedAt: 'recordIds',
    composer: 'composer',
    healthCareFacility: 'healthCareFacility',
  },
};
