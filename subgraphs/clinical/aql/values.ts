// Typed comparisons of JSON values (DV_ORDERED semantics) through the aql_* SQL functions of migration 003.
import type { CompareOp, Literal, ParameterRef } from './ast.ts';
import { isIsoDateTime } from '../canonical/index.ts';
import { AqlError, type Position } from './errors.ts';
import { SQL_OPERATORS, type AqlParams } from './sql.ts';

/** An SQL expression: JSON (jsonb) from the canonical documents, or a typed column. */
export interface Value {
  sql: string;
  type: 'json' | 'text' | 'uuid' | 'timestamptz';
}

export type Constant = { kind: 'string'; value: string } | { kind: 'number'; value: number } | { kind: 'boolean'; value: boolean };

export function resolveConstant(operand: Literal | ParameterRef, parameters: Record<string, unknown>): Constant {
  if (operand.kind !== 'parameter') {
    if (operand.kind === 'null') throw new AqlError(operand.pos, 'unsupported literal (use EXISTS)', 'NULL');
    return operand;
  }
  const value = parameterValue(operand, parameters);
  if (Array.isArray(value)) throw new AqlError(operand.pos, 'a list parameter is only allowed in MATCHES', `$${operand.name}`);
  return value;
}

/** A parameter's value: a string, finite number or boolean, or (for MATCHES) a list of them. */
export function parameterValue(ref: ParameterRef, parameters: Record<string, unknown>): Constant | Constant[] {
  if (!Object.prototype.hasOwnProperty.call(parameters, ref.name)) throw new AqlError(ref.pos, 'missing parameter', `$${ref.name}`);
  const value = parameters[ref.name];
  const one = (v: unknown): Constant => {
    if (typeof v === 'string') return { kind: 'string', value: v };
    if (typeof v === 'number' && Number.isFinite(v)) return { kind: 'number', value: v };
    if (typeof v === 'boolean') return { kind: 'boolean', value: v };
    throw new AqlError(ref.pos, 'parameter must be a string, a finite number or a boolean', `$${ref.name}`);
  };
  return Array.isArray(value) ? value.map(one) : one(value);
}

const TIME = /^\d{2}:\d{2}(:\d{2}([.,]\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/;

/**
 * ISO 8601 strings compare as instants (any date or date-time the canonical module accepts, partial ones
 * included) or times of day, as the AQL spec asks.
 */
export function temporalKind(value: string): 'instant' | 'time' | null {
  if (isIsoDateTime(value)) return 'instant';
  return TIME.test(value) ? 'time' : null;
}

/** The exact sort key of an instant (migration 009): seconds since 1970 as numeric, any fractional digits. */
const instantKey = (v: Value): string => (v.type === 'timestamptz' ? `extract(epoch FROM ${v.sql})` : `aql_instant_key(${asJson(v)})`);

export const asJson = (v: Value): string => (v.type === 'json' ? v.sql : `to_jsonb(${v.sql})`);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function constantSql(c: Constant, params: AqlParams): string {
  if (c.kind === 'number') return params.add(c.value, '::numeric');
  if (c.kind === 'boolean') return params.add(c.value, '::boolean');
  return params.add(c.value, '::text');
}

/** `value op constant` with DV_ORDERED semantics: numbers by magnitude, ISO strings by instant, else text. */
export function compareToConstant(value: Value, op: CompareOp, c: Constant, params: AqlParams): string {
  const sqlOp = SQL_OPERATORS[op];
  if (c.kind === 'string') {
    const temporal = temporalKind(c.value);
    if (value.type === 'uuid' && !temporal) {
      if (op === '=' || op === '!=')
        return UUID.test(c.value) ? `${value.sql} ${sqlOp} ${params.add(c.value.toLowerCase(), '::uuid')}` : op === '=' ? 'FALSE' : 'TRUE';
      return `${value.sql}::text ${sqlOp} ${params.add(c.value, '::text')}`;
    }
    if (value.type === 'text' && !temporal) return `${value.sql} ${sqlOp} ${params.add(c.value, '::text')}`;
    const constant = () => `to_jsonb(${params.add(c.value, '::text')})`;
    if (value.type === 'timestamptz' && temporal === 'instant') return `${instantKey(value)} ${sqlOp} aql_instant_key(${constant()})`;
    const json = asJson(value);
    const text = `aql_text(${json}) ${sqlOp} ${params.add(c.value, '::text')}`;
    if (!temporal) return text;
    const fn = temporal === 'instant' ? 'aql_instant_key' : 'aql_time';
    return `COALESCE(${fn}(${json}) ${sqlOp} ${fn}(${constant()}), ${text})`;
  }
  const fn = c.kind === 'number' ? 'aql_number' : 'aql_boolean';
  return `${fn}(${asJson(value)}) ${sqlOp} ${constantSql(c, params)}`;
}

/** Two paths: the first reading both sides share (number, instant, boolean, text) decides. */
export function compareValues(left: Value, op: CompareOp, right: Value): string {
  const sqlOp = SQL_OPERATORS[op];
  if (left.type === right.type && left.type !== 'json') return `${left.sql} ${sqlOp} ${right.sql}`;
  const [a, b] = [asJson(left), asJson(right)];
  const keys = ['aql_number', 'aql_instant_key', 'aql_boolean', 'aql_text'].map((fn) => `${fn}(${a}) ${sqlOp} ${fn}(${b})`);
  return `COALESCE(${keys.join(', ')})`;
}

export function compareConstants(left: Constant, op: CompareOp, right: Constant): string {
  if (left.kind !== right.kind) return 'FALSE';
  const [a, b] = [left.value, right.value];
  const result = { '=': a === b, '!=': a !== b, '>': a > b, '>=': a >= b, '<': a < b, '<=': a <= b }[op];
  return result ? 'TRUE' : 'FALSE';
}

export const FLIPPED: Record<CompareOp, CompareOp> = { '=': '=', '!=': '!=', '>': '<', '>=': '<=', '<': '>', '<=': '>=' };

/** AQL LIKE: `*` any run, `?` one character, backslash escapes; `%` and `_` are literal. */
export function likePattern(raw: string, at: Position): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 1) {
    const ch = raw[i] as string;
    if (ch === '\\') {
      const next = raw[i + 1];
      if (next === undefined) throw new AqlError(at, 'LIKE pattern ends with an escape', raw);
      out += /[%_\\]/.test(next) ? `\\${next}` : next;
      i += 1;
    } else if (ch === '*') out += '%';
    else if (ch === '?') out += '_';
    else if (ch === '%' || ch === '_') out += `\\${ch}`;
    else out += ch;
  }
  return out;
}

/** SQL for a constant as a JSON value (select of a literal). */
export function constantJson(c: Constant, params: AqlParams): string {
  return `to_jsonb(${constantSql(c, params)})`;
}

export function jsonTextSql(value: Value): string {
  if (value.type === 'text') return value.sql;
  if (value.type === 'json') return `aql_text(${value.sql})`;
  return `${value.sql}::text`;
}
