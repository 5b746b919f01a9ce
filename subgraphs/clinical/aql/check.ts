import type { AqlQuery, ClassExpr, ContainsExpr, IdentifiedPath, Operand, Predicate, SelectItem, WhereExpr } from './ast.ts';
import { AqlError, unsupported } from './errors.ts';
import { kindOf, MAY_CONTAIN, type VariableKind } from './rm.ts';

export const AGGREGATES = new Set(['COUNT', 'MIN', 'MAX', 'SUM', 'AVG']);

/** Refuses everything outside the supported subset, at the position of the offending construct. */
export function checkSubset(query: AqlQuery): void {
  if (query.from.kind !== 'class') throw unsupported(query.from.pos, query.from.kind.toUpperCase(), 'unsupported at the top of FROM (use it after CONTAINS)');
  const variables = new Map<string, VariableKind>();
  checkClass(query.from, null, variables);
  const aliases = new Set(query.select.items.flatMap((item) => (item.alias ? [item.alias] : [])));
  for (const item of query.select.items) checkSelectItem(item, variables);
  if (query.where) checkWhere(query.where, variables);
  for (const { path } of query.orderBy) {
    if (!(path.steps.length === 0 && aliases.has(path.variable))) checkPath(path, variables);
  }
  const top = query.select.top;
  if (top?.backward) throw unsupported(top.pos, 'TOP … BACKWARD');
  if (top && query.limit) throw unsupported(query.limit.pos, 'TOP together with LIMIT');
}

function checkClass(node: ClassExpr, parent: ClassExpr | null, variables: Map<string, VariableKind>): void {
  node.rmType = node.rmType.toUpperCase();
  const kind = kindOf(node.rmType);
  if (!kind) throw unsupported(node.pos, node.rmType, 'unsupported FROM class');
  const parentKind = parent && kindOf(parent.rmType);
  if (parentKind && !MAY_CONTAIN[parentKind].includes(kind)) {
    throw new AqlError(node.pos, 'containment not possible in the openEHR RM', `${parent.rmType} CONTAINS ${node.rmType}`);
  }
  if (node.variable !== null) {
    if (variables.has(node.variable)) throw new AqlError(node.pos, 'variable defined twice', node.variable);
    variables.set(node.variable, kind);
  }
  if (kind === 'version') checkVersion(node);
  else if (node.predicate) checkClassPredicate(node.predicate, kind);
  if (node.notContains) throw unsupported(node.pos, 'NOT CONTAINS');
  if (node.contains) checkContains(node.contains, node, variables);
}

function checkContains(expr: ContainsExpr, parent: ClassExpr, variables: Map<string, VariableKind>): void {
  if (expr.kind === 'class') checkClass(expr, parent, variables);
  else for (const item of expr.items) checkContains(item, parent, variables);
}

/** Only `VERSION v[LATEST_VERSION] CONTAINS COMPOSITION c`: the latest version is the composition row. */
function checkVersion(node: ClassExpr): void {
  const keyword = node.predicate?.keyword?.name;
  if (keyword?.toUpperCase() !== 'LATEST_VERSION' || node.predicate?.conditions.length || node.predicate?.node) {
    throw unsupported(node.predicate?.pos ?? node.pos, keyword ?? 'VERSION', 'unsupported VERSION predicate (only [LATEST_VERSION])');
  }
  if (node.contains?.kind !== 'class' || node.contains.rmType.toUpperCase() !== 'COMPOSITION') {
    throw unsupported(node.contains?.pos ?? node.pos, 'VERSION', 'VERSION must CONTAIN exactly one COMPOSITION');
  }
}

function checkClassPredicate(p: Predicate, kind: VariableKind): void {
  checkPredicate(p);
  if (p.node && (kind === 'ehr' || kind === 'context'))
    throw unsupported(p.node.pos, p.node.kind === 'code' ? p.node.value : `$${p.node.name}`, 'no archetype predicate on this class');
}

function checkPredicate(p: Predicate): void {
  if (p.keyword) throw unsupported(p.keyword.pos, p.keyword.name, 'unsupported predicate');
  for (const c of p.conditions) if (c.value.kind === 'null') throw unsupported(c.value.pos, 'NULL', 'unsupported literal (use EXISTS)');
}

function checkPath(path: IdentifiedPath, variables: Map<string, VariableKind>): void {
  if (!variables.has(path.variable)) throw new AqlError(path.pos, 'unknown variable', path.variable);
  if (path.variablePredicate) throw unsupported(path.variablePredicate.pos, `${path.variable}[…]`, 'unsupported predicate on a variable (put it in FROM)');
  for (const step of path.steps) if (step.predicate) checkPredicate(step.predicate);
}

function checkSelectItem(item: SelectItem, variables: Map<string, VariableKind>): void {
  const expr = item.expr;
  if (expr.kind === 'path') return checkPath(expr, variables);
  if (expr.kind === 'null') throw unsupported(expr.pos, 'NULL');
  if (expr.kind !== 'function') return;
  const name = expr.name.toUpperCase();
  if (!AGGREGATES.has(name)) throw unsupported(expr.pos, `${expr.name}()`, 'unsupported function');
  const arg = expr.args[0];
  if (expr.star ? name !== 'COUNT' : expr.args.length !== 1 || arg?.kind !== 'path') {
    throw unsupported(expr.pos, `${name}(…)`, `${name} takes ${name === 'COUNT' ? '*, a path or DISTINCT path' : 'one path'}`);
  }
  if (expr.distinct && name !== 'COUNT') throw unsupported(expr.pos, `${name}(DISTINCT …)`);
  if (arg?.kind === 'path') checkPath(arg, variables);
}

function checkOperand(operand: Operand, variables: Map<string, VariableKind>): void {
  if (operand.kind === 'path') checkPath(operand, variables);
  else if (operand.kind === 'function') throw unsupported(operand.pos, `${operand.name}()`, 'unsupported function');
  else if (operand.kind === 'null') throw unsupported(operand.pos, 'NULL', 'unsupported literal (use EXISTS)');
}

function checkWhere(expr: WhereExpr, variables: Map<string, VariableKind>): void {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.items.forEach((item) => checkWhere(item, variables));
    case 'not':
      return checkWhere(expr.expr, variables);
    case 'exists':
      return checkPath(expr.path, variables);
    case 'compare':
      checkOperand(expr.left, variables);
      return checkOperand(expr.right, variables);
    case 'like':
      checkOperand(expr.left, variables);
      if (expr.pattern.kind !== 'string' && expr.pattern.kind !== 'parameter')
        throw unsupported(expr.pattern.pos, 'LIKE pattern', 'LIKE needs a string or $parameter pattern');
      return;
    case 'matches':
      checkOperand(expr.left, variables);
      for (const item of expr.items) {
        if (item.kind === 'uri') throw unsupported(item.pos, item.value, 'unsupported MATCHES operand');
        checkOperand(item, variables);
      }
  }
}
