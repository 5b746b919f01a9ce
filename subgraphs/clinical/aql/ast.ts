// The parsed query. Positions are kept on every node so later refusals can name line and column.
import type { Position } from './errors.ts';

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

export type Literal =
  | { kind: 'string'; value: string; /** between the quotes, escapes untouched (LIKE needs them) */ raw: string; pos: Position }
  | { kind: 'number'; value: number; pos: Position }
  | { kind: 'boolean'; value: boolean; pos: Position }
  | { kind: 'null'; pos: Position };

export interface ParameterRef {
  kind: 'parameter';
  name: string;
  pos: Position;
}

/** `attribute/attribute op value` inside `[…]`. */
export interface PredicateCondition {
  path: string[];
  op: CompareOp;
  value: Literal | ParameterRef;
  pos: Position;
}

/** `[at0004]`, `[at0004, 'name']`, `[openEHR-EHR-…]`, `[$archetype]`, `[ehr_id/value = $id]`, … */
export interface Predicate {
  pos: Position;
  node: { kind: 'code'; value: string; pos: Position } | ParameterRef | null;
  name: Literal | ParameterRef | null;
  conditions: PredicateCondition[];
  /** A bare word such as LATEST_VERSION (kept only to be refused clearly). */
  keyword: { name: string; pos: Position } | null;
}

export interface Step {
  attribute: string;
  predicate: Predicate | null;
  pos: Position;
}

export interface IdentifiedPath {
  kind: 'path';
  variable: string;
  variablePredicate: Predicate | null;
  steps: Step[];
  pos: Position;
}

export interface FunctionCall {
  kind: 'function';
  name: string;
  star: boolean;
  distinct: boolean;
  args: Operand[];
  pos: Position;
}

export interface UriLiteral {
  kind: 'uri';
  value: string;
  pos: Position;
}

export type Operand = Literal | ParameterRef | IdentifiedPath | FunctionCall;
export type MatchItem = Literal | ParameterRef | FunctionCall | UriLiteral;

export type WhereExpr =
  | { kind: 'and' | 'or'; items: WhereExpr[]; pos: Position }
  | { kind: 'not'; expr: WhereExpr; pos: Position }
  | { kind: 'exists'; path: IdentifiedPath; pos: Position }
  | { kind: 'compare'; op: CompareOp; left: Operand; right: Operand; pos: Position }
  | { kind: 'like'; left: Operand; pattern: Operand; pos: Position }
  | { kind: 'matches'; left: Operand; items: MatchItem[]; pos: Position };

export interface ClassExpr {
  kind: 'class';
  rmType: string;
  variable: string | null;
  predicate: Predicate | null;
  contains: ContainsExpr | null;
  notContains: boolean;
  pos: Position;
}

export type ContainsExpr = ClassExpr | { kind: 'and' | 'or'; items: ContainsExpr[]; pos: Position };

export interface SelectItem {
  expr: IdentifiedPath | FunctionCall | Literal | ParameterRef;
  alias: string | null;
  pos: Position;
}

export interface OrderItem {
  path: IdentifiedPath;
  descending: boolean;
}

/** A parsed query inside the supported subset (parseAql checks the subset). */
export interface AqlQuery {
  select: {
    distinct: boolean;
    top: { count: number; backward: boolean; pos: Position } | null;
    items: SelectItem[];
  };
  from: ContainsExpr;
  where: WhereExpr | null;
  orderBy: OrderItem[];
  limit: { count: number; offset: number; pos: Position } | null;
}

function printValue(value: Literal | ParameterRef): string {
  switch (value.kind) {
    case 'string':
      return `'${value.raw}'`;
    case 'parameter':
      return `$${value.name}`;
    case 'null':
      return 'NULL';
    default:
      return String(value.value);
  }
}

export function printPredicate(p: Predicate): string {
  const parts: string[] = [];
  if (p.keyword) parts.push(p.keyword.name);
  if (p.node) {
    const node = p.node.kind === 'code' ? p.node.value : `$${p.node.name}`;
    parts.push(p.name ? `${node}, ${printValue(p.name)}` : node);
  }
  for (const c of p.conditions) parts.push(`${c.path.join('/')}${c.op}${printValue(c.value)}`);
  return `[${parts.join(' and ')}]`;
}

/** Normalised text of a path, e.g. `o/data[at0001]/events[at0002, 'any']/time/value`. */
export function printPath(path: IdentifiedPath): string {
  const head = path.variable + (path.variablePredicate ? printPredicate(path.variablePredicate) : '');
  return [head, ...path.steps.map((s) => s.attribute + (s.predicate ? printPredicate(s.predicate) : ''))].join('/');
}

export function printSelectExpr(expr: SelectItem['expr']): string {
  if (expr.kind === 'path') return printPath(expr);
  if (expr.kind !== 'function') return printValue(expr);
  const inner = expr.star ? '*' : expr.args.map((a) => (a.kind === 'path' ? printPath(a) : a.kind === 'function' ? `${a.name}(…)` : printValue(a))).join(', ');
  return `${expr.name.toUpperCase()}(${expr.distinct ? 'DISTINCT ' : ''}${inner})`;
}
