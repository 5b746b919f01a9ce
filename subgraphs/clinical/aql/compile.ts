import { printPath, type AqlQuery, type IdentifiedPath, type OrderItem, type WhereExpr } from './ast.ts';
import { AqlError } from './errors.ts';
import { contributorOutput, mergedContributors, type StatementShape } from './contributors.ts';
import { disclosureOutputs, requireAggregates } from './disclosure-columns.ts';
import { buildFrom } from './from.ts';
import { PathResolver } from './paths.ts';
import type { Scope } from './scope.ts';
import { compileSelect, orderKeys, type Output } from './select.ts';
import { AqlParams } from './sql.ts';
import type { CompiledAql, CompileOptions } from './types.ts';
import { compileWhere, entryPrefilters } from './where.ts';

function wherePaths(expr: WhereExpr): IdentifiedPath[] {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.items.flatMap(wherePaths);
    case 'not':
      return wherePaths(expr.expr);
    case 'exists':
      return [expr.path];
    case 'compare':
      return [expr.left, expr.right].filter((o): o is IdentifiedPath => o.kind === 'path');
    default:
      return expr.left.kind === 'path' ? [expr.left] : [];
  }
}

const isAliasRef = (item: OrderItem, outputs: { alias: string | null }[]) =>
  item.path.steps.length === 0 && item.path.variablePredicate === null && outputs.some((o) => o.alias === item.path.variable);

function selectPaths(query: AqlQuery): IdentifiedPath[] {
  return query.select.items.flatMap(({ expr }) => {
    if (expr.kind === 'path') return [expr];
    if (expr.kind === 'function') return expr.args.filter((a): a is IdentifiedPath => a.kind === 'path');
    return [];
  });
}

function nonNegativeInteger(name: string, value: number | undefined, min = 0): number | undefined {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < min)) throw new RangeError(`${name} must be an integer >= ${min}`);
  return value;
}

/** Query LIMIT/OFFSET (or TOP), then the API's offset/fetch inside that window, then the maxRows cap. */
function paging(query: AqlQuery, options: CompileOptions): { limit: number; offset: number; limited: boolean } {
  const apiOffset = nonNegativeInteger('offset', options.offset) ?? 0;
  const fetch = nonNegativeInteger('fetch', options.fetch);
  const maxRows = nonNegativeInteger('maxRows', options.maxRows, 1) as number;
  const queryLimit = query.limit?.count ?? query.select.top?.count ?? null;
  const bounds = [queryLimit === null ? Infinity : Math.max(queryLimit - apiOffset, 0), fetch ?? Infinity];
  const limit = Math.min(...bounds, maxRows);
  return { limit, offset: (query.limit?.offset ?? 0) + apiOffset, limited: queryLimit !== null || maxRows <= Math.min(...bounds) };
}

/** One SQL statement for the query, with the caller's rules inside it. */
export function compileAql(query: AqlQuery, options: CompileOptions): CompiledAql {
  const params = new AqlParams();
  let counter = 0;
  const scope: Scope = {
    params,
    access: options.access,
    parameters: options.parameters,
    bindings: new Map(),
    joins: [],
    where: [],
    alias: (prefix) => `${prefix}${(counter += 1)}`,
  };
  if (query.from.kind !== 'class') throw new AqlError(query.from.pos, 'unsupported at the top of FROM', query.from.kind.toUpperCase());
  const { sql: from, ehr } = buildFrom(query.from, scope);
  const resolver = new PathResolver(scope);
  const aliases = query.select.items.map((item) => ({ alias: item.alias }));
  const orderPaths = query.orderBy.filter((item) => !isAliasRef(item, aliases)).map((item) => item.path);
  for (const path of [...selectPaths(query), ...(query.where ? wherePaths(query.where) : []), ...orderPaths]) {
    if (path.steps.length > 0) resolver.register(path);
  }
  resolver.materialize();
  const selected = compileSelect(query.select.items, scope, resolver);
  if (options.aggregatesOnly) requireAggregates(query, selected);
  const disclosed = options.disclosure && selected.every((o) => o.aggregate) ? disclosureOutputs(selected, ehr) : null;
  const shown = [...selected, ...(disclosed?.hidden ?? [])];
  if (query.where) scope.where.push(...entryPrefilters(query.where, scope, resolver), compileWhere(query.where, scope, resolver));
  const grouped = shown.some((o) => o.aggregate);
  const shape: StatementShape = { grouped, groupBy: grouped && shown.some((o) => !o.aggregate), distinct: query.select.distinct };
  const contributors = options.contributors ? contributorOutput(options.contributors, ehr, shape, disclosed?.layout ?? null, shown.length) : null;
  const outputs = contributors?.output ? [...shown, contributors.output] : shown;
  const order = query.orderBy.flatMap((item) => orderBy(item, shown, grouped || shape.distinct, resolver));
  const { limit, offset, limited } = paging(query, options);
  const sql = statement({ outputs, shown: shown.length, shape, from, scope, order, limit, offset });
  const columnsOut = selected.map(({ name, path }) => ({ name, path }));
  return {
    sql,
    params: params.finish(),
    columns: columnsOut,
    limited,
    disclosure: disclosed?.layout ?? null,
    contributors: contributors?.layout ?? null,
    width: outputs.length,
    joins: scope.joins.length,
  };
}

interface StatementParts {
  outputs: Output[];
  /** Outputs before the contributor column (every output when there is none). */
  shown: number;
  shape: StatementShape;
  from: string;
  scope: Scope;
  order: string[];
  limit: number;
  offset: number;
}

function statement({ outputs, shown, shape, from, scope, order, limit, offset }: StatementParts): string {
  const columns = (wrap: boolean) => outputs.map((o, i) => `${wrap && o.type === 'json' ? `(${o.sql})::jsonb` : o.sql} AS c${i}`).join(',\n  ');
  const where = scope.where.length > 0 ? `\nWHERE ${scope.where.join('\n  AND ')}` : '';
  const groupBy = shape.groupBy ? `\nGROUP BY ${outputs.flatMap((o, i) => (o.aggregate ? [] : [String(i + 1)])).join(', ')}` : '';
  const body = `FROM ${from}\n${scope.joins.join('\n')}${where}${groupBy}`;
  const tail = `${order.length > 0 ? `\nORDER BY ${order.join(', ')}` : ''}\nLIMIT ${limit} OFFSET ${offset}`;
  if (!shape.grouped && !shape.distinct) return `SELECT ${columns(false)}\n${body}${tail}`;
  const outer = outputs.map((_, i) => `q.c${i}`);
  // DISTINCT would compare the contributor column too: the rows are grouped by the others instead
  const regroup = shape.distinct && outputs.length > shown;
  if (!regroup) return `SELECT ${outer.join(', ')}\nFROM (SELECT ${shape.distinct ? 'DISTINCT ' : ''}${columns(true)}\n${body}) AS q${tail}`;
  outer[shown] = `${mergedContributors(shape, shown)} AS c${shown}`;
  const regrouped = `\nGROUP BY ${outer
    .slice(0, shown)
    .map((_, i) => String(i + 1))
    .join(', ')}`;
  return `SELECT ${outer.join(', ')}\nFROM (SELECT ${columns(true)}\n${body}) AS q${regrouped}${tail}`;
}

function orderBy(item: OrderItem, outputs: Output[], wrapped: boolean, resolver: PathResolver): string[] {
  const text = printPath(item.path);
  const index = outputs.findIndex((o) => (item.path.steps.length === 0 && o.alias === item.path.variable) || o.path === text);
  if (wrapped || isAliasRef(item, outputs)) {
    const output = outputs[index];
    if (!output) throw new AqlError(item.path.pos, 'with DISTINCT or aggregates, ORDER BY must name a selected column', text);
    const sql = wrapped ? `q.c${index}` : output.sql;
    return orderKeys({ sql: output.type === 'json' ? `${sql}::jsonb` : sql, type: 'json' }, item.descending);
  }
  if (item.path.steps.length === 0) throw new AqlError(item.path.pos, 'ORDER BY needs a path to a value', text);
  return orderKeys(resolver.value(item.path), item.descending);
}
