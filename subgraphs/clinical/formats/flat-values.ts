// Data values ↔ the FLAT attributes of one leaf key (EHRbase simSDT): `|magnitude`, `|unit`, `|code`, `|value`,
// `|terminology`, `|ordinal`, `|numerator` … and the bare key for the value itself (text, date-time, count …).
import { openehrCode } from '../canonical/index.ts';
import { isObj, lookup, type Obj } from './flat-paths.ts';

type Kind = 'string' | 'number' | 'boolean';
/** One FLAT attribute: its suffix, the canonical field path it maps to, and the JSON kind of its value. */
type Field = [suffix: string, path: string, kind: Kind];

const code = (prefix: string): Field[] => [
  ['code', `${prefix}code_string`, 'string'],
  ['terminology', `${prefix}terminology_id.value`, 'string'],
];
const CODED: Field[] = [
  ['code', 'defining_code.code_string', 'string'],
  ['value', 'value', 'string'],
  ['terminology', 'defining_code.terminology_id.value', 'string'],
];

const PARTY: Field[] = [
  ['name', 'name', 'string'],
  ['id', 'external_ref.id.value', 'string'],
  ['id_scheme', 'external_ref.id.scheme', 'string'],
  ['id_namespace', 'external_ref.namespace', 'string'],
];

const FIELDS: Record<string, Field[]> = {
  DV_TEXT: [['', 'value', 'string']],
  DV_CODED_TEXT: CODED,
  DV_QUANTITY: [
    ['magnitude', 'magnitude', 'number'],
    ['unit', 'units', 'string'],
    ['precision', 'precision', 'number'],
  ],
  DV_COUNT: [['', 'magnitude', 'number']],
  DV_BOOLEAN: [['', 'value', 'boolean']],
  DV_DATE_TIME: [['', 'value', 'string']],
  DV_DATE: [['', 'value', 'string']],
  DV_TIME: [['', 'value', 'string']],
  DV_DURATION: [['', 'value', 'string']],
  DV_URI: [['', 'value', 'string']],
  DV_EHR_URI: [['', 'value', 'string']],
  DV_ORDINAL: [
    ['ordinal', 'value', 'number'],
    ['code', 'symbol.defining_code.code_string', 'string'],
    ['value', 'symbol.value', 'string'],
    ['terminology', 'symbol.defining_code.terminology_id.value', 'string'],
  ],
  DV_SCALE: [
    ['ordinal', 'value', 'number'],
    ['code', 'symbol.defining_code.code_string', 'string'],
    ['value', 'symbol.value', 'string'],
    ['terminology', 'symbol.defining_code.terminology_id.value', 'string'],
  ],
  DV_PROPORTION: [
    ['numerator', 'numerator', 'number'],
    ['denominator', 'denominator', 'number'],
    ['type', 'type', 'number'],
    ['precision', 'precision', 'number'],
  ],
  DV_IDENTIFIER: [
    ['', 'id', 'string'],
    ['issuer', 'issuer', 'string'],
    ['assigner', 'assigner', 'string'],
    ['type', 'type', 'string'],
  ],
  DV_MULTIMEDIA: [
    ['', 'uri.value', 'string'],
    ['mediatype', 'media_type.code_string', 'string'],
    ['size', 'size', 'number'],
    ['alternatetext', 'alternate_text', 'string'],
  ],
  DV_PARSABLE: [
    ['', 'value', 'string'],
    ['formalism', 'formalism', 'string'],
  ],
  CODE_PHRASE: code(''),
  STRING: [['', '', 'string']],
  BOOLEAN: [['', '', 'boolean']],
  OBJECT_VERSION_ID: [['', 'value', 'string']],
  LINK: [
    ['meaning', 'meaning.value', 'string'],
    ['type', 'type.value', 'string'],
    ['target', 'target.value', 'string'],
  ],
  PARTICIPATION: [
    ['function', 'function.value', 'string'],
    ['mode', 'mode.value', 'string'],
    ['name', 'performer.name', 'string'],
    ['id', 'performer.external_ref.id.value', 'string'],
    ['id_scheme', 'performer.external_ref.id.scheme', 'string'],
    ['id_namespace', 'performer.external_ref.namespace', 'string'],
  ],
  PARTY_PROXY: PARTY,
  PARTY_IDENTIFIED: PARTY,
};

/** Types implied by a field path (the parts FLAT leaves out), filled in when decoding. */
const IMPLIED: Record<string, Obj> = {
  defining_code: { _type: 'CODE_PHRASE' },
  terminology_id: { _type: 'TERMINOLOGY_ID' },
  symbol: { _type: 'DV_CODED_TEXT' },
  uri: { _type: 'DV_URI' },
  meaning: { _type: 'DV_TEXT' },
  function: { _type: 'DV_TEXT' },
  mode: { _type: 'DV_CODED_TEXT' },
  performer: { _type: 'PARTY_IDENTIFIED' },
  type: { _type: 'DV_TEXT' },
  target: { _type: 'DV_EHR_URI' },
  media_type: { _type: 'CODE_PHRASE', terminology_id: { _type: 'TERMINOLOGY_ID', value: 'IANA_media-types' } },
};

/** An ordinal's symbol terminology: EHRbase leaves out `|terminology` when it is `local`. */
const ORDINAL_TERMINOLOGY = 'symbol.defining_code.terminology_id.value';

const PRIMITIVES: Record<string, Kind> = { STRING: 'string', BOOLEAN: 'boolean' };

function get(o: unknown, path: string): unknown {
  if (path === '') return o;
  let v = o;
  for (const p of path.split('.')) v = isObj(v) ? v[p] : undefined;
  return v;
}

function set(o: Obj, path: string, value: unknown): void {
  const parts = path.split('.');
  let at = o;
  for (const p of parts.slice(0, -1)) {
    if (!isObj(at[p])) at[p] = structuredClone(lookup(IMPLIED, p) ?? {});
    at = at[p] as Obj;
  }
  at[parts[parts.length - 1] as string] = value;
}

/** The FLAT attributes of a canonical value of `rmType` (suffix → value); PARTY_SELF has none. */
export function encodeValue(rmType: string, value: unknown): Array<[string, unknown]> {
  const fields = lookup(FIELDS, rmType) ?? [];
  if (isObj(value) && value._type === 'PARTY_SELF') return [];
  const out: Array<[string, unknown]> = [];
  const localOrdinal = (rmType === 'DV_ORDINAL' || rmType === 'DV_SCALE') && get(value, ORDINAL_TERMINOLOGY) === 'local';
  const magnitude = rmType === 'DV_PROPORTION' && isObj(value) ? proportionMagnitude(value) : undefined;
  if (magnitude !== undefined) out.push(['', magnitude]);
  for (const [suffix, path] of fields) {
    const v = get(value, path);
    if (v !== undefined && !(localOrdinal && path === ORDINAL_TERMINOLOGY)) out.push([suffix, v]);
  }
  return out;
}

interface Violation {
  key: string;
  kind: 'unknown path' | 'invalid value';
  detail: string;
}

export type Decoded = { value: unknown } | { violations: Violation[] };

/** A canonical value of `rmType` from its FLAT attributes; each unknown suffix or ill-typed value is a violation. */
export function decodeValue(rmType: string, concrete: string, values: Map<string, { key: string; value: unknown }>): Decoded {
  const fields = lookup(FIELDS, rmType);
  const violations: Violation[] = [];
  if (!fields) return { violations: [...values.values()].map(({ key }) => ({ key, kind: 'unknown path', detail: `no FLAT form for ${rmType}` })) };
  const primitive = lookup(PRIMITIVES, rmType);
  if (primitive !== undefined) {
    const bare = values.get('');
    if (bare !== undefined && typeof bare.value === primitive && values.size === 1) return { value: bare.value };
  }
  const out: Obj = { _type: concrete };
  for (const [suffix, { key, value }] of values) {
    if (rmType === 'DV_PROPORTION' && suffix === '') {
      if (typeof value !== 'number') violations.push({ key, kind: 'invalid value', detail: `expected a number, got ${JSON.stringify(value)}` });
      continue; // the magnitude is computed from numerator and denominator
    }
    const field = fields.find(([s]) => s === suffix);
    if (!field) violations.push({ key, kind: 'unknown path', detail: `${rmType} has no |${suffix}` });
    else if (typeof value !== field[2]) violations.push({ key, kind: 'invalid value', detail: `expected a ${field[2]}, got ${JSON.stringify(value)}` });
    else if (suffix === 'mode' && rmType === 'PARTICIPATION') setMode(out, key, value as string, violations);
    else set(out, field[1], value);
  }
  if (violations.length > 0) return { violations };
  return { value: completeValue(rmType, out) };
}

/** A participation's mode is given by its openehr rubric (`face-to-face communication`). */
function setMode(o: Obj, key: string, rubric: string, violations: Violation[]): void {
  const code = openehrCode('participation mode', rubric);
  if (code === undefined) violations.push({ key, kind: 'invalid value', detail: `not an openehr participation mode: ${JSON.stringify(rubric)}` });
  else
    o.mode = {
      _type: 'DV_CODED_TEXT',
      value: rubric,
      defining_code: { _type: 'CODE_PHRASE', terminology_id: { _type: 'TERMINOLOGY_ID', value: 'openehr' }, code_string: code },
    };
}

/** A party's external_ref with its RM types (the id's type follows from whether it has a scheme). */
function completeParty(o: Obj, type: string): void {
  if (!isObj(o.external_ref)) return;
  const ref: Obj = { _type: 'PARTY_REF', ...o.external_ref, type };
  if (isObj(ref.id)) ref.id = { _type: ref.id.scheme === undefined ? 'HIER_OBJECT_ID' : 'GENERIC_ID', ...ref.id };
  o.external_ref = ref;
}

/** RM parts FLAT never spells out: PARTY_PROXY subtypes, the external_ref's types, an ordinal's local terminology. */
function completeValue(rmType: string, o: Obj): Obj {
  if (rmType === 'PARTY_PROXY') {
    o._type = o.name === undefined && o.external_ref === undefined ? 'PARTY_SELF' : 'PARTY_IDENTIFIED';
    completeParty(o, 'PERSON');
  }
  if (rmType === 'PARTY_IDENTIFIED') completeParty(o, 'ORGANISATION');
  if (rmType === 'PARTICIPATION' && isObj(o.performer)) completeParty(o.performer, 'PERSON');
  if (rmType === 'DV_PROPORTION' && o.type === undefined) o.type = 0;
  if ((rmType === 'DV_ORDINAL' || rmType === 'DV_SCALE') && get(o, ORDINAL_TERMINOLOGY) === undefined) set(o, ORDINAL_TERMINOLOGY, 'local');
  return o;
}

/** DV_PROPORTION's magnitude (numerator / denominator), which FLAT shows as the bare key. */
function proportionMagnitude(o: Obj): unknown {
  const { numerator, denominator } = o;
  return typeof numerator === 'number' && typeof denominator === 'number' && denominator !== 0 ? numerator / denominator : undefined;
}
