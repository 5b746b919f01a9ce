// Paths answered by table columns: indexable, and the only EHR and VERSION data the store has.
import type { Binding } from './scope.ts';
import type { Value } from './values.ts';

type Column = (alias: string) => Value;
const json = (sql: string): Value => ({ sql, type: 'json' });
const object = (type: string, value: string) => `jsonb_build_object('_type', '${type}', 'value', ${value})`;

const EHR: Record<string, Column> = {
  'ehr_id/value': (a) => ({ sql: `${a}.id`, type: 'uuid' }),
  ehr_id: (a) => json(object('HIER_OBJECT_ID', `${a}.id`)),
  'time_created/value': (a) => ({ sql: `${a}.created_at`, type: 'timestamptz' }),
  time_created: (a) => json(object('DV_DATE_TIME', `${a}.created_at`)),
  'ehr_status/subject/external_ref/id/value': (a) => ({ sql: `${a}.subject_id`, type: 'uuid' }),
  'ehr_status/subject/external_ref/namespace': (a) => ({ sql: `${a}.subject_namespace`, type: 'text' }),
  'ehr_status/subject/external_ref/id': (a) => json(object('GENERIC_ID', `${a}.subject_id`)),
  'ehr_status/subject/external_ref': (a) => json(partyRef(a)),
  'ehr_status/subject': (a) => json(`jsonb_build_object('_type', 'PARTY_SELF', 'external_ref', ${partyRef(a)})`),
};

function partyRef(a: string): string {
  return `jsonb_build_object('_type', 'PARTY_REF', 'id', ${object('GENERIC_ID', `${a}.subject_id`)}, 'namespace', ${a}.subject_namespace, 'type', 'PERSON')`;
}

const COMPOSITION: Record<string, Column> = {
  'uid/value': (a) => ({ sql: `${a}.uid`, type: 'text' }),
  uid: (a) => json(object('OBJECT_VERSION_ID', `${a}.uid`)),
  'name/value': (a) => ({ sql: `${a}.name`, type: 'text' }),
  archetype_node_id: (a) => ({ sql: `${a}.archetype_node_id`, type: 'text' }),
  'archetype_details/template_id/value': (a) => ({ sql: `${a}.template_id`, type: 'text' }),
  'language/code_string': (a) => ({ sql: `${a}.language`, type: 'text' }),
  'territory/code_string': (a) => ({ sql: `${a}.territory`, type: 'text' }),
};

const VERSION: Record<string, Column> = {
  'uid/value': (a) => ({ sql: `${a}.uid`, type: 'text' }),
  uid: (a) => json(object('OBJECT_VERSION_ID', `${a}.uid`)),
  'contribution/id/value': (a) => ({ sql: `${a}.contribution_id`, type: 'uuid' }),
  'commit_audit/time_committed/value': (a) => ({ sql: `${a}.committed_at`, type: 'timestamptz' }),
  'commit_audit/time_committed': (a) => json(object('DV_DATE_TIME', `${a}.committed_at`)),
  'commit_audit/change_type/value': (a) => ({ sql: `lower(${a}.change_type)`, type: 'text' }),
};

const ENTRY: Record<string, Column> = {
  'name/value': (a) => ({ sql: `${a}.name`, type: 'text' }),
  archetype_node_id: (a) => ({ sql: `${a}.archetype_node_id`, type: 'text' }),
};

/** Paths answered by a column (indexable, no JSON work), or null. `path` has no predicates. */
export function columnFor(binding: Binding, path: string): Value | null {
  const tables: Partial<Record<Binding['kind'], Record<string, Column>>> = { ehr: EHR, version: VERSION, composition: COMPOSITION, entry: ENTRY };
  const table = tables[binding.kind] ?? {};
  return table[path]?.(binding.alias) ?? null;
}

/** A whole EHR: only the mapped attributes, since the clinical store keeps no other EHR data. */
export const EHR_WHOLE = (a: string) =>
  `jsonb_build_object('_type', 'EHR', 'ehr_id', ${object('HIER_OBJECT_ID', `${a}.id`)}, 'time_created', ${object('DV_DATE_TIME', `${a}.created_at`)},
    'ehr_status', jsonb_build_object('_type', 'EHR_STATUS', 'subject', ${EHR['ehr_status/subject']?.(a).sql}))`;
