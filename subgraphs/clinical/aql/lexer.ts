// AQL tokens (openEHR AqlLexer.g4, the parts the subset needs, plus words refused by name).
import { createToken, Lexer, type IToken, type TokenType } from 'chevrotain';
import { AqlError } from './errors.ts';

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/;

/** Attribute names in paths may be any word, keywords included (`…/order`, `…/value`). */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Identifier = createToken({ name: 'Identifier', pattern: IDENTIFIER, categories: [Name] });

const keyword = (word: string, label = word.toUpperCase()): TokenType =>
  createToken({ name: label, pattern: new RegExp(word, 'i'), longer_alt: Identifier, categories: [Name] });

export const Select = keyword('select');
export const From = keyword('from');
export const Where = keyword('where');
export const Order = keyword('order');
export const By = keyword('by');
export const Ascending = keyword('ascending');
export const Asc = keyword('asc');
export const As = keyword('as');
export const Descending = keyword('descending');
export const Desc = keyword('desc');
export const Limit = keyword('limit');
export const Offset = keyword('offset');
export const Top = keyword('top');
export const Forward = keyword('forward');
export const Backward = keyword('backward');
export const Distinct = keyword('distinct');
export const Contains = keyword('contains');
export const And = keyword('and');
export const Or = keyword('or');
export const Not = keyword('not');
export const Exists = keyword('exists');
export const Like = keyword('like');
export const Matches = keyword('matches');
export const True = keyword('true');
export const False = keyword('false');
export const Null = keyword('null');
// Recognised only to be refused by name: they are outside the supported subset.
export const Timewindow = keyword('timewindow');
export const Xor = keyword('xor');

/** Keywords the grammar never accepts; meeting one is reported as an unsupported construct. */
export const UNSUPPORTED_KEYWORDS: readonly TokenType[] = [Timewindow, Xor];

export const ArchetypeId = createToken({
  name: 'ArchetypeId',
  pattern: /[A-Za-z][A-Za-z0-9_]*-[A-Za-z0-9_]+-[A-Za-z0-9_]+\.[A-Za-z][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*\.v\d+(?:\.\d+)*/,
});
export const IdCode = createToken({ name: 'IdCode', pattern: /(?:at|id)\d+(?:\.\d+)*/, longer_alt: Identifier });
export const Uri = createToken({ name: 'Uri', pattern: /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s{}]*/ });
export const Parameter = createToken({ name: 'Parameter', pattern: /\$[A-Za-z_][A-Za-z0-9_]*/ });
export const StringLiteral = createToken({ name: 'String', pattern: /'(?:[^'\\\r\n]|\\.)*'|"(?:[^"\\\r\n]|\\.)*"/ });
export const Real = createToken({ name: 'Real', pattern: /\d+\.\d+(?:[eE][+-]?\d+)?|\d+[eE][+-]?\d+/ });
export const Integer = createToken({ name: 'Integer', pattern: /\d+/ });
export const NotEquals = createToken({ name: 'NotEquals', pattern: '!=' });
export const GreaterEquals = createToken({ name: 'GreaterEquals', pattern: '>=' });
export const LessEquals = createToken({ name: 'LessEquals', pattern: '<=' });
export const Equals = createToken({ name: 'Equals', pattern: '=' });
export const Greater = createToken({ name: 'Greater', pattern: '>' });
export const Less = createToken({ name: 'Less', pattern: '<' });
export const LParen = createToken({ name: 'LParen', pattern: '(' });
export const RParen = createToken({ name: 'RParen', pattern: ')' });
export const LBracket = createToken({ name: 'LBracket', pattern: '[' });
export const RBracket = createToken({ name: 'RBracket', pattern: ']' });
export const LCurly = createToken({ name: 'LCurly', pattern: '{' });
export const RCurly = createToken({ name: 'RCurly', pattern: '}' });
export const Comma = createToken({ name: 'Comma', pattern: ',' });
export const Slash = createToken({ name: 'Slash', pattern: '/' });
export const Star = createToken({ name: 'Star', pattern: '*' });
export const Minus = createToken({ name: 'Minus', pattern: '-' });
export const Plus = createToken({ name: 'Plus', pattern: '+' });
export const Semicolon = createToken({ name: 'Semicolon', pattern: ';' });
const Comment = createToken({ name: 'Comment', pattern: /--[^\n\r]*/, group: Lexer.SKIPPED });
const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\uFEFF]+/, group: Lexer.SKIPPED });

// Order matters: the first pattern that matches wins (longer_alt aside), so longer keywords come first.
export const ALL_TOKENS: TokenType[] = [
  WhiteSpace,
  Comment,
  Name,
  StringLiteral,
  Uri,
  ArchetypeId,
  Parameter,
  Real,
  Integer,
  Select,
  From,
  Where,
  Order,
  By,
  Ascending,
  Asc,
  As,
  Descending,
  Desc,
  Limit,
  Offset,
  Top,
  Forward,
  Backward,
  Distinct,
  Contains,
  And,
  Or,
  Not,
  Exists,
  Like,
  Matches,
  True,
  False,
  Null,
  Timewindow,
  Xor,
  IdCode,
  Identifier,
  NotEquals,
  GreaterEquals,
  LessEquals,
  Equals,
  Greater,
  Less,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LCurly,
  RCurly,
  Comma,
  Slash,
  Star,
  Minus,
  Plus,
  Semicolon,
];

const lexer = new Lexer(ALL_TOKENS, { ensureOptimizations: false, positionTracking: 'full' });

export function tokenize(text: string): IToken[] {
  const result = lexer.tokenize(text);
  const error = result.errors[0];
  if (error) {
    const found = text.slice(error.offset, error.offset + 1);
    const at = { line: error.line ?? 1, column: error.column ?? 1 };
    if (found === "'" || found === '"') throw new AqlError(at, 'unterminated string', text.slice(error.offset, error.offset + 20));
    throw new AqlError(at, 'unexpected character', found);
  }
  return result.tokens;
}
