import { z } from 'zod';
import { ConfigError, loadConfig } from '../config/load-config.ts';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from './graceful-close.ts';
import { createLogger } from '../observability/logger.ts';
import { operationsConfigFields } from '../observability/operations.ts';

/** Beyond the drain bound, what closing pools and connections may take before the process gives up. */
const CLOSE_MARGIN_MS = 5000;

/**
 * Starts a service from the command line and stops it cleanly on SIGTERM/SIGINT: no new
 * connections, requests in flight finished (up to SHUTDOWN_TIMEOUT_MS), then pools closed. A second
 * signal, or a stop that overruns the bound, exits at once.
 */
export async function runService(name: string, start: () => Promise<{ url: string; stop(): Promise<void> }>): Promise<void> {
  let service: { url: string; stop(): Promise<void> };
  try {
    service = await start();
  } catch (error) {
    // Start-up problems are for a person at a terminal: the plain message, one line per setting.
    console.error(error instanceof ConfigError ? `${name}: ${error.message}` : error);
    process.exit(1);
  }
  const settings = loadConfig(z.object(operationsConfigFields));
  const log = createLogger(name, { level: settings.LOG_LEVEL });
  const drainMs = settings.SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  log.info({ url: service.url }, `${name} ready`);
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    log.info({ signal, drainMs }, 'stopping: refusing new connections, finishing requests in flight');
    setTimeout(() => {
      log.error('stop overran its bound: exiting');
      process.exit(1);
    }, drainMs + CLOSE_MARGIN_MS).unref();
    service.stop().then(
      () => {
        log.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, 'stop failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}
