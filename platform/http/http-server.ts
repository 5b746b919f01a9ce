import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HeaderMap, type ApolloServer, type BaseContext, type ContextThunk } from '@apollo/server';
import { AuthenticationError } from '../auth/authenticate.ts';
import type { Principal } from '../auth/principal.ts';
import { jsonDepthProblem } from './json-depth.ts';
import { applyCors } from './cors.ts';
import { batchProblem, type HttpLimits } from '../limits/http.ts';
import type { RateLimitRefusal } from '../limits/rate-limit.ts';
import { gracefulCloser } from './graceful-close.ts';
import { answerMetrics, type ServiceOperations } from '../observability/operations.ts';
import { answerReady, type ReadyReport } from '../observability/readiness.ts';
import { currentRequest, noteCaller, observeRequest } from './request-context.ts';

export interface HttpServerOptions<Context extends BaseContext> {
  apollo: ApolloServer<Context>;
  /** Builds the per-request context from the incoming request and its verified caller (null without `authenticate`). */
  context: (request: IncomingMessage, principal: Principal | null) => Promise<Context>;
  /**
   * Verifies the caller of every `/graphql` request (introspection and `_service` included) before
   * anything runs; an `AuthenticationError` is answered 401 UNAUTHENTICATED. `/health` stays open.
   */
  authenticate?: (request: IncomingMessage) => Promise<Principal>;
  /** Largest accepted request body; canonical compositions can be large. */
  maxBodyBytes?: number;
  /** CORS, rate limits, body and batch size (platform/limits/http.ts); `maxBodyBytes` gives way to its own. */
  limits?: HttpLimits;
  /** Answers `/ready`: 200 when every required check passes, else 503 naming what is not ready. */
  ready?: () => Promise<ReadyReport>;
  /** Request log lines, metrics (and `/metrics` where allowed) and the shutdown bound (platform/observability/operations.ts). */
  operations?: ServiceOperations;
}

export interface RunningHttpServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

class RequestBodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Serves an (already started) Apollo Server at `/graphql`, plus `/health`. A thin integration over
 * `executeHTTPGraphQLRequest`, so every service shares one request path that later issues extend
 * (limits, request ids, readiness).
 */
export async function listen<Context extends BaseContext>(options: HttpServerOptions<Context>, port: number, host = '127.0.0.1'): Promise<RunningHttpServer> {
  const server = createServer((request, response) => {
    const run = () =>
      handle(options, request, response).catch((error: unknown) => {
        (currentRequest()?.logger ?? options.operations?.logger)?.error({ err: error }, 'unhandled request error');
        if (!response.headersSent) sendJson(response, 500, graphqlErrorBody('Internal server error', 'INTERNAL_SERVER_ERROR'));
        else response.end();
      });
    void (options.operations ? observeRequest(options.operations, request, response, run) : run());
  });
  // Idle kept-alive connections stay open longer than the gateway's client keeps them (undici
  // follows the advertised timeout), so the server is not the one closing a socket being reused.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const url = `http://${host}:${address.port}/graphql`;
  return {
    server,
    url,
    close: gracefulCloser(server, options.operations?.shutdownTimeoutMs),
  };
}

async function handle<Context extends BaseContext>(options: HttpServerOptions<Context>, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname === '/health') return sendJson(response, 200, { status: 'ok' });
  if (url.pathname === '/ready') return answerReady(response, options.ready);
  if (url.pathname === '/metrics' && options.operations?.metricsOnServicePort) return answerMetrics(response, options.operations.metrics);
  if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'Not found: the GraphQL endpoint is /graphql' });
  if (options.limits && applyCors(options.limits.cors, request, response)) return;
  const addressRefusal = await options.limits?.rateLimits.checkAddress(request.socket.remoteAddress);
  if (addressRefusal) return sendRateLimited(response, addressRefusal);

  let principal: Principal | null = null;
  if (options.authenticate) {
    try {
      principal = await options.authenticate(request);
      noteCaller(principal.sub);
    } catch (error) {
      if (!(error instanceof AuthenticationError)) throw error;
      response.setHeader('www-authenticate', 'Bearer error="invalid_token"');
      return sendJson(response, 401, graphqlErrorBody(`Unauthenticated: ${error.reason}`, 'UNAUTHENTICATED'));
    }
  }
  const callerRefusal = principal && (await options.limits?.rateLimits.checkCaller(principal));
  if (callerRefusal) return sendRateLimited(response, callerRefusal);
  let body: unknown;
  try {
    body = await readJsonBody(request, options.limits?.maxBodyBytes ?? options.maxBodyBytes ?? 10 * 1024 * 1024);
  } catch (error) {
    if (!(error instanceof RequestBodyError)) throw error;
    return sendJson(response, error.status, graphqlErrorBody(error.message, 'BAD_REQUEST'));
  }
  const tooLargeBatch = options.limits && batchProblem(body, options.limits.maxBatchSize);
  if (tooLargeBatch) return sendJson(response, 400, graphqlErrorBody(tooLargeBatch, 'BAD_REQUEST'));
  const headers = new HeaderMap();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const context: ContextThunk<Context> = () => options.context(request, principal);
  const result = await options.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
    context,
  });
  for (const [name, value] of result.headers) response.setHeader(name, value);
  response.statusCode = result.status ?? 200;
  if (result.body.kind === 'complete') {
    response.end(result.body.string);
    return;
  }
  for await (const chunk of result.body.asyncIterator) response.write(chunk);
  response.end();
}

async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  if (request.method !== 'POST') return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new RequestBodyError(413, `Request body exceeds the limit of ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  const type = request.headers['content-type'] ?? '';
  if (!type.includes('json')) return text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch (error) {
    throw new RequestBodyError(400, `Request body is not valid JSON: ${(error as Error).message}`);
  }
  const tooDeep = jsonDepthProblem(parsed);
  if (tooDeep) throw new RequestBodyError(400, tooDeep);
  return parsed;
}

function graphqlErrorBody(message: string, code: string, details: Record<string, unknown> = {}) {
  return { errors: [{ message, extensions: { ...details, code } }] };
}

function sendRateLimited(response: ServerResponse, refusal: RateLimitRefusal): void {
  response.setHeader('retry-after', String(refusal.retryAfter));
  sendJson(response, 429, graphqlErrorBody(refusal.message, 'RATE_LIMITED', { retryAfter: refusal.retryAfter }));
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.statusCode = status;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.end(JSON.stringify(body));
}
