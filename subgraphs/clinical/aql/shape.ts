import type { AqlQuery, ContainsExpr, WhereExpr } from './ast.ts';

/** What makes an AQL query costly to run, counted before it is compiled (limits are the caller's). */
export interface AqlShape {
  /** Classes of the FROM/CONTAINS tree: each is a join, and siblings under AND multiply the rows. */
  classes: number;
  /** Most classes side by side under one AND (nested ANDs flattened): `n` compositions per EHR, `k` siblings, `n^k` rows per EHR. */
  andSiblings: number;
  /** Branches of every OR, in WHERE and CONTAINS, and the values of every MATCHES (one equality each, joined by OR). */
  orBranches: number;
  /** LIKE patterns starting with a wildcard (`*` or `?`): no index helps, every value is read. */
  unanchoredLikes: number;
  /** The query's own LIMIT or TOP, and its OFFSET (0 without one). */
  limit: number | null;
  offset: number;
}

export function measureAql(query: AqlQuery, parameters: Record<string, unknown>): AqlShape {
  const contains = containsShape(query.from);
  const where = query.where ? whereShape(query.where, parameters) : { orBranches: 0, unanchoredLikes: 0 };
  return {
    classes: contains.classes,
    andSiblings: contains.andSiblings,
    orBranches: contains.orBranches + where.orBranches,
    unanchoredLikes: where.unanchoredLikes,
    limit: query.limit?.count ?? query.select.top?.count ?? null,
    offset: query.limit?.offset ?? 0,
  };
}

function containsShape(node: ContainsExpr): { classes: number; andSiblings: number; orBranches: number } {
  if (node.kind === 'class') {
    const inner = node.contains ? containsShape(node.contains) : { classes: 0, andSiblings: 1, orBranches: 0 };
    return { classes: inner.classes + 1, andSiblings: Math.max(1, inner.andSiblings), orBranches: inner.orBranches };
  }
  const items = node.items.map(containsShape);
  return {
    classes: items.reduce((sum, item) => sum + item.classes, 0),
    andSiblings: Math.max(node.kind === 'and' ? andOperands(node) : 1, ...items.map((item) => item.andSiblings)),
    orBranches: items.reduce((sum, item) => sum + item.orBranches, node.kind === 'or' ? node.items.length : 0),
  };
}

/** Operands of an AND, those of the ANDs directly inside it included: `(a AND b) AND c` has three. */
function andOperands(node: ContainsExpr): number {
  return node.kind === 'and' ? node.items.reduce((sum, item) => sum + andOperands(item), 0) : 1;
}

function whereShape(expr: WhereExpr, parameters: Record<string, unknown>): { orBranches: number; unanchoredLikes: number } {
  switch (expr.kind) {
    case 'and':
    case 'or': {
      const items = expr.items.map((item) => whereShape(item, parameters));
      return {
        orBranches: items.reduce((sum, item) => sum + item.orBranches, expr.kind === 'or' ? expr.items.length : 0),
        unanchoredLikes: items.reduce((sum, item) => sum + item.unanchoredLikes, 0),
      };
    }
    case 'not':
      return whereShape(expr.expr, parameters);
    case 'matches': {
      // compiled as one equality per value joined by OR: a value list from a $parameter counts each value
      const values = expr.items.reduce((sum, item) => {
        const value = item.kind === 'parameter' ? parameters[item.name] : undefined;
        return sum + (Array.isArray(value) ? value.length : 1);
      }, 0);
      return { orBranches: values > 1 ? values : 0, unanchoredLikes: 0 };
    }
    case 'like': {
      const pattern = expr.pattern.kind === 'string' ? expr.pattern.raw : expr.pattern.kind === 'parameter' ? parameters[expr.pattern.name] : '';
      return { orBranches: 0, unanchoredLikes: typeof pattern === 'string' && /^[*?]/.test(pattern) ? 1 : 0 };
    }
    default:
      return { orBranches: 0, unanchoredLikes: 0 };
  }
}
