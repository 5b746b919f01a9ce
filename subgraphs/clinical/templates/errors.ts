/** The input is not a usable ADL 1.4 operational template: malformed XML, not an OPT, missing parts. */
export class TemplateParseError extends Error {
  readonly reason: string;

  constructor(reason: string) {
    super(`invalid operational template: ${reason}`);
    this.name = 'TemplateParseError';
    this.reason = reason;
  }
}
