import { createServer, type Server, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, gracefulCloser } from '../http/graceful-close.ts';
import { createLogger, LOG_LEVELS, type Logger } from './logger.ts';
import { ServiceMetrics } from './metrics.ts';

/**
 * Operational settings every service takes (spread into its config schema). None has a default
 * in the schema: unset means the documented default, decided where it is used.
 */
export const operationsConfigFields = {
  NODE_ENV: z.string().optional().meta({
    description:
      '`production` refuses development keys and default secrets, gives the settings marked "when `NODE_ENV=production`" their production default, and serves `/metrics` only on `METRICS_PORT`',
  }),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` })
    .optional()
    .meta({
      description: `level of the JSON log lines: ${LOG_LEVELS.map((level) => `\`${level}\``).join(', ')}`,
      defaultText: '`info` (`silent` under the test runner)',
    }),
  METRICS_PORT: z
    .string()
    .trim()
    .regex(/^\d{1,5}$/, 'must be an integer 0..65535')
    .transform(Number)
    .refine((value) => value <= 65535, 'must be an integer 0..65535')
    .optional()
    .meta({ description: 'serve `/metrics` on this port only (own listener); unset → on the service port in development, nowhere in production' }),
  SHUTDOWN_TIMEOUT_MS: z
    .string()
    .trim()
    .regex(/^\d{1,7}$/, 'must be a whole number of milliseconds (at most 9999999)')
    .transform(Number)
    .optional()
    .meta({
      description: 'how long a stopping service waits for requests in flight before cutting them, in milliseconds',
      defaultText: `\`${DEFAULT_SHUTDOWN_TIMEOUT_MS}\``,
    }),
};

export interface OperationsConfig {
  NODE_ENV?: string | undefined;
  LOG_LEVEL?: (typeof LOG_LEVELS)[number] | undefined;
  METRICS_PORT?: number | undefined;
  SHUTDOWN_TIMEOUT_MS?: number | undefined;
  HOST: string;
}

/** A service's logger, metrics and shutdown bound, handed to `listen`. */
export interface ServiceOperations {
  logger: Logger;
  metrics: ServiceMetrics;
  shutdownTimeoutMs: number;
  /**
   * /metrics on the service's own port: only in development and when no METRICS_PORT is set. In
   * production the gateway's port faces the world, so metrics are served on METRICS_PORT or not at all.
   */
  metricsOnServicePort: boolean;
  /** Stops the METRICS_PORT listener, if any. */
  close(): Promise<void>;
}

/** Creates the logger (unless the caller gives one) and the metrics of one service instance. */
export async function startOperations(service: string, config: OperationsConfig, logger?: Logger): Promise<ServiceOperations> {
  const log = logger ?? createLogger(service, { level: config.LOG_LEVEL });
  const metrics = new ServiceMetrics(service);
  const production = config.NODE_ENV === 'production';
  const metricsServer = config.METRICS_PORT === undefined ? null : await serveMetrics(metrics, config.METRICS_PORT, config.HOST);
  return {
    logger: log,
    metrics,
    shutdownTimeoutMs: config.SHUTDOWN_TIMEOUT_MS ?? DEFAULT_SHUTDOWN_TIMEOUT_MS,
    metricsOnServicePort: metricsServer === null && !production,
    close: metricsServer ? gracefulCloser(metricsServer, 1000) : async () => undefined,
  };
}

/** A listener of its own that answers only GET /metrics, for a port that is not published. */
async function serveMetrics(metrics: ServiceMetrics, port: number, host: string): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.statusCode = 404;
      response.end();
      return;
    }
    void answerMetrics(response, metrics);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

/** Writes the Prometheus exposition of `metrics`. */
export async function answerMetrics(response: ServerResponse, metrics: ServiceMetrics): Promise<void> {
  try {
    const { contentType, body } = await metrics.exposition();
    response.setHeader('content-type', contentType);
    response.end(body);
  } catch {
    response.statusCode = 500;
    response.end();
  }
}
