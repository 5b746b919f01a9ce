import type { Operand, WhereExpr } from './ast.ts';
import { AqlError } from './errors.ts';
import type { PathResolver } from './paths.ts';
import type { Binding, Scope } from './scope.ts';
import { JSONPATH_OPERATORS } from './sql.ts';
import {
  compareConstants,
  temporalKind,
  compareToConstant,
  compareValues,
  FLIPPED,
  jsonTextSql,
  likePattern,
  parameterValue,
  resolveConstant,
  type Constant,
  type Value,
} from './values.ts';

type Resolved = { value: Value } | { constant: Constant };

function operand(op: Operand, scope: Scope, resolver: PathResolver): Resolved {
  if (op.kind === 'function') throw new AqlError(op.pos, 'unsupported function', `${op.name}()`);
  if (op.kind !== 'path') return { constant: resolveConstant(op, scope.parameters) };
  if (op.steps.length === 0) throw new AqlError(op.pos, 'compare a path to a value, not a whole variable', op.variable);
  return { value: resolver.value(op) };
}

const pathValue = (op: Operand, scope: Scope, resolver: PathResolver, what: string): Value => {
  const resolved = operand(op, scope, resolver);
  if ('value' in resolved) return resolved.value;
  throw new AqlError(op.pos, `${what} needs a path on its left`, 'constant');
};

function exists(binding: Binding, value: Value | null): string {
  if (value === null) return binding.present;
  return value.type === 'json' ? `COALESCE(jsonb_typeof(${value.sql}) <> 'null', false)` : `${value.sql} IS NOT NULL`;
}

/**
 * Necessary conditions of the top-level conjuncts `entry path op number` and `entry path = string`
 * as jsonpath tests on the entry row (see PathResolver.entryTest); the exact test stays in WHERE.
 */
export function entryPrefilters(expr: WhereExpr, scope: Scope, resolver: PathResolver): string[] {
  if (expr.kind === 'and') return expr.items.flatMap((item) => entryPrefilters(item, scope, resolver));
  if (expr.kind !== 'compare') return [];
  let [path, other, op] = [expr.left, expr.right, expr.op];
  if (path.kind !== 'path') [path, other, op] = [expr.right, expr.left, FLIPPED[expr.op]];
  if (path.kind !== 'path' || other.kind === 'path' || other.kind === 'function' || other.kind === 'null') return [];
  const constant = resolveConstant(other, scope.parameters);
  const o = JSONPATH_OPERATORS[op];
  const x = () => scope.params.jsonpathVar(constant.value);
  let test: string | null = null;
  if (constant.kind === 'number' && op !== '!=') {
    test = resolver.entryTest(path, () => `@ ${o} ${x()} || @."magnitude" ${o} ${x()} || @."value" ${o} ${x()} || exists(@."numerator")`);
  } else if (constant.kind === 'string' && op === '=' && !temporalKind(constant.value)) {
    test = resolver.entryTest(path, () => `@ == ${x()} || @."value" == ${x()}`);
  }
  return test === null ? [] : [test];
}

/** WHERE as one SQL condition; values only as parameters. */
export function compileWhere(expr: WhereExpr, scope: Scope, resolver: PathResolver): string {
  const recurse = (e: WhereExpr) => compileWhere(e, scope, resolver);
  const { params, parameters } = scope;
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `(${expr.items.map(recurse).join(` ${expr.kind.toUpperCase()} `)})`;
    case 'not':
      return `NOT (${recurse(expr.expr)})`;
    case 'exists':
      return exists(resolver.binding(expr.path), expr.path.steps.length === 0 ? null : resolver.value(expr.path));
    case 'compare': {
      const left = operand(expr.left, scope, resolver);
      const right = operand(expr.right, scope, resolver);
      if ('value' in left)
        return 'value' in right ? compareValues(left.value, expr.op, right.value) : compareToConstant(left.value, expr.op, right.constant, params);
      if ('value' in right) return compareToConstant(right.value, FLIPPED[expr.op], left.constant, params);
      return compareConstants(left.constant, expr.op, right.constant);
    }
    case 'like': {
      const value = pathValue(expr.left, scope, resolver, 'LIKE');
      const pattern = expr.pattern;
      let raw: string;
      if (pattern.kind === 'string') raw = pattern.raw;
      else if (pattern.kind === 'parameter') {
        const resolved = resolveConstant(pattern, parameters);
        if (resolved.kind !== 'string') throw new AqlError(pattern.pos, 'LIKE needs a string pattern', `$${pattern.name}`);
        raw = resolved.value;
      } else throw new AqlError(pattern.pos, 'LIKE needs a string or $parameter pattern', 'pattern');
      return `${jsonTextSql(value)} LIKE ${params.add(likePattern(raw, pattern.pos), '::text')}`;
    }
    case 'matches': {
      const value = pathValue(expr.left, scope, resolver, 'MATCHES');
      const constants = expr.items.flatMap((item): Constant[] => {
        if (item.kind === 'parameter') return [parameterValue(item, parameters)].flat();
        if (item.kind === 'uri' || item.kind === 'function')
          throw new AqlError(item.pos, 'unsupported MATCHES operand', item.kind === 'uri' ? item.value : `${item.name}()`);
        return [resolveConstant(item, parameters)];
      });
      if (constants.length === 0) return 'FALSE';
      return `(${constants.map((c) => compareToConstant(value, '=', c, params)).join(' OR ')})`;
    }
  }
}
