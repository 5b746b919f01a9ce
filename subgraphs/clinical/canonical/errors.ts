/** Thrown for the first problem found in a canonical document. */
export class CanonicalJsonError extends Error {
  readonly jsonPath: string;
  readonly reason: string;

  constructor(jsonPath: string, reason: string) {
    super(`${jsonPath}: ${reason}`);
    this.name = 'CanonicalJsonError';
    this.jsonPath = jsonPath;
    this.reason = reason;
  }
}
