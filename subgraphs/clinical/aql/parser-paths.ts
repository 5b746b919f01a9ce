import { EmbeddedActionsParser, type IToken } from 'chevrotain';
import type { CompareOp, IdentifiedPath, Literal, ParameterRef, Predicate, PredicateCondition, Step } from './ast.ts';
import type { Position } from './errors.ts';
import * as T from './lexer.ts';

export const pos = (token: IToken): Position => ({ line: token.startLine ?? 1, column: token.startColumn ?? 1 });

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', a: '\x07' };

function unquote(image: string): { value: string; raw: string } {
  const raw = image.slice(1, -1);
  const value = raw.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, c: string) => (c.length === 5 ? String.fromCharCode(parseInt(c.slice(1), 16)) : (ESCAPES[c] ?? c)));
  return { value, raw };
}

/** Literals, parameters, predicates and identified paths; WHERE is in parser-expr.ts, clauses in parser.ts. */
export class PathParser extends EmbeddedActionsParser {
  constructor() {
    super(T.ALL_TOKENS, { maxLookahead: 3 });
  }

  protected parameter = this.RULE('parameter', (): ParameterRef => {
    const t = this.CONSUME(T.Parameter);
    return { kind: 'parameter', name: t.image.slice(1), pos: pos(t) };
  });

  protected literal = this.RULE('literal', (): Literal =>
    this.OR<Literal>([
      {
        ALT: () => {
          const t = this.CONSUME(T.StringLiteral);
          return { kind: 'string', ...unquote(t.image), pos: pos(t) };
        },
      },
      {
        ALT: () => {
          const minus = this.OPTION(() => this.CONSUME(T.Minus));
          const t = this.OR1([{ ALT: () => this.CONSUME(T.Real) }, { ALT: () => this.CONSUME(T.Integer) }]);
          return { kind: 'number', value: (minus ? -1 : 1) * Number(t.image), pos: pos(minus ?? t) };
        },
      },
      { ALT: () => ({ kind: 'boolean', value: true, pos: pos(this.CONSUME(T.True)) }) },
      { ALT: () => ({ kind: 'boolean', value: false, pos: pos(this.CONSUME(T.False)) }) },
      { ALT: () => ({ kind: 'null', pos: pos(this.CONSUME(T.Null)) }) },
    ]),
  );

  protected compareOp = this.RULE('compareOp', (): CompareOp =>
    this.OR([
      { ALT: () => this.CONSUME(T.Equals).image as CompareOp },
      { ALT: () => this.CONSUME(T.NotEquals).image as CompareOp },
      { ALT: () => this.CONSUME(T.GreaterEquals).image as CompareOp },
      { ALT: () => this.CONSUME(T.LessEquals).image as CompareOp },
      { ALT: () => this.CONSUME(T.Greater).image as CompareOp },
      { ALT: () => this.CONSUME(T.Less).image as CompareOp },
    ]),
  );

  private predicateCondition = this.RULE('predicateCondition', (): PredicateCondition => {
    const first = this.CONSUME(T.Name);
    const path = [first.image];
    this.MANY(() => {
      this.CONSUME(T.Slash);
      path.push(this.CONSUME1(T.Name).image);
    });
    const op = this.SUBRULE(this.compareOp);
    const value = this.OR<PredicateCondition['value']>([
      { ALT: () => this.SUBRULE(this.literal) },
      { ALT: () => this.SUBRULE(this.parameter) },
      { ALT: () => this.codeAsString(this.CONSUME(T.IdCode)) },
      { ALT: () => this.codeAsString(this.CONSUME(T.ArchetypeId)) },
    ]);
    return { path, op, value, pos: pos(first) };
  });

  private codeAsString(t: IToken): Literal {
    return { kind: 'string', value: t.image, raw: t.image, pos: pos(t) };
  }

  private nameValue = this.RULE('nameValue', (): Literal | ParameterRef => {
    this.CONSUME(T.Comma);
    return this.OR<Literal | ParameterRef>([{ ALT: () => this.SUBRULE(this.literal) }, { ALT: () => this.SUBRULE(this.parameter) }]);
  });

  protected predicate = this.RULE('predicate', (): Predicate => {
    const open = this.CONSUME(T.LBracket);
    const p: Predicate = { pos: pos(open), node: null, name: null, conditions: [], keyword: null };
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            const t = this.OR1([{ ALT: () => this.CONSUME(T.ArchetypeId) }, { ALT: () => this.CONSUME(T.IdCode) }]);
            p.node = { kind: 'code', value: t.image, pos: pos(t) };
            p.name = this.OPTION(() => this.SUBRULE(this.nameValue)) ?? null;
          },
        },
        {
          ALT: () => {
            p.node = this.SUBRULE1(this.parameter);
            p.name = this.OPTION1(() => this.SUBRULE1(this.nameValue)) ?? null;
          },
        },
        {
          GATE: () => this.LA(2).tokenType === T.RBracket,
          ALT: () => {
            const t = this.CONSUME(T.Identifier);
            p.keyword = { name: t.image, pos: pos(t) };
          },
        },
        { ALT: () => void p.conditions.push(this.SUBRULE(this.predicateCondition)) },
      ],
    });
    this.MANY(() => {
      this.CONSUME(T.And);
      p.conditions.push(this.SUBRULE1(this.predicateCondition));
    });
    this.CONSUME(T.RBracket);
    return p;
  });

  private step = this.RULE('step', (): Step => {
    const t = this.CONSUME(T.Name);
    const predicate = this.OPTION(() => this.SUBRULE(this.predicate)) ?? null;
    return { attribute: t.image, predicate, pos: pos(t) };
  });

  protected path = this.RULE('path', (): IdentifiedPath => {
    const t = this.CONSUME(T.Identifier);
    const variablePredicate = this.OPTION(() => this.SUBRULE(this.predicate)) ?? null;
    const steps: Step[] = [];
    this.MANY(() => {
      this.CONSUME(T.Slash);
      steps.push(this.SUBRULE(this.step));
    });
    return { kind: 'path', variable: t.image, variablePredicate, steps, pos: pos(t) };
  });
}
