import { pino, type DestinationStream, type Level, type Logger } from 'pino';

export type { Logger };

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = Level | 'silent';

/**
 * Defence in depth: the services log only operation names, durations, statuses, error codes,
 * request ids and caller subs, never request content. Should a payload ever be passed to a log
 * call by mistake, these keys are censored wherever they appear (up to two levels deep).
 */
const REDACTED_KEYS = ['variables', 'query', 'body', 'input', 'composition', 'name', 'identifiers', 'birthDate', 'authorization', 'cookie'];
export const REDACT_PATHS = REDACTED_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * Errors are logged by kind, code and stack frames only: messages of database and validation
 * errors can quote the values they rejected (a name, an identifier, a lab result).
 */
export function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error };
  const code = (error as { code?: unknown }).code;
  const frames = (error.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  return { type: error.name, ...(typeof code === 'string' ? { code } : {}), stack: frames.join('\n') };
}

export interface LoggerOptions {
  level?: LogLevel | undefined;
  /** Where JSON lines go; stdout when unset (tests pass a stream to read them). */
  destination?: DestinationStream | undefined;
}

/** Default level: `info`, and `silent` under the test runner (NODE_ENV=test) unless LOG_LEVEL says otherwise. */
export function defaultLogLevel(): LogLevel {
  return process.env.NODE_ENV === 'test' ? 'silent' : 'info';
}

/** One JSON logger per service: every line carries `service`, errors go through `safeError`. */
export function createLogger(service: string, options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? defaultLogLevel(),
      base: { service },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: safeError },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination ?? pino.destination(1),
  );
}
