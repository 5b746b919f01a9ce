import { printPath, printPredicate, type IdentifiedPath, type Predicate, type Step } from './ast.ts';
import { columnFor } from './columns.ts';
import { AqlError, pathRefused, type Position } from './errors.ts';
import { stepPath } from './jsonpath.ts';
import { ENTRY_CLASSES, MULTIPLE_ATTRIBUTES } from './rm.ts';
import type { Binding, Scope } from './scope.ts';
import { jsonKey, jsonpath, keyArray } from './sql.ts';
import type { Value } from './values.ts';

interface TrieNode {
  step: Step | null;
  children: Map<string, TrieNode>;
  uses: number;
  sql: string | null;
}

const stepKey = (s: Step) => s.attribute + (s.predicate ? printPredicate(s.predicate) : '');
const attributes = (steps: readonly Step[]) => steps.map((s) => s.attribute).join('/');

/** The FROM classes whose refusals apply to a variable (an ENTRY variable answers for every entry type). */
function refusalTypes(binding: Binding): string[] {
  if (binding.kind === 'entry') return [...new Set([binding.rmType, ...(ENTRY_CLASSES[binding.rmType] ?? [])])];
  if (binding.kind === 'context') return ['EVENT_CONTEXT'];
  return [binding.rmType];
}

export function refusal(scope: Scope, binding: Binding, path: string): string | null {
  for (const type of refusalTypes(binding)) {
    const reason = scope.access.refusePath(type, path);
    if (reason !== null) return reason;
  }
  return binding.kind === 'context' ? scope.access.refusePath('COMPOSITION', path === '' ? 'context' : `context/${path}`) : null;
}

/**
 * Refuses a path when the caller may not use it or any path above it, or any path a step's
 * predicate tests (`c/context[health_care_facility/name >= $p]` tests the facility's name).
 */
export function checkRefused(scope: Scope, binding: Binding, steps: readonly Step[], at: Position, text: string): void {
  for (let i = 1; i <= steps.length; i += 1) {
    const above = steps.slice(0, i);
    const reason = refusal(scope, binding, attributes(above));
    if (reason !== null) throw pathRefused(at, reason, text);
    checkPredicateRefused(
      scope,
      binding,
      above.map((s) => s.attribute),
      steps[i - 1]?.predicate ?? null,
      text,
    );
  }
}

/** Refuses a predicate (of a FROM class or a path step at `prefix`) testing a path the caller may not use. */
export function checkPredicateRefused(scope: Scope, binding: Binding, prefix: readonly string[], predicate: Predicate | null, text: string): void {
  for (const condition of predicate?.conditions ?? []) {
    for (let j = 1; j <= condition.path.length; j += 1) {
      const reason = refusal(scope, binding, [...prefix, ...condition.path.slice(0, j)].join('/'));
      if (reason !== null) throw pathRefused(condition.pos, reason, text);
    }
  }
}

interface Split {
  column: Value | null;
  structural: Step[];
  tail: Step[];
}

/** Rows come from the steps up to the last one that selects among several items; the rest is read per row. */
function split(binding: Binding, steps: readonly Step[], at: Position, text: string): Split {
  const column = steps.some((s) => s.predicate) ? null : columnFor(binding, attributes(steps));
  if (column) return { column, structural: [], tail: [] };
  if (binding.kind === 'ehr' && steps.length > 0)
    throw new AqlError(at, 'unsupported EHR path (the store keeps ehr_id, time_created and the subject reference)', text);
  if (binding.kind === 'version')
    throw new AqlError(at, 'unsupported VERSION path (uid, contribution/id, commit_audit/time_committed, commit_audit/change_type)', text);
  const first = steps[0]?.attribute;
  if ((binding.kind === 'composition' && first === 'content') || (binding.kind === 'section' && first === 'items')) {
    throw new AqlError(at, 'unsupported path into entries (use CONTAINS with an entry class)', text);
  }
  let last = -1;
  steps.forEach((s, i) => {
    if (s.predicate || MULTIPLE_ATTRIBUTES.has(s.attribute)) last = i;
  });
  return { column: null, structural: steps.slice(0, last + 1), tail: steps.slice(last + 1) };
}

/** The jsonb root of a variable; compositions read their json column attribute by attribute. */
function rootSql(binding: Binding): string {
  if (binding.kind === 'composition') return `${binding.alias}.canonical::jsonb`;
  if (binding.node === null) throw new Error(`no JSON root for ${binding.kind}`);
  return binding.node;
}

function withTail(base: string, tail: readonly Step[]): string {
  return tail.length === 0 ? base : `(${base} #> ${keyArray(tail.map((s) => s.attribute))})`;
}

function tailFromRoot(binding: Binding, tail: readonly Step[]): string {
  if (binding.kind === 'composition' && tail.length > 0) return `(${binding.alias}.canonical #> ${keyArray(tail.map((s) => s.attribute))})::jsonb`;
  return withTail(rootSql(binding), tail);
}

/** A path in a FROM predicate: columns and single-valued attributes only. */
export function simplePathValue(scope: Scope, binding: Binding, names: string[], at: Position): Value {
  const steps: Step[] = names.map((attribute) => ({ attribute, predicate: null, pos: at }));
  const text = names.join('/');
  checkRefused(scope, binding, steps, at, text);
  const { column, structural, tail } = split(binding, steps, at, text);
  if (column) return column;
  if (structural.length > 0) throw new AqlError(at, 'unsupported multi-valued path in a FROM predicate', text);
  return { sql: tailFromRoot(binding, tail), type: 'json' };
}

/**
 * Paths of SELECT, WHERE and ORDER BY, per variable, as a trie of multi-valued steps: paths sharing
 * a prefix share its rows (one row per matching item, as EHRbase does), each shared or final node
 * is one LEFT JOIN LATERAL jsonb_path_query.
 */
export class PathResolver {
  private readonly tries = new Map<Binding, TrieNode>();

  constructor(private readonly scope: Scope) {}

  binding(path: IdentifiedPath): Binding {
    const binding = this.scope.bindings.get(path.variable);
    if (!binding) throw new AqlError(path.pos, 'unknown variable', path.variable);
    return binding;
  }

  register(path: IdentifiedPath): void {
    const binding = this.binding(path);
    const { structural } = split(binding, path.steps, path.pos, printPath(path));
    if (structural.length === 0) return;
    let node: TrieNode = this.tries.get(binding) ?? { step: null, children: new Map(), uses: 0, sql: null };
    this.tries.set(binding, node);
    for (const step of structural) {
      const key = stepKey(step);
      let child: TrieNode | undefined = node.children.get(key);
      if (!child) node.children.set(key, (child = { step, children: new Map(), uses: 0, sql: null }));
      node = child;
    }
    node.uses += 1;
  }

  /** Adds the laterals; call once after every path is registered. */
  materialize(): void {
    for (const [binding, root] of this.tries) this.visit(binding, root, binding.kind === 'composition' ? null : rootSql(binding), []);
  }

  private visit(binding: Binding, node: TrieNode, base: string | null, pending: Step[]): void {
    for (const child of node.children.values()) {
      const steps = [...pending, child.step as Step];
      if (child.uses === 0 && child.children.size === 1) {
        this.visit(binding, child, base, steps);
        continue;
      }
      const { params, parameters } = this.scope;
      const [first, ...rest] = steps as [Step, ...Step[]];
      const source = base ?? `(${binding.alias}.canonical -> '${jsonKey(first.attribute).slice(1, -1)}')::jsonb`;
      const path =
        base === null
          ? stepPath(first, params, parameters, true) + rest.map((s) => stepPath(s, params, parameters)).join('')
          : `$${steps.map((s) => stepPath(s, params, parameters)).join('')}`;
      const alias = this.scope.alias('p');
      this.scope.joins.push(`LEFT JOIN LATERAL jsonb_path_query(${source}, ${jsonpath(path)}, ${params.vars()}) AS ${alias}(v) ON true`);
      child.sql = `${alias}.v`;
      this.visit(binding, child, child.sql, []);
    }
  }

  /**
   * For a path into an entry: `jsonb_path_exists(entry.data, path ? (test))`, a condition every row
   * satisfying `test` on the path also satisfies. In WHERE it lets PostgreSQL drop entries while
   * scanning them, before any join or lateral row.
   */
  entryTest(path: IdentifiedPath, test: () => string): string | null {
    const binding = this.binding(path);
    if (binding.kind !== 'entry' || path.steps.length === 0) return null;
    const { params, parameters } = this.scope;
    const { column, structural, tail } = split(binding, path.steps, path.pos, printPath(path));
    if (column) return null;
    const steps = structural.map((s) => stepPath(s, params, parameters)).join('') + tail.map((s) => `.${jsonKey(s.attribute)}`).join('');
    return `jsonb_path_exists(${binding.node}, ${jsonpath(`$${steps} ? (${test()})`)}, ${params.vars()})`;
  }

  /** The value of a registered path (whole variables are select.ts's business). */
  value(path: IdentifiedPath): Value {
    const binding = this.binding(path);
    const text = printPath(path);
    checkRefused(this.scope, binding, path.steps, path.pos, text);
    const { column, structural, tail } = split(binding, path.steps, path.pos, text);
    if (column) return column;
    if (structural.length === 0) return { sql: tailFromRoot(binding, tail), type: 'json' };
    let node = this.tries.get(binding);
    for (const step of structural) node = node?.children.get(stepKey(step));
    if (!node?.sql) throw new Error(`path not registered: ${text}`);
    return { sql: withTail(node.sql, tail), type: 'json' };
  }
}
