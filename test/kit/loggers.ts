import { createLogger, type Logger } from '../../platform/observability/logger.ts';

/** A logger that writes nothing, for code under test that needs one. */
export const silentLogger = (): Logger => createLogger('test', { level: 'silent' });

/** A logger that keeps the message of every line at `warn` and above, for tests that read what was logged. */
export function recordingLogger(): { logger: Logger; warnings: string[] } {
  const warnings: string[] = [];
  const destination = { write: (line: string) => void warnings.push((JSON.parse(line) as { msg: string }).msg) };
  return { logger: createLogger('test', { level: 'warn', destination }), warnings };
}
