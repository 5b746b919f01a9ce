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

/** Why the caller's policy refused a query: a path (refusePath's reason) or rows (aggregates only). */
export type Refusal = { kind: 'path'; reason: string } | { kind: 'aggregatesOnly' };

/** A query the caller's policy refuses; `refusal` says why without any value of the query. */
export class AqlRefusal extends AqlError {
  constructor(
    at: Position,
    what: string,
    construct: string,
    readonly refusal: Refusal,
  ) {
    super(at, what, construct);
    this.name = 'AqlRefusal';
  }
}

/** A path refused by `AqlAccess.refusePath`, with its reason. */
export const pathRefused = (at: Position, reason: string, construct: string): AqlRefusal =>
  new AqlRefusal(at, `path refused (${reason})`, construct, { kind: 'path', reason });

export const unsupported = (at: Position, construct: string, why = 'unsupported'): AqlError => new AqlError(at, why, construct);
