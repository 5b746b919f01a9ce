/** A position in the query text, 1-based. */
export interface Position {
  line: number;
  column: number;
}

/**
 * Any query the library refuses: syntax errors, constructs outside the supported subset, missing
 * parameters, refused paths. Always raised before SQL runs; maps to BAD_USER_INPUT.
 */
export class AqlError extends Error {
  readonly code = 'BAD_USER_INPUT';
  readonly line: number;
  readonly column: number;
  readonly construct: string;

  constructor(at: Position, what: string, construct: string) {
    super(`line ${at.line}, column ${at.column}: ${what}: ${construct}`);
    this.name = 'AqlError';
    this.line = at.line;
    this.column = at.column;
    this.construct = construct;
  }
}

export const unsupported = (at: Position, construct: string, why = 'unsupported'): AqlError => new AqlError(at, why, construct);
