import { printPath, printSelectExpr, type IdentifiedPath, type SelectItem } from './ast.ts';
import { EHR_WHOLE } from './columns.ts';
import { AqlError, pathRefused, type Position } from './errors.ts';
import { refusal, type PathResolver } from './paths.ts';
import type { Binding, Scope } from './scope.ts';
import { asJson, constantJson, resolveConstant, type Value } from './values.ts';

export interface Output {
  sql: string;
  /** `json` keeps the stored key order; DISTINCT and GROUP BY need jsonb. */
  type: 'json' | 'jsonb';
  aggregate: boolean;
  /** For aggregates: the function and its argument as jsonb SQL (null for `*` or a whole variable). */
  fn?: { name: string; argument: string | null };
  name: string;
  path: string;
  alias: string | null;
}

/** Sort keys of a value: numbers (magnitudes), then instants, then text. */
export function orderKeys(value: Value, descending: boolean): string[] {
  const dir = descending ? 'DESC' : 'ASC';
  if (value.type !== 'json') return [`${value.sql} ${dir} NULLS LAST`];
  return ['aql_number', 'aql_instant_key', 'aql_text'].map((fn) => `${fn}(${value.sql}) ${dir} NULLS LAST`);
}

/** Entries of the variable's composition the caller may not read, as one array (NULL: none). */
function withheld(scope: Scope, composition: Binding): string {
  const w = scope.alias('w');
  const x = scope.alias('x');
  const c = composition.alias;
  const readable = `(${scope.access.entry(x, scope.params)})`;
  scope.joins.push(`LEFT JOIN LATERAL (SELECT array_agg(${x}.data) AS entries FROM entries AS ${x}
    WHERE ${x}.object_id = ${c}.object_id AND ${x}.version = ${c}.version AND NOT COALESCE(${readable}, false)) AS ${w} ON true`);
  return `${w}.entries`;
}

function wholeObject(scope: Scope, b: Binding, at: Position): Pick<Output, 'sql' | 'type'> {
  const a = b.alias;
  switch (b.kind) {
    case 'ehr':
      return { sql: EHR_WHOLE(a), type: 'jsonb' };
    case 'composition': {
      const w = withheld(scope, b);
      const redacted = `jsonb_set(${a}.canonical::jsonb, '{content}', aql_without_entries(${a}.canonical::jsonb -> 'content', ${w}))`;
      return { sql: `CASE WHEN ${w} IS NULL THEN ${a}.canonical ELSE ${redacted}::json END`, type: 'json' };
    }
    case 'version':
      throw new AqlError(at, 'select paths of a VERSION, not the whole version', b.name ?? 'VERSION');
    case 'section': {
      const w = withheld(scope, b.composition as Binding);
      return {
        sql: `CASE WHEN ${w} IS NULL THEN ${b.node} ELSE jsonb_set(${b.node}, '{items}', aql_without_entries(${b.node} -> 'items', ${w})) END`,
        type: 'jsonb',
      };
    }
    default:
      return { sql: b.node as string, type: 'jsonb' };
  }
}

function pathOutput(path: IdentifiedPath, scope: Scope, resolver: PathResolver): Pick<Output, 'sql' | 'type'> {
  const binding = resolver.binding(path);
  if (path.steps.length === 0) {
    // The whole object is asked for as the empty path.
    const reason = refusal(scope, binding, '');
    if (reason !== null) throw pathRefused(path.pos, reason, path.variable);
    return wholeObject(scope, binding, path.pos);
  }
  // what a selected object holds that the caller may not see is removed from the rows (privacy/identity.ts)
  return { sql: asJson(resolver.value(path)), type: 'jsonb' };
}

function aggregate(name: string, distinct: boolean, arg: IdentifiedPath | null, resolver: PathResolver): string {
  if (arg === null) return 'to_jsonb(count(*))';
  if (arg.steps.length === 0) {
    if (name !== 'COUNT' || distinct) throw new AqlError(arg.pos, `${name} needs a path to a value`, printPath(arg));
    return `to_jsonb(count(*) FILTER (WHERE ${resolver.binding(arg).present}))`;
  }
  const value = resolver.value(arg);
  const x = asJson(value);
  const present = `NULLIF(${x}, 'null'::jsonb)`;
  switch (name) {
    case 'COUNT':
      return `to_jsonb(count(${distinct ? 'DISTINCT ' : ''}${present}))`;
    case 'SUM':
      return `to_jsonb(sum(aql_number(${x})))`;
    case 'AVG':
      return `to_jsonb(avg(aql_number(${x}))::float8)`;
    default:
      // MIN/MAX keep the original JSON value, ordered like ORDER BY (magnitude, instant, text).
      return `(array_agg(${x} ORDER BY ${orderKeys(value, name === 'MAX').join(', ')}) FILTER (WHERE ${present} IS NOT NULL))[1]`;
  }
}

export function compileSelect(items: SelectItem[], scope: Scope, resolver: PathResolver): Output[] {
  return items.map((item, i) => {
    const common = { name: item.alias ?? `#${i}`, path: printSelectExpr(item.expr), alias: item.alias };
    const expr = item.expr;
    if (expr.kind === 'path') return { ...common, ...pathOutput(expr, scope, resolver), aggregate: false };
    if (expr.kind === 'function') {
      const arg = expr.star ? null : (expr.args[0] as IdentifiedPath);
      const name = expr.name.toUpperCase();
      const sql = aggregate(name, expr.distinct, arg, resolver);
      const argument = arg && arg.steps.length > 0 ? asJson(resolver.value(arg)) : null;
      return { ...common, sql, type: 'jsonb', aggregate: true, fn: { name, argument } };
    }
    return { ...common, sql: constantJson(resolveConstant(expr, scope.parameters), scope.params), type: 'jsonb', aggregate: false };
  });
}
