import type { ClassExpr, ContainsExpr, Predicate } from './ast.ts';
import type { Position } from './errors.ts';
import { predicateFilter, typeFilter } from './jsonpath.ts';
import { checkPredicateRefused, simplePathValue } from './paths.ts';
import { ENTRY_CLASSES, ENTRY_TYPES, kindOf, type VariableKind } from './rm.ts';
import type { Binding, Scope } from './scope.ts';
import { jsonpath } from './sql.ts';
import { compareToConstant, resolveConstant } from './values.ts';

type ClassLike = Pick<ClassExpr, 'rmType' | 'variable' | 'predicate' | 'pos'>;
const implicit = (rmType: string, pos: Position): ClassLike => ({ rmType, variable: null, predicate: null, pos });

/**
 * The CONTAINS tree as joins. Every composition belongs to an EHR and every entry to a composition,
 * implicit ones included, so the caller's rules for all three apply to every row. `disc` is the
 * condition of the enclosing OR branch (null outside any): branch variables are LEFT JOINed on it.
 * Returns the FROM item and the EHR variable (every row has one).
 */
export function buildFrom(root: ClassExpr, scope: Scope): { sql: string; ehr: Binding } {
  const ehrClass = root.rmType === 'EHR' ? root : implicit('EHR', root.pos);
  const ehr = bind(scope, ehrClass, 'e', null, null);
  scope.where.push(`(${scope.access.ehr(ehr.alias, scope.params)})`, ...tableConditions(scope, ehr, ehrClass.predicate));
  if (root.rmType !== 'EHR') walk(scope, root, ehr, null);
  else if (root.contains) walk(scope, root.contains, ehr, null);
  return { sql: `ehrs AS ${ehr.alias}`, ehr };
}

function walk(scope: Scope, expr: ContainsExpr, parent: Binding, disc: string | null): string[] {
  if (expr.kind === 'class') {
    if (expr.rmType === 'VERSION') return version(scope, expr, parent, disc);
    const created = attach(scope, expr, parent, disc);
    const present = created.map((b) => b.present);
    if (expr.contains) present.push(...walk(scope, expr.contains, created.at(-1) as Binding, disc));
    return present;
  }
  if (expr.kind === 'and') return expr.items.flatMap((item) => walk(scope, item, parent, disc));
  // OR: one row per branch (a discriminator k), each branch's variables LEFT JOINed on its k.
  const or = scope.alias('or');
  const values = expr.items.map((_, i) => `(${i + 1})`).join(', ');
  scope.joins.push(disc ? `LEFT JOIN (VALUES ${values}) AS ${or}(k) ON ${disc}` : `CROSS JOIN (VALUES ${values}) AS ${or}(k)`);
  const branches = expr.items.map((item, i) => {
    const own = `${or}.k = ${i + 1}`;
    return `(${[own, ...walk(scope, item, parent, own)].join(' AND ')})`;
  });
  const condition = `(${branches.join(' OR ')})`;
  if (!disc) scope.where.push(condition);
  return [condition];
}

/** The latest version of a composition is its composition_versions row: VERSION shares the alias. */
function version(scope: Scope, expr: ClassExpr, parent: Binding, disc: string | null): string[] {
  const inner = expr.contains as ClassExpr;
  const [composition] = attach(scope, inner, parent, disc) as [Binding];
  if (expr.variable !== null) scope.bindings.set(expr.variable, { ...composition, name: expr.variable, rmType: 'VERSION', kind: 'version' });
  return [composition.present, ...(inner.contains ? walk(scope, inner.contains, composition, disc) : [])];
}

function attach(scope: Scope, cls: ClassLike, parent: Binding, disc: string | null): Binding[] {
  const kind = kindOf(cls.rmType) as VariableKind;
  const created: Binding[] = [];
  let container = parent;
  if (container.kind === 'ehr' && kind !== 'composition') created.push((container = add(scope, implicit('COMPOSITION', cls.pos), container, disc)));
  if (container.kind === 'section' && kind === 'node') created.push((container = add(scope, implicit('ENTRY', cls.pos), container, disc)));
  created.push(add(scope, cls, container, disc));
  return created;
}

function bind(scope: Scope, cls: ClassLike, prefix: string, composition: Binding | null, node: string | null): Binding {
  const alias = scope.alias(prefix);
  const kind = kindOf(cls.rmType) as VariableKind;
  const key = kind === 'ehr' ? 'id' : kind === 'composition' || kind === 'entry' ? 'object_id' : 'node';
  const binding: Binding = { name: cls.variable, rmType: cls.rmType, kind, alias, composition, node, present: `${alias}.${key} IS NOT NULL` };
  if (kind === 'composition') binding.composition = binding;
  if (cls.variable !== null) scope.bindings.set(cls.variable, binding);
  checkPredicateRefused(scope, binding, [], cls.predicate, cls.rmType);
  return binding;
}

function join(scope: Scope, source: string, on: string[], disc: string | null): void {
  const conditions = disc ? [disc, ...on] : on;
  scope.joins.push(`${disc ? 'LEFT JOIN' : 'JOIN'} ${source} ON ${conditions.length > 0 ? conditions.join(' AND ') : 'true'}`);
}

function add(scope: Scope, cls: ClassLike, parent: Binding, disc: string | null): Binding {
  const { params, parameters } = scope;
  const kind = kindOf(cls.rmType) as VariableKind;
  const p = parent.alias;
  const composition = parent.composition as Binding;
  if (kind === 'composition') {
    const b = bind(scope, cls, 'c', null, null);
    const a = b.alias;
    join(
      scope,
      `composition_versions AS ${a}`,
      [
        `${a}.ehr_id = ${p}.id`,
        `${a}.is_latest`,
        `${a}.lifecycle_state <> 'DELETED'`,
        `(${scope.access.composition(a, params)})`,
        ...tableConditions(scope, b, cls.predicate),
      ],
      disc,
    );
    return b;
  }
  if (kind === 'entry') {
    const b = bind(scope, cls, 'n', composition, '');
    const a = b.alias;
    b.node = `${a}.data`;
    const types = ENTRY_CLASSES[cls.rmType] ?? ENTRY_TYPES;
    const on = [`${a}.object_id = ${composition.alias}.object_id`, `${a}.version = ${composition.alias}.version`];
    if (types.length === 1) on.push(`${a}.rm_type = '${types[0]}'`);
    else if (types.length < ENTRY_TYPES.length) on.push(`${a}.rm_type IN (${types.map((t) => `'${t}'`).join(', ')})`);
    if (parent.kind === 'section') {
      on.push(`${a}.data IN (SELECT jsonb_path_query(${parent.node}, ${jsonpath(`strict $."items".** ? (${typeFilter(types)})`)}))`);
    }
    on.push(...tableConditions(scope, b, cls.predicate), `(${scope.access.entry(a, params)})`);
    join(scope, `entries AS ${a}`, on, disc);
    return b;
  }
  if (kind === 'context') {
    const b = bind(scope, cls, 'x', composition, '');
    b.node = `${b.alias}.node`;
    join(
      scope,
      `LATERAL (SELECT (${p}.canonical -> 'context')::jsonb AS node) AS ${b.alias}`,
      [`jsonb_typeof(${b.node}) = 'object'`, ...tableConditions(scope, b, cls.predicate)],
      disc,
    );
    return b;
  }
  const b = bind(scope, cls, kind === 'section' ? 's' : 'l', composition, '');
  b.node = `${b.alias}.node`;
  const filter = predicateFilter(cls.predicate, params, parameters, [typeFilter([cls.rmType])]);
  const search = (source: string, from = '$') => `jsonb_path_query(${source}, ${jsonpath(`strict ${from}.** ? (${filter})`)}, ${params.vars()})`;
  let source: string;
  if (kind === 'section') source = parent.kind === 'section' ? search(parent.node as string, '$."items"') : search(`(${p}.canonical -> 'content')::jsonb`);
  else if (parent.kind !== 'composition') source = `jsonb_path_query(${parent.node}, ${jsonpath(`strict $.**{1 to last} ? (${filter})`)}, ${params.vars()})`;
  else {
    // Inside a composition: its context, and the entries the caller may read (never a withheld one).
    const x = scope.alias('x');
    source = `(SELECT q.node FROM ${search(`(${p}.canonical -> 'context')::jsonb`)} AS q(node)
      UNION ALL SELECT q.node FROM entries AS ${x} CROSS JOIN LATERAL ${search(`${x}.data`)} AS q(node)
      WHERE ${x}.object_id = ${p}.object_id AND ${x}.version = ${p}.version AND (${scope.access.entry(x, params)}))`;
    join(scope, `LATERAL ${source} AS ${b.alias}`, [], disc);
    return b;
  }
  join(scope, `LATERAL ${source} AS ${b.alias}(node)`, [], disc);
  return b;
}

/** Archetype, name and standard predicates of EHR, COMPOSITION, entry and EVENT_CONTEXT variables. */
function tableConditions(scope: Scope, b: Binding, predicate: Predicate | null): string[] {
  if (!predicate) return [];
  const { params, parameters } = scope;
  const out: string[] = [];
  if (predicate.node) {
    const id = predicate.node.kind === 'code' ? predicate.node.value : resolveConstant(predicate.node, parameters).value;
    out.push(`${b.alias}.archetype_node_id = ${params.add(String(id), '::text')}`);
  }
  if (predicate.name) out.push(`${b.alias}.name = ${params.add(String(resolveConstant(predicate.name, parameters).value), '::text')}`);
  for (const c of predicate.conditions) {
    out.push(compareToConstant(simplePathValue(scope, b, c.path, c.pos), c.op, resolveConstant(c.value, parameters), params));
  }
  return out;
}
