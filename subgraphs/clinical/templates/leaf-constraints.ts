// Checks of leaf constraints against canonical JSON values. Each check appends violations to `out`.
import { isIsoDate, isIsoDateTime, isIsoTime } from '../canonical/index.ts';
import { durationDesignators, durationSeconds, matchesDateComponents } from './date-patterns.ts';
import type { CodePhraseNode, NumericRange, OrdinalNode, PrimitiveConstraint, PrimitiveNode, QuantityNode, TemplateViolation } from './types.ts';

type Obj = Record<string, unknown>;
type Out = TemplateViolation[];

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
/** JSON.stringify typed as it behaves: undefined for undefined (its declared type says string). */
export const jsonOf = (v: unknown): string | undefined => JSON.stringify(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : (jsonOf(v) ?? 'nothing'));

function push(out: Out, path: string, jsonPath: string, constraint: string, expected: string, actual: string): void {
  out.push({ path, constraint, expected, actual, jsonPath });
}

/** Regex sources compiled once per process, anchored (ADL patterns match the whole string). */
const REGEX_CACHE = new Map<string, RegExp | null>();
export function anchored(source: string): RegExp | null {
  let re = REGEX_CACHE.get(source);
  if (re === undefined) {
    try {
      re = new RegExp(`^(?:${source})$`);
    } catch {
      re = null;
    }
    REGEX_CACHE.set(source, re);
  }
  return re;
}

/** `[0, 1000)`, `(0, *]` … */
export function formatRange(r: NumericRange): string {
  const open = r.minIncluded || r.min === null ? '[' : '(';
  const close = r.maxIncluded || r.max === null ? ']' : ')';
  return `${open}${r.min ?? '*'}, ${r.max ?? '*'}${close}`;
}

export function inRange(r: NumericRange, n: number): boolean {
  if (r.min !== null && (r.minIncluded ? n < r.min : n <= r.min)) return false;
  if (r.max !== null && (r.maxIncluded ? n > r.max : n >= r.max)) return false;
  return true;
}

const ISO_NAMES = { DATE: 'date', TIME: 'time', DATE_TIME: 'date-time' } as const;
const oneOf = (values: readonly unknown[]): string => `one of ${values.map((v) => String(v)).join(', ')}`;

export function checkCodePhrase(node: CodePhraseNode, value: unknown, path: string, jp: string, out: Out): void {
  if (!isObj(value)) return push(out, path, jp, 'value_type', 'a CODE_PHRASE object', str(value));
  const terminology = isObj(value.terminology_id) ? value.terminology_id.value : undefined;
  if (node.terminology !== null && terminology !== node.terminology) {
    const at = `${path}/terminology_id`;
    return push(out, at, `${jp}.terminology_id`, 'terminology', node.terminology, str(terminology));
  }
  if (node.codes.length > 0 && !node.codes.includes(value.code_string as string)) {
    push(out, `${path}/code_string`, `${jp}.code_string`, 'code_list', oneOf(node.codes), str(value.code_string));
  }
}

export function checkQuantity(node: QuantityNode, value: unknown, path: string, jp: string, out: Out): void {
  if (!isObj(value) || node.units.length === 0) return;
  // An entry without units constrains the magnitude of any units.
  const unit = node.units.find((u) => u.units === value.units) ?? node.units.find((u) => u.units === '');
  if (!unit) {
    const expected = oneOf(node.units.map((u) => u.units));
    return push(out, `${path}/units`, `${jp}.units`, 'units', expected, str(value.units));
  }
  const magnitude = value.magnitude;
  const at = `${path}/magnitude`;
  const atJson = `${jp}.magnitude`;
  if (typeof magnitude !== 'number') return push(out, at, atJson, 'value_type', 'a number', str(magnitude));
  if (unit.magnitude && !inRange(unit.magnitude, magnitude)) {
    push(out, at, atJson, 'magnitude', `${formatRange(unit.magnitude)} ${unit.units}`, String(magnitude));
  }
  // precision -1 (or unbounded) = any number of decimal places
  const maxDecimals = unit.precision?.max ?? null;
  if (maxDecimals !== null && maxDecimals >= 0 && decimals(magnitude) > maxDecimals) {
    push(out, at, atJson, 'precision', `at most ${maxDecimals} decimal places`, String(magnitude));
  }
}

function decimals(n: number): number {
  const s = String(n);
  const e = s.indexOf('e-');
  if (e >= 0) return Number(s.slice(e + 2)) + decimals(Number(s.slice(0, e)));
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function checkOrdinal(node: OrdinalNode, value: unknown, path: string, jp: string, out: Out): void {
  if (!isObj(value) || node.options.length === 0) return;
  const symbol = isObj(value.symbol) ? value.symbol : {};
  const code = isObj(symbol.defining_code) ? symbol.defining_code : {};
  const terminology = isObj(code.terminology_id) ? code.terminology_id.value : undefined;
  const ok = node.options.some((o) => o.value === value.value && o.code === code.code_string && o.terminology === terminology);
  if (!ok) {
    const expected = oneOf(node.options.map((o) => `${o.value} [${o.terminology}::${o.code}]`));
    push(out, path, jp, 'ordinal', expected, `${str(value.value)} [${str(terminology)}::${str(code.code_string)}]`);
  }
}

export function checkPrimitive(node: PrimitiveNode, value: unknown, path: string, jp: string, out: Out, strictDates = false): void {
  const problem = primitiveProblem(node.item, value, strictDates);
  if (problem) push(out, path, jp, problem[0], problem[1], str(value));
}

/** [constraint, expected] when the value violates the primitive constraint. */
function primitiveProblem(c: PrimitiveConstraint, v: unknown, strictDates: boolean): [string, string] | null {
  switch (c.type) {
    case 'STRING': {
      if (typeof v !== 'string') return ['value_type', 'a string'];
      if (c.list && !c.listOpen && !c.list.includes(v)) return ['string', oneOf(c.list.map((s) => JSON.stringify(s)))];
      if (c.pattern === undefined || (c.regexValue === true && v === c.pattern)) return null;
      return anchored(c.pattern)?.test(v) === false ? ['string', `matching /${c.pattern}/`] : null;
    }
    case 'INTEGER':
    case 'REAL': {
      const ok = c.type === 'INTEGER' ? Number.isInteger(v) : typeof v === 'number' && Number.isFinite(v);
      if (!ok) return ['value_type', c.type === 'INTEGER' ? 'an integer' : 'a number'];
      const constraint = c.type === 'INTEGER' ? 'integer' : 'real';
      if (c.list && !c.list.includes(v as number)) return [constraint, oneOf(c.list)];
      if (c.range && !inRange(c.range, v as number)) return [constraint, `in ${formatRange(c.range)}`];
      return null;
    }
    case 'BOOLEAN':
      if (typeof v !== 'boolean') return ['value_type', 'a boolean'];
      if ((v && c.trueValid) || (!v && c.falseValid)) return null;
      return ['boolean', c.trueValid ? 'true' : c.falseValid ? 'false' : 'no value'];
    case 'DATE':
    case 'TIME':
    case 'DATE_TIME': {
      const valid = c.type === 'DATE' ? isIsoDate : c.type === 'TIME' ? isIsoTime : isIsoDateTime;
      if (typeof v !== 'string' || !valid(v)) return ['value_type', `an ISO 8601 ${ISO_NAMES[c.type]}`];
      if (c.components !== undefined && !matchesDateComponents(c.type, c.components, v, strictDates)) {
        return ['date_time_pattern', `matching ${c.pattern ?? ''}`];
      }
      return null;
    }
    case 'DURATION': {
      const used = typeof v === 'string' ? durationDesignators(v) : null;
      if (used === null) return ['value_type', 'an ISO 8601 duration'];
      const allowed = c.allowed;
      if (allowed !== undefined && [...used].some((d) => !allowed.includes(d))) {
        return ['duration', `matching ${c.pattern ?? ''}`];
      }
      const seconds = durationSeconds(v as string);
      if (!c.range || seconds === null || inRange(c.range, seconds)) return null;
      return ['duration', `in ${c.rangeText ?? formatRange(c.range)}`];
    }
  }
}
