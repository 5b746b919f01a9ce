/**
 * Recognises errors that mean "the database cannot be reached right now" (as opposed to a bug or a
 * bad statement), so that callers get SERVICE_UNAVAILABLE and can retry, instead of an internal error.
 */

/** Socket-level failures (node:net) on connect or mid-query. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), 57P01-57P03 (the server is shutting down,
 * crashed or starting up), 53300 (no connection slot left).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|53300)$/;

/** Messages of node-postgres and its pool, which carry no code; PGlite's after it was closed. */
const UNAVAILABLE_MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect$/,
  /is not queryable$/,
  /^Cannot use a pool after calling end on the pool$/,
  /^PGlite is closed$/,
];

/** True when `error` (or an error it was caused by) says the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) return true;
    const { message } = current;
    if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
    current = current.cause;
  }
  return false;
}

/**
 * PostgreSQL refusing a value it cannot hold: the caller's input, not a fault. 22021: a NUL byte;
 * 22P05: an escape it cannot translate (\u0000 or an unpaired surrogate in JSON); 54000: a value
 * too long for an index entry.
 */
const UNSTORABLE_SQLSTATES: Record<string, string> = {
  '22021': 'The input contains a NUL character, which cannot be stored',
  '22P05': 'The input contains a NUL character or an unpaired UTF-16 surrogate, which cannot be stored',
  '54000': 'A value in the input is too long to be stored',
};

/** Why the database refused the input's content, or null when `error` is something else. */
function unstorableInputReason(error: unknown): string | null {
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? (UNSTORABLE_SQLSTATES[code] ?? null) : null;
}

/**
 * What to tell the caller when the database failed a request: BAD_USER_INPUT when it refused the
 * input's content, SERVICE_UNAVAILABLE when it cannot be reached; null for anything else (a fault).
 */
export function databaseRefusal(error: unknown): { code: 'BAD_USER_INPUT' | 'SERVICE_UNAVAILABLE'; message: string } | null {
  const unstorable = unstorableInputReason(error);
  if (unstorable) return { code: 'BAD_USER_INPUT', message: unstorable };
  if (isDatabaseUnavailable(error)) return { code: 'SERVICE_UNAVAILABLE', message: 'The service cannot reach its database right now; try again shortly' };
  return null;
}
