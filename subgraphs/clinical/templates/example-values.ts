// Example values: the lowest/first valid value of each leaf constraint, and RM defaults for mandatory attributes.
import { durationSeconds } from './date-patterns.ts';
import { anchored } from './leaf-constraints.ts';
import { concreteType, typeParameter } from './rm-types.ts';
import type { CodePhraseNode, NumericRange, OrdinalNode, PrimitiveConstraint, QuantityNode } from './types.ts';

type Obj = Record<string, unknown>;

export const EXAMPLE_DATE_TIME = '2026-01-01T00:00:00Z';

export const codePhrase = (terminology: string, code: string): Obj => ({
  _type: 'CODE_PHRASE',
  terminology_id: { _type: 'TERMINOLOGY_ID', value: terminology },
  code_string: code,
});
export const text = (value: string): Obj => ({ _type: 'DV_TEXT', value });
export const coded = (value: string, terminology: string, code: string): Obj => ({
  _type: 'DV_CODED_TEXT',
  value,
  defining_code: codePhrase(terminology, code),
});

/** The lowest value in a range (integers when `integral`), 0 when unbounded below and allowed. */
export function lowest(r: NumericRange | undefined, integral: boolean): number {
  if (!r) return 0;
  if (r.min === null) return r.max === null || r.max > 0 || (r.max === 0 && r.maxIncluded) ? 0 : r.max - 1;
  if (r.minIncluded) return r.min;
  const step = integral ? 1 : Math.min(1, r.max === null ? 1 : (r.max - r.min) / 2);
  return integral ? Math.floor(r.min) + 1 : r.min + step;
}

export function codeValue(node: CodePhraseNode): Obj {
  const terminology = node.terminology ?? 'local';
  return codePhrase(terminology, node.codes[0] ?? (terminology === 'local' ? 'at0000' : 'example'));
}

/** A CODE_PHRASE constraint's first code with its label (for the DV_CODED_TEXT around it). */
export function codeLabel(node: CodePhraseNode): string {
  const code = node.codes[0];
  return code === undefined ? 'example' : (node.labels[code] ?? code);
}

export function quantityValue(node: QuantityNode): Obj {
  const unit = node.units[0];
  if (!unit) return { _type: 'DV_QUANTITY', magnitude: 0, units: '1' };
  const integral = unit.precision?.max === 0;
  return { _type: 'DV_QUANTITY', magnitude: lowest(unit.magnitude, integral), units: unit.units };
}

export function ordinalValue(node: OrdinalNode): Obj {
  const o = node.options[0] ?? { value: 1, terminology: 'local', code: 'at0000', label: 'example' };
  return { _type: 'DV_ORDINAL', value: o.value, symbol: coded(o.label ?? o.code, o.terminology, o.code) };
}

const DATE_PARTS = ['2026', '-01', '-01', 'T00', ':00', ':00'];

export function primitiveValue(c: PrimitiveConstraint): unknown {
  switch (c.type) {
    case 'STRING':
      return c.list?.[0] ?? (c.pattern === undefined ? 'example' : sampleFor(c.pattern));
    case 'INTEGER':
      return c.list?.[0] ?? lowest(c.range, true);
    case 'REAL':
      return c.list?.[0] ?? lowest(c.range, false);
    case 'BOOLEAN':
      return c.trueValid;
    case 'DATE':
    case 'TIME':
    case 'DATE_TIME': {
      const all = c.type === 'DATE' ? 'rrr' : c.type === 'TIME' ? 'rrr' : 'rrrrrr';
      const states = c.components ?? all;
      const parts = c.type === 'TIME' ? DATE_PARTS.slice(3) : DATE_PARTS;
      let value = '';
      for (let i = 0; i < states.length && states[i] !== 'x'; i++) value += parts[i] ?? '';
      if (c.type === 'TIME') value = value.slice(1);
      return c.type === 'DATE_TIME' && value.includes('T') ? `${value}Z` : value;
    }
    case 'DURATION':
      return durationValue(c);
  }
}

/** The smallest whole number of the largest-to-smallest allowed designators that the range allows (nominal seconds). */
function durationValue(c: Extract<PrimitiveConstraint, { type: 'DURATION' }>): string {
  const designators = c.allowed || 'YMWDHmS';
  const min = c.range?.min ?? null;
  if (min !== null && c.range?.minIncluded && c.rangeText && designators === 'YMWDHmS') return c.rangeText.split('..')[0] ?? 'PT0S';
  const write = (n: number, d: string) => ('HmS'.includes(d) ? `PT${n}${d.toUpperCase()}` : `P${n}${d}`);
  const fits = (seconds: number) => {
    const r = c.range;
    if (!r) return true;
    const aboveMin = r.min === null || (r.minIncluded ? seconds >= r.min : seconds > r.min);
    const belowMax = r.max === null || (r.maxIncluded ? seconds <= r.max : seconds < r.max);
    return aboveMin && belowMax;
  };
  for (const d of [...designators].reverse()) {
    const unit = durationSeconds(write(1, d)) ?? 1;
    const n = min === null ? 0 : Math.max(0, Math.floor(min / unit));
    for (const candidate of [n, n + 1]) if (fits(candidate * unit)) return write(candidate, d);
  }
  return write(0, designators.slice(-1));
}

/** A string matching an ADL regex: the literal itself when the pattern has no operators, else a guess. */
function sampleFor(pattern: string): string {
  if (/^(?:[^\\^$.|?*+()[\]{}]|\\[^A-Za-z0-9])*$/.test(pattern)) return pattern.replace(/\\(.)/g, '$1');
  const re = anchored(pattern);
  return ['example', 'a', 'A', '0', 'x'].find((s) => re?.test(s) === true) ?? 'example';
}

/** A DV_PROPORTION's denominator and numerator as its proportion kind requires (RM invariants): percent 100, unitary 1, fractions integral. */
export function fitProportion(o: Obj): void {
  if (o.type === 1) o.denominator = 1;
  if (o.type === 2) o.denominator = 100;
  if ((o.type === 3 || o.type === 4) && typeof o.numerator === 'number') o.numerator = Math.ceil(o.numerator);
  if (o.denominator === 0) o.denominator = 1;
}

/** Defaults for data values, and for RM attributes every instance of a type must carry. */
export function rmDefaults(rmType: string, lang: string): Obj {
  const type = concreteType(rmType);
  const entry = {
    language: codePhrase('ISO_639-1', lang),
    encoding: codePhrase('IANA_character-sets', 'UTF-8'),
    subject: { _type: 'PARTY_SELF' },
  };
  const at = (t: string): Obj => ({ _type: t, value: EXAMPLE_DATE_TIME });
  const completed = (): Obj => ({ _type: 'ISM_TRANSITION', current_state: coded('completed', 'openehr', '532') });
  const uri = (): Obj => ({ _type: 'DV_URI', value: 'https://example.org/' });
  const mean = (): Obj => coded('mean', 'openehr', '146');
  switch (type) {
    case 'COMPOSITION':
      return { category: coded('event', 'openehr', '433') };
    case 'EVENT_CONTEXT':
      return { start_time: at('DV_DATE_TIME'), setting: coded('other care', 'openehr', '238') };
    case 'OBSERVATION':
    case 'EVALUATION':
    case 'ADMIN_ENTRY':
      return entry;
    case 'INSTRUCTION':
      return { ...entry, narrative: text('example') };
    case 'ACTION':
      return { ...entry, time: at('DV_DATE_TIME'), ism_transition: completed() };
    case 'ACTIVITY':
      return { timing: { _type: 'DV_PARSABLE', value: 'R1', formalism: 'timing' }, action_archetype_id: '.*' };
    case 'HISTORY':
      return { origin: at('DV_DATE_TIME') };
    case 'POINT_EVENT':
      return { time: at('DV_DATE_TIME') };
    case 'INTERVAL_EVENT':
      return { time: at('DV_DATE_TIME'), width: { _type: 'DV_DURATION', value: 'PT0S' }, math_function: mean() };
    case 'ELEMENT':
      return { value: text('example') };
    case 'ISM_TRANSITION':
      return { current_state: completed().current_state };
    case 'DV_TEXT':
      return { value: 'example' };
    case 'DV_CODED_TEXT':
      return { value: 'example', defining_code: codePhrase('local', 'at0000') };
    case 'DV_QUANTITY':
      return { magnitude: 0, units: '1' };
    case 'DV_COUNT':
      return { magnitude: 0 };
    case 'DV_PROPORTION':
      return { numerator: 1, denominator: 1, type: 0 };
    case 'DV_ORDINAL':
      return { value: 1, symbol: coded('example', 'local', 'at0000') };
    case 'DV_SCALE':
      return { value: 1, symbol: coded('example', 'local', 'at0000') };
    case 'DV_BOOLEAN':
      return { value: true };
    case 'DV_DATE':
      return { value: '2026-01-01' };
    case 'DV_TIME':
      return { value: '00:00:00' };
    case 'DV_DATE_TIME':
      return { value: EXAMPLE_DATE_TIME };
    case 'DV_DURATION':
      return { value: 'PT0S' };
    case 'DV_IDENTIFIER':
      return { id: 'example' };
    case 'DV_URI':
      return { value: 'https://example.org/' };
    case 'DV_EHR_URI':
      return { value: 'ehr://example/' };
    case 'DV_PARSABLE':
      return { value: 'example', formalism: 'text/plain' };
    case 'DV_MULTIMEDIA':
      return { media_type: codePhrase('IANA_media-types', 'text/plain'), uri: uri(), size: 0 };
    case 'DV_INTERVAL': {
      const bound = typeParameter(rmType) ?? 'DV_COUNT';
      const value = (): Obj => ({ _type: bound, ...rmDefaults(bound, lang) });
      return {
        lower: value(),
        upper: value(),
        lower_included: true,
        upper_included: true,
        lower_unbounded: false,
        upper_unbounded: false,
      };
    }
    default:
      return {};
  }
}
