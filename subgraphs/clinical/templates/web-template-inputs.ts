// `inputs` of web template leaf nodes (the shape of EHRbase/Better web templates, version 2.3).
import { baseType } from './rm-types.ts';
import type { Languages } from './web-template-languages.ts';
import type { AttributeNode, ConstraintNode, NumericRange, PrimitiveConstraint } from './types.ts';

export interface WebTemplateRange {
  min?: number;
  minOp?: '>=' | '>';
  max?: number;
  maxOp?: '<=' | '<';
}
export interface WebTemplateListItem {
  value: string;
  label: string;
  localizedLabels?: Record<string, string>;
  localizedDescriptions?: Record<string, string>;
  ordinal?: number;
  validation?: WebTemplateValidation;
  /** careflow steps: the ISM current states they may go with */
  currentStates?: string[];
}
export interface WebTemplateValidation {
  range?: WebTemplateRange;
  precision?: WebTemplateRange;
  pattern?: string;
}
export interface WebTemplateInput {
  type: string;
  suffix?: string;
  list?: WebTemplateListItem[];
  listOpen?: boolean;
  terminology?: string;
  validation?: WebTemplateValidation;
  defaultValue?: string;
}

export function webRange(r: NumericRange): WebTemplateRange {
  const out: WebTemplateRange = {};
  if (r.min !== null) Object.assign(out, { min: r.min, minOp: r.minIncluded ? '>=' : '>' });
  if (r.max !== null) Object.assign(out, { max: r.max, maxOp: r.maxIncluded ? '<=' : '<' });
  return out;
}

const text = (suffix?: string): WebTemplateInput => (suffix === undefined ? { type: 'TEXT' } : { suffix, type: 'TEXT' });
const texts = (...suffixes: string[]): WebTemplateInput[] => suffixes.map((s) => text(s));

/** The constraint on `attr` of a complex node (first alternative), if any. */
export function childOf(node: ConstraintNode, attr: string): ConstraintNode | undefined {
  return node.kind === 'complex' ? node.attributes.find((a: AttributeNode) => a.name === attr)?.children[0] : undefined;
}

function primitiveOf(node: ConstraintNode, attr: string): PrimitiveConstraint | undefined {
  const c = childOf(node, attr);
  return c?.kind === 'primitive' ? c.item : undefined;
}

function withValidation(input: WebTemplateInput, validation: WebTemplateValidation): WebTemplateInput {
  return Object.keys(validation).length > 0 ? { ...input, validation } : input;
}

/** Inputs for a data value (or RM leaf) constraint; `lang` labels the code lists. */
export function inputsFor(node: ConstraintNode, lang: Languages): WebTemplateInput[] | undefined {
  if (node.kind === 'quantity') {
    const magnitude: WebTemplateInput = { suffix: 'magnitude', type: 'DECIMAL' };
    const unit: WebTemplateInput = { suffix: 'unit', type: 'CODED_TEXT' };
    if (node.units.length > 0) {
      unit.list = node.units.map((u) => {
        const item: WebTemplateListItem = { value: u.units, label: u.units };
        if (u.label !== undefined) item.localizedLabels = lang.texts(u.units, u.label);
        const validation: WebTemplateValidation = {};
        if (u.magnitude) validation.range = webRange(u.magnitude);
        if (u.precision) validation.precision = webRange(u.precision);
        if (Object.keys(validation).length > 0) item.validation = validation;
        return item;
      });
    }
    // As EHRbase: with one unit, the magnitude input carries that unit's range and precision.
    const single = unit.list?.length === 1 ? unit.list[0]?.validation : undefined;
    return [single ? { ...magnitude, validation: single } : magnitude, unit];
  }
  if (node.kind === 'ordinal') {
    const list = node.options.map((o): WebTemplateListItem => ({
      ...localized(o.code, o.label ?? o.code, o.description, lang),
      ordinal: o.value,
    }));
    return [list.length > 0 ? { type: 'CODED_TEXT', list } : { type: 'CODED_TEXT' }];
  }
  if (node.kind === 'primitive') return [stringInput(node.item)];
  if (node.kind === 'codePhrase') return codedInputs(node, lang);
  switch (baseType(node.rmType)) {
    case 'DV_TEXT': {
      const value = primitiveOf(node, 'value');
      return [value ? stringInput(value) : text()];
    }
    case 'DV_STATE':
      return texts('code', 'value');
    case 'DV_ORDINAL':
      return [{ type: 'CODED_TEXT' }];
    case 'DV_CODED_TEXT': {
      const code = childOf(node, 'defining_code');
      return code?.kind === 'codePhrase' ? codedInputs(code, lang) : texts('code', 'value');
    }
    case 'DV_COUNT': {
      const magnitude = primitiveOf(node, 'magnitude');
      const range = magnitude && 'range' in magnitude && magnitude.range ? { range: webRange(magnitude.range) } : {};
      return [withValidation({ type: 'INTEGER' }, range)];
    }
    case 'DV_DATE':
    case 'DV_DATE_TIME':
    case 'DV_TIME': {
      const value = primitiveOf(node, 'value');
      const type = { DV_DATE: 'DATE', DV_DATE_TIME: 'DATETIME', DV_TIME: 'TIME' }[baseType(node.rmType)] ?? 'TEXT';
      return [withValidation({ type }, value && 'pattern' in value && value.pattern ? { pattern: value.pattern } : {})];
    }
    case 'DV_DURATION': {
      const value = primitiveOf(node, 'value');
      const allowed = value?.type === 'DURATION' ? value.allowed : undefined;
      const bounds = value?.type === 'DURATION' ? durationBounds(value) : undefined;
      return DURATION_FIELDS.filter(([, d]) => allowed === undefined || allowed.includes(d)).map(([suffix, d]) => ({
        suffix,
        type: 'INTEGER',
        validation: { range: { min: 0, minOp: '>=', ...bounds?.(d) } },
      }));
    }
    case 'DV_QUANTITY': // not a C_DV_QUANTITY: any units
      return [
        { suffix: 'magnitude', type: 'DECIMAL' },
        { suffix: 'unit', type: 'TEXT' },
      ];
    case 'DV_BOOLEAN': {
      const value = primitiveOf(node, 'value');
      return [value ? stringInput(value) : { type: 'BOOLEAN' }];
    }
    case 'DV_PROPORTION':
      return proportionInputs(node);
    case 'DV_PARSABLE':
      return texts('value', 'formalism');
    case 'DV_IDENTIFIER':
      return texts('id', 'type', 'issuer', 'assigner');
    case 'DV_URI':
    case 'DV_EHR_URI':
    case 'DV_MULTIMEDIA':
    case 'STRING':
      return [text()];
    case 'PARTY_PROXY':
    case 'PARTY_SELF':
    case 'PARTY_IDENTIFIED':
      return texts('id', 'id_scheme', 'id_namespace', 'name');
    default:
      return undefined;
  }
}

const DURATION_FIELDS: Array<[string, string]> = [
  ['year', 'Y'],
  ['month', 'M'],
  ['day', 'D'],
  ['week', 'W'],
  ['hour', 'H'],
  ['minute', 'm'],
  ['second', 'S'],
];

function localized(value: string, label: string, description: string | undefined, lang: Languages): WebTemplateListItem {
  const item: WebTemplateListItem = { value, label, localizedLabels: lang.texts(value, label) };
  const descriptions = lang.descriptions(value, description);
  if (descriptions !== undefined) item.localizedDescriptions = descriptions;
  return item;
}

/** As EHRbase: each duration field gets the bounds' own value of that field (`PT24H..PT24H` → hour 24..24). */
function durationBounds(c: Extract<PrimitiveConstraint, { type: 'DURATION' }>): ((designator: string) => WebTemplateRange) | undefined {
  if (!c.rangeText || !c.range) return undefined;
  const [low, high] = c.rangeText.split('..').map(durationFields);
  const { minIncluded, maxIncluded } = c.range;
  return (d) => {
    const range: WebTemplateRange = {};
    const [min, max] = [low?.[d], high?.[d]];
    if (min !== undefined) Object.assign(range, { min, minOp: minIncluded ? '>=' : '>' });
    if (max !== undefined) Object.assign(range, { max, maxOp: maxIncluded ? '<=' : '<' });
    return range;
  };
}

/** `P1Y2M3DT4H5M6S` → { Y: 1, M: 2, D: 3, H: 4, m: 5, S: 6 } (`m`: minutes); integers only, as EHRbase. */
function durationFields(iso: string): Record<string, number> {
  const out: Record<string, number> = {};
  let time = false;
  for (const [, digits, designator] of iso.matchAll(/(\d*)([A-Z*])/g)) {
    if (designator === 'T') time = true;
    else if (designator !== 'P' && designator !== '*' && digits) out[time && designator === 'M' ? 'm' : (designator ?? '')] = Number(digits);
  }
  return out;
}

/** The denominator a single proportion kind fixes (EHRbase: unitary 1, percent 100). */
const FIXED_DENOMINATOR: Record<number, number> = { 1: 1, 2: 100 };

function proportionInputs(node: ConstraintNode): WebTemplateInput[] {
  const part = (suffix: 'numerator' | 'denominator'): WebTemplateInput => {
    const c = primitiveOf(node, suffix);
    const range = c && 'range' in c && c.range ? { range: webRange(c.range) } : {};
    return withValidation({ suffix, type: 'DECIMAL' }, range);
  };
  const kinds = primitiveOf(node, 'type');
  const only = kinds?.type === 'INTEGER' && kinds.list?.length === 1 ? FIXED_DENOMINATOR[kinds.list[0] ?? -1] : undefined;
  const denominator =
    only === undefined
      ? part('denominator')
      : { suffix: 'denominator', type: 'DECIMAL', validation: { range: { min: only, minOp: '>=' as const, max: only, maxOp: '<=' as const } } };
  return [part('numerator'), denominator];
}

function stringInput(c: PrimitiveConstraint): WebTemplateInput {
  if (c.type === 'BOOLEAN') {
    if (c.trueValid === c.falseValid) return { type: 'BOOLEAN' };
    const only = String(c.trueValid);
    return { type: 'BOOLEAN', list: [{ value: only, label: only }] };
  }
  if (c.type === 'INTEGER' || c.type === 'REAL') {
    const input: WebTemplateInput = { type: c.type === 'INTEGER' ? 'INTEGER' : 'DECIMAL' };
    return c.range ? { ...input, validation: { range: webRange(c.range) } } : input;
  }
  if (c.type !== 'STRING') return { type: 'TEXT' };
  const input: WebTemplateInput = { type: 'TEXT' };
  if (c.list) input.list = c.list.map((v) => ({ value: v, label: v }));
  if (c.list) input.listOpen = c.listOpen === true;
  return input;
}

function codedInputs(code: Extract<ConstraintNode, { kind: 'codePhrase' }>, lang: Languages): WebTemplateInput[] {
  const terminology = code.terminology ?? undefined;
  const t = terminology === undefined ? {} : { terminology };
  if (code.codes.length === 0)
    return [
      { suffix: 'code', type: 'TEXT', ...t },
      { suffix: 'value', type: 'TEXT', ...t },
    ];
  const list = code.codes.map((c) => localized(c, code.labels[c] ?? c, code.descriptions[c], lang));
  const input: WebTemplateInput = { suffix: 'code', type: 'CODED_TEXT', list, ...t };
  return [code.assumed === undefined ? input : { ...input, defaultValue: code.assumed }];
}

/** True for data value types: rendered as one web template leaf (with inputs) instead of a subtree. */
export function isLeafType(node: ConstraintNode): boolean {
  if (node.kind !== 'complex') return true;
  const t = baseType(node.rmType);
  return t.startsWith('DV_') && t !== 'DV_INTERVAL';
}
