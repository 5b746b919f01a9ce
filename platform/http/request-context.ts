import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import type { ServiceMetrics } from '../observability/metrics.ts';
import { requestIdsOf } from './request-id.ts';

/** What one request's log line says about it. Filled as the request goes (HTTP, then GraphQL). */
export interface RequestRecord {
  requestId: string;
  /** The `x-request-id` the caller sent, if it was a plain token (see request-id.ts). */
  callerRequestId: string | null;
  /** This request's logger: the service's, with the request id on every line. */
  logger: Logger;
  sub?: string;
  operation?: string;
  operationType?: string;
  errorCodes: string[];
  /** Aborts when the client goes away before its answer is written (its statements are cancelled). */
  signal: AbortSignal;
}

const current = new AsyncLocalStorage<RequestRecord>();

/** The record of the request being handled, if any (for the GraphQL plugin and error logging). */
export function currentRequest(): RequestRecord | undefined {
  return current.getStore();
}

/**
 * Runs `work` outside the request being handled: for work several requests share (a cache being
 * filled), which one caller leaving must not cancel for the others.
 */
export function outsideRequest<T>(work: () => T): T {
  return current.exit(work);
}

/** Notes the verified caller's `sub` for the request log line. */
export function noteCaller(sub: string): void {
  const record = current.getStore();
  if (record) record.sub = sub;
}

/** Probes are logged at debug only, so that a health check every few seconds does not drown the log. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

/**
 * Runs `handle` with a request record in scope and writes one log line when the response is done.
 * The request id is settled here, once, on the request itself: the gateway forwards it, the
 * subgraphs put it in their audit events, and the client gets it back in `x-request-id`.
 */
export function observeRequest(
  service: { logger: Logger; metrics: ServiceMetrics },
  request: IncomingMessage,
  response: ServerResponse,
  handle: () => Promise<void>,
): Promise<void> {
  const { requestId, callerRequestId } = requestIdsOf(request);
  response.setHeader('x-request-id', requestId);
  const logger = service.logger.child(callerRequestId ? { requestId, callerRequestId } : { requestId });
  const gone = new AbortController();
  const record: RequestRecord = { requestId, callerRequestId, logger, errorCodes: [], signal: gone.signal };
  const started = process.hrtime.bigint();
  // The path only: a GET's query string can carry a query with literals and its variables.
  const path = (request.url ?? '/').split('?')[0] ?? '/';
  response.once('close', () => {
    if (!response.writableFinished) gone.abort(new Error('the client closed the connection'));
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    service.metrics.countResponse(path, response.statusCode);
    const line = {
      method: request.method,
      path,
      status: response.statusCode,
      durationMs: Math.round(durationMs * 10) / 10,
      ...(response.writableFinished ? {} : { aborted: true }),
      ...(record.sub ? { sub: record.sub } : {}),
      ...(record.operation ? { operation: record.operation, operationType: record.operationType } : {}),
      ...(record.errorCodes.length ? { errorCodes: [...new Set(record.errorCodes)] } : {}),
    };
    if (PROBES.has(path)) record.logger.debug(line, 'request');
    else record.logger.info(line, 'request');
  });
  return current.run(record, handle);
}
