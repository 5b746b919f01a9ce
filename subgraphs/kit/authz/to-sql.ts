import type { SqlParams } from '../db/sql.ts';
import type { SubjectType } from './types.ts';
import { isArrayAttribute } from './vocabulary.ts';

/** What to-sql needs of a CASL rule: its (parsed) conditions and whether it forbids. */
export interface SqlRule {
  readonly inverted: boolean;
  readonly conditions: unknown;
  readonly ast: unknown;
}

interface AstNode {
  operator: string;
  field?: string;
  value: unknown;
}

/** A SQL condition rendered only when used, so no parameter is added for a discarded branch. */
export type Sql = (params: SqlParams) => string;
const TRUE = 'TRUE';
const FALSE = 'FALSE';
/** A condition: constant, or SQL to render. */
export type Condition = Sql | typeof TRUE | typeof FALSE;

export function anyOf(parts: readonly Condition[]): Condition {
  if (parts.includes(TRUE)) return TRUE;
  const rest = parts.filter((part): part is Sql => part !== FALSE);
  if (rest.length === 0) return FALSE;
  return (params) =>
    group(
      rest.map((part) => part(params)),
      'OR',
    );
}

export function allOf(parts: readonly Condition[]): Condition {
  if (parts.includes(FALSE)) return FALSE;
  const rest = parts.filter((part): part is Sql => part !== TRUE);
  if (rest.length === 0) return TRUE;
  return (params) =>
    group(
      rest.map((part) => part(params)),
      'AND',
    );
}

const group = (parts: string[], operator: 'AND' | 'OR') => (parts.length === 1 ? (parts[0] as string) : `(${parts.join(` ${operator} `)})`);

/** The SQL of a condition, enclosed in parentheses unless it is a constant or already enclosed. */
export function render(condition: Condition, params: SqlParams): string {
  if (typeof condition === 'string') return condition;
  const sql = condition(params);
  return sql.startsWith('(') ? sql : `(${sql})`;
}

/**
 * CASL's first-match semantics as SQL: `rules` come highest priority first (as `rulesFor` returns
 * them); the first rule whose conditions match decides (`can` → allowed, `cannot` → forbidden),
 * no match → forbidden. Every condition is two-valued (NULL never leaks through `NOT`).
 * Attribute names reach SQL only through `columns`; values only as parameters.
 */
export function rulesToSql(rules: readonly SqlRule[], subject: SubjectType, columns: Record<string, string | undefined>): Condition {
  const branches: { inverted: boolean; sql: Sql }[] = [];
  let tail: typeof TRUE | typeof FALSE = FALSE;
  for (const rule of rules) {
    // An attribute without a column fails closed: a `can` rule grants nothing, a `cannot` rule forbids everything.
    const condition = rule.conditions === undefined ? TRUE : (conditionToSql(rule.ast as AstNode, subject, columns) ?? (rule.inverted ? TRUE : FALSE));
    if (condition === FALSE) continue;
    if (condition === TRUE) {
      tail = rule.inverted ? FALSE : TRUE;
      break;
    }
    branches.push({ inverted: rule.inverted, sql: condition });
  }
  // Rules after which only `cannot` rules remain before a FALSE tail cannot change the result.
  while (tail === FALSE && branches.at(-1)?.inverted) branches.pop();
  if (branches.length === 0) return tail;
  return (params) => {
    let sql: string = tail;
    const rendered = branches.map((branch) => ({ inverted: branch.inverted, sql: branch.sql(params) }));
    for (const branch of rendered.reverse()) {
      if (branch.inverted) sql = `(NOT (${branch.sql}) AND ${sql})`;
      else sql = sql === FALSE ? branch.sql : `(${branch.sql} OR ${sql})`;
    }
    return sql;
  };
}

/** A condition AST as SQL; `TRUE`/`FALSE` when constant; null when an attribute has no column. */
function conditionToSql(node: AstNode, subject: SubjectType, columns: Record<string, string | undefined>): Condition | null {
  if (node.operator === 'and') {
    const parts: Sql[] = [];
    for (const child of node.value as AstNode[]) {
      const part = conditionToSql(child, subject, columns);
      if (part === null) return null;
      if (part === FALSE) return FALSE;
      if (part !== TRUE) parts.push(part);
    }
    if (parts.length === 0) return TRUE;
    return (params) =>
      group(
        parts.map((part) => part(params)),
        'AND',
      );
  }
  const field = node.field;
  if (field === undefined) throw new Error(`authz: unsupported condition operator ${node.operator}`);
  const column = Object.hasOwn(columns, field) ? columns[field] : undefined;
  if (column === undefined) return null;
  const array = isArrayAttribute(subject, field);
  const col = array ? `(${column})::text[]` : `(${column})::text`;
  const value = node.value;
  switch (node.operator) {
    case 'eq':
      return (p) => (array ? `COALESCE(${p.add(value)}::text = ANY(${col}), FALSE)` : `COALESCE(${col} = ${p.add(value)}::text, FALSE)`);
    case 'ne':
      return (p) => (array ? `NOT COALESCE(${p.add(value)}::text = ANY(${col}), FALSE)` : `NOT COALESCE(${col} = ${p.add(value)}::text, FALSE)`);
    case 'in':
      return (p) => (array ? `COALESCE(${col} && ${p.add(value)}::text[], FALSE)` : `COALESCE(${col} = ANY(${p.add(value)}::text[]), FALSE)`);
    case 'nin':
      return (p) => (array ? `NOT COALESCE(${col} && ${p.add(value)}::text[], FALSE)` : `NOT COALESCE(${col} = ANY(${p.add(value)}::text[]), FALSE)`);
    case 'exists':
      return () => (value ? `(${col} IS NOT NULL)` : `(${col} IS NULL)`);
    case 'regex': {
      // Only scope patterns produce regexes: anchored, literals escaped, flag `s` (PostgreSQL's default behaviour).
      if (!(value instanceof RegExp) || value.flags !== 's') throw new Error('authz: unsupported regex condition');
      const source = value.source;
      return (p) =>
        array
          ? `EXISTS (SELECT 1 FROM unnest(${col}) AS authz_element(v) WHERE authz_element.v ~ ${p.add(source)}::text)`
          : `COALESCE(${col} ~ ${p.add(source)}::text, FALSE)`;
    }
    default:
      throw new Error(`authz: unsupported condition operator ${node.operator}`);
  }
}
