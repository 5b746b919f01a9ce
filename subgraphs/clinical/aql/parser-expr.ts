import type { FunctionCall, MatchItem, Operand, WhereExpr } from './ast.ts';
import * as T from './lexer.ts';
import { PathParser, pos } from './parser-paths.ts';

/** Operands and WHERE expressions (NOT > AND > OR). */
export class ExprParser extends PathParser {
  protected functionCall = this.RULE('functionCall', (): FunctionCall => {
    const t = this.CONSUME(T.Identifier);
    const call: FunctionCall = { kind: 'function', name: t.image, star: false, distinct: false, args: [], pos: pos(t) };
    this.CONSUME(T.LParen);
    this.OPTION(() =>
      this.OR([
        { ALT: () => void (call.star = Boolean(this.CONSUME(T.Star))) },
        {
          ALT: () => {
            this.OPTION1(() => (call.distinct = Boolean(this.CONSUME(T.Distinct))));
            call.args.push(this.SUBRULE(this.operand));
            this.MANY(() => {
              this.CONSUME(T.Comma);
              call.args.push(this.SUBRULE1(this.operand));
            });
          },
        },
      ]),
    );
    this.CONSUME(T.RParen);
    return call;
  });

  protected operand = this.RULE('operand', (): Operand =>
    this.OR<Operand>([
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: () => this.SUBRULE(this.functionCall) },
      { ALT: () => this.SUBRULE(this.path) },
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.parameter) },
    ]),
  );

  private matchItem = this.RULE('matchItem', (): MatchItem =>
    this.OR<MatchItem>([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.parameter) },
      { ALT: () => this.SUBRULE(this.functionCall) },
      {
        ALT: () => {
          const t = this.CONSUME(T.Uri);
          return { kind: 'uri', value: t.image, pos: pos(t) };
        },
      },
    ]),
  );

  private comparison = this.RULE('comparison', (): WhereExpr => {
    const left = this.SUBRULE(this.operand);
    return this.OR<WhereExpr>([
      {
        ALT: () => {
          const op = this.SUBRULE(this.compareOp);
          return { kind: 'compare', op, left, right: this.SUBRULE1(this.operand), pos: left.pos };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Like);
          return { kind: 'like', left, pattern: this.SUBRULE2(this.operand), pos: left.pos };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Matches);
          this.CONSUME(T.LCurly);
          const items = [this.SUBRULE(this.matchItem)];
          this.MANY(() => {
            this.CONSUME(T.Comma);
            items.push(this.SUBRULE1(this.matchItem));
          });
          this.CONSUME(T.RCurly);
          return { kind: 'matches', left, items, pos: left.pos };
        },
      },
    ]);
  });

  private whereUnary = this.RULE('whereUnary', (): WhereExpr =>
    this.OR([
      {
        ALT: () => {
          const t = this.CONSUME(T.Not);
          return { kind: 'not', expr: this.SUBRULE(this.whereUnary), pos: pos(t) };
        },
      },
      {
        ALT: () => {
          const t = this.CONSUME(T.Exists);
          return { kind: 'exists', path: this.SUBRULE(this.path), pos: pos(t) };
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.whereOr);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      { ALT: () => this.SUBRULE(this.comparison) },
    ]),
  );

  private whereAnd = this.RULE('whereAnd', (): WhereExpr => {
    const items = [this.SUBRULE(this.whereUnary)];
    this.MANY(() => {
      this.CONSUME(T.And);
      items.push(this.SUBRULE1(this.whereUnary));
    });
    return items.length === 1 ? (items[0] as WhereExpr) : { kind: 'and', items, pos: (items[0] as WhereExpr).pos };
  });

  protected whereOr = this.RULE('whereOr', (): WhereExpr => {
    const items = [this.SUBRULE(this.whereAnd)];
    this.MANY(() => {
      this.CONSUME(T.Or);
      items.push(this.SUBRULE1(this.whereAnd));
    });
    return items.length === 1 ? (items[0] as WhereExpr) : { kind: 'or', items, pos: (items[0] as WhereExpr).pos };
  });
}
