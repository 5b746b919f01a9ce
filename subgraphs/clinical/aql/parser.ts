import type { IRecognitionException, IToken } from 'chevrotain';
import type { AqlQuery, ClassExpr, ContainsExpr, OrderItem, SelectItem } from './ast.ts';
import { AqlError } from './errors.ts';
import * as T from './lexer.ts';
import { ExprParser } from './parser-expr.ts';
import { pos } from './parser-paths.ts';

/** The AQL grammar (openEHR AqlParser.g4, restricted to the supported subset) as a Chevrotain parser. */
class AqlParser extends ExprParser {
  constructor() {
    super();
    this.performSelfAnalysis();
  }

  private selectItem = this.RULE('selectItem', (): SelectItem => {
    const expr = this.OR<SelectItem['expr']>([
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.parameter) },
    ]);
    const alias =
      this.OPTION(() => {
        this.CONSUME(T.As);
        return this.CONSUME(T.Identifier).image;
      }) ?? null;
    return { expr, alias, pos: expr.pos };
  });

  private classExpr = this.RULE('classExpr', (): ClassExpr => {
    const type = this.CONSUME(T.Identifier);
    const variable = this.OPTION(() => this.CONSUME1(T.Identifier).image) ?? null;
    const predicate = this.OPTION1(() => this.SUBRULE(this.predicate)) ?? null;
    const node: ClassExpr = { kind: 'class', rmType: type.image, variable, predicate, contains: null, notContains: false, pos: pos(type) };
    this.OPTION2(() => {
      this.OPTION3(() => (node.notContains = Boolean(this.CONSUME(T.Not))));
      this.CONSUME(T.Contains);
      node.contains = this.SUBRULE(this.containsOr);
    });
    return node;
  });

  private containsPrimary = this.RULE('containsPrimary', (): ContainsExpr =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.containsOr);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      { ALT: () => this.SUBRULE(this.classExpr) },
    ]),
  );

  private containsAnd = this.RULE('containsAnd', (): ContainsExpr => {
    const items = [this.SUBRULE(this.containsPrimary)];
    this.MANY(() => {
      this.CONSUME(T.And);
      items.push(this.SUBRULE1(this.containsPrimary));
    });
    return items.length === 1 ? (items[0] as ContainsExpr) : { kind: 'and', items, pos: (items[0] as ContainsExpr).pos };
  });

  private containsOr = this.RULE('containsOr', (): ContainsExpr => {
    const items = [this.SUBRULE(this.containsAnd)];
    this.MANY(() => {
      this.CONSUME(T.Or);
      items.push(this.SUBRULE1(this.containsAnd));
    });
    return items.length === 1 ? (items[0] as ContainsExpr) : { kind: 'or', items, pos: (items[0] as ContainsExpr).pos };
  });

  private orderItem = this.RULE('orderItem', (): OrderItem => {
    const path = this.SUBRULE(this.path);
    const descending =
      this.OPTION(() =>
        this.OR([
          { ALT: () => Boolean(this.CONSUME(T.Desc)) },
          { ALT: () => Boolean(this.CONSUME(T.Descending)) },
          { ALT: () => !this.CONSUME(T.Asc) },
          { ALT: () => !this.CONSUME(T.Ascending) },
        ]),
      ) ?? false;
    return { path, descending };
  });

  private integer(token: IToken): number {
    return Number(token.image);
  }

  query = this.RULE('query', (): AqlQuery => {
    this.CONSUME(T.Select);
    const distinct = Boolean(this.OPTION(() => this.CONSUME(T.Distinct)));
    const top =
      this.OPTION1(() => {
        const t = this.CONSUME(T.Top);
        const count = this.integer(this.CONSUME(T.Integer));
        const backward = this.OPTION2(() => this.OR([{ ALT: () => !this.CONSUME(T.Forward) }, { ALT: () => Boolean(this.CONSUME(T.Backward)) }])) ?? false;
        return { count, backward, pos: pos(t) };
      }) ?? null;
    const items = [this.SUBRULE(this.selectItem)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      items.push(this.SUBRULE1(this.selectItem));
    });
    this.CONSUME(T.From);
    const from = this.SUBRULE(this.containsOr);
    const where =
      this.OPTION3(() => {
        this.CONSUME(T.Where);
        return this.SUBRULE(this.whereOr);
      }) ?? null;
    const orderBy: OrderItem[] = [];
    this.OPTION4(() => {
      this.CONSUME(T.Order);
      this.CONSUME(T.By);
      orderBy.push(this.SUBRULE(this.orderItem));
      this.MANY1(() => {
        this.CONSUME1(T.Comma);
        orderBy.push(this.SUBRULE1(this.orderItem));
      });
    });
    const limit =
      this.OPTION5(() => {
        const t = this.CONSUME(T.Limit);
        const count = this.integer(this.CONSUME1(T.Integer));
        const offset =
          this.OPTION6(() => {
            this.CONSUME(T.Offset);
            return this.integer(this.CONSUME2(T.Integer));
          }) ?? 0;
        return { count, offset, pos: pos(t) };
      }) ?? null;
    this.OPTION7(() => this.CONSUME(T.Semicolon));
    return { select: { distinct, top, items }, from, where, orderBy, limit };
  });
}

const parser = new AqlParser();

function syntaxError(error: IRecognitionException, tokens: IToken[]): AqlError {
  const token = error.token;
  if (T.UNSUPPORTED_KEYWORDS.includes(token.tokenType)) return new AqlError(pos(token), 'unsupported', token.image.toUpperCase());
  if (Number.isNaN(token.startOffset) || token.image === '') {
    const last = tokens.at(-1);
    const at = last ? { line: last.endLine ?? 1, column: (last.endColumn ?? 0) + 1 } : { line: 1, column: 1 };
    return new AqlError(at, 'syntax error', 'unexpected end of query');
  }
  return new AqlError(pos(token), 'syntax error', `unexpected '${token.image}'`);
}

/** Tokens and grammar only; the subset check is in check.ts. */
export function parseSyntax(text: string): AqlQuery {
  const tokens = T.tokenize(text);
  parser.input = tokens;
  const query = parser.query();
  const error = parser.errors[0];
  if (error) throw syntaxError(error, tokens);
  return query;
}
