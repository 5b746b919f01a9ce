// jsonpath text for path steps and predicates; user values only ever as $variables.
import type { Predicate, Step } from './ast.ts';
import { AqlError } from './errors.ts';
import { JSONPATH_OPERATORS, jsonKey, type AqlParams } from './sql.ts';
import { parameterValue, type Constant } from './values.ts';

function constantOf(value: Predicate['name'] & object, parameters: Record<string, unknown>): Constant {
  if (value.kind === 'parameter') {
    const resolved = parameterValue(value, parameters);
    if (Array.isArray(resolved)) throw new AqlError(value.pos, 'a list parameter is not allowed in a predicate', `$${value.name}`);
    return resolved;
  }
  if (value.kind === 'null') throw new AqlError(value.pos, 'unsupported literal (use EXISTS)', 'NULL');
  return value;
}

/** Conditions of a predicate as a jsonpath filter body (values as $variables), ANDed with `extra`. */
export function predicateFilter(p: Predicate | null, params: AqlParams, parameters: Record<string, unknown>, extra: string[] = []): string {
  const parts = [...extra];
  if (p?.node) {
    const id = p.node.kind === 'code' ? p.node.value : constantOf(p.node, parameters).value;
    parts.push(`@."archetype_node_id" == ${params.jsonpathVar(id)}`);
  }
  if (p?.name) parts.push(`@."name"."value" == ${params.jsonpathVar(constantOf(p.name, parameters).value)}`);
  for (const c of p?.conditions ?? []) {
    const value = params.jsonpathVar(constantOf(c.value, parameters).value);
    parts.push(`@.${c.path.map(jsonKey).join('.')} ${JSONPATH_OPERATORS[c.op]} ${value}`);
  }
  return parts.join(' && ');
}

/** One path step: every item of the attribute (arrays unwrapped), filtered by the step's predicate. */
export function stepPath(step: Step, params: AqlParams, parameters: Record<string, unknown>, atRoot = false): string {
  const filter = predicateFilter(step.predicate, params, parameters);
  return `${atRoot ? '$' : `.${jsonKey(step.attribute)}`}[*]${filter ? ` ? (${filter})` : ''}`;
}

/** `_type` tests for a list of RM types (constants from rm.ts, never user text). */
export function typeFilter(types: readonly string[]): string {
  const tests = types.map((t) => {
    if (!/^[A-Z_]+$/.test(t)) throw new Error(`not an RM type: ${t}`);
    return `@."_type" == "${t}"`;
  });
  return tests.length === 1 ? (tests[0] as string) : `(${tests.join(' || ')})`;
}
