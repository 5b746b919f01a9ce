import type { AqlQuery } from './ast.ts';
import { checkSubset } from './check.ts';
import { parseSyntax } from './parser.ts';

export type { AqlQuery } from './ast.ts';
export { AqlError, AqlRefusal, type Refusal } from './errors.ts';
export { contributingEhrs } from './contributors.ts';
export type { AqlAccess, CompiledAql, CompileOptions, ContributorsMode } from './types.ts';
export { compileAql } from './compile.ts';
export { measureAql, type AqlShape } from './shape.ts';

/** Parses AQL and checks it is inside the supported subset; AqlError (line, column, construct) otherwise. */
export function parseAql(text: string): AqlQuery {
  const query = parseSyntax(text);
  checkSubset(query);
  return query;
}
