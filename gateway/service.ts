import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { startServiceAuth, type ServiceAuth } from '../platform/auth/service-auth.ts';
import { formatError } from '../platform/errors/format-error.ts';
import { listen } from '../platform/http/http-server.ts';
import type { CacheEventHook } from '../platform/redis/cache-events.ts';
import { apolloLimits } from '../platform/limits/apollo.ts';
import { httpLimits } from '../platform/limits/http.ts';
import type { Logger } from '../platform/observability/logger.ts';
import { operationPlugin } from '../platform/observability/operation-plugin.ts';
import { startOperations } from '../platform/observability/operations.ts';
import { currentRequest } from '../platform/http/request-context.ts';
import { requestIdsOf } from '../platform/http/request-id.ts';
import { openRedisConnection } from '../platform/redis/connection.ts';
import type { GatewayConfig } from './config.ts';
import { NEVER_ABORTED } from './fetch-deadline.ts';
import { gatewayReadiness } from './readiness.ts';
import { FORWARDED_HEADERS, type GatewayContext } from './subgraph-data-source.ts';
import { subgraphAuthenticationRefusal } from './subgraph-refusal-status.ts';
import { openGatewayCache, subgraphServices, type GatewayTuning } from './tuning.ts';

const SUPERGRAPH = new URL('../schema/supergraph.graphql', import.meta.url);

export interface GatewayService {
  url: string;
  /** The gateway's view of revoked tokens (shared with the subgraphs through the bus). */
  auth: ServiceAuth;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  /** The gateway's JSON logger; by default one on stdout at LOG_LEVEL. */
  logger?: Logger;
  /** Bus key prefix (tests isolate themselves with a random one). */
  keyPrefix?: string;
  /** `tuned` (default) or `stock`, Apollo's defaults for the benchmark's baseline (see gateway/tuning.ts). */
  tuning?: GatewayTuning;
  /** Sees every event of the gateway's cache (APQ and Apollo's cache). */
  onCacheEvent?: CacheEventHook;
}

/**
 * Starts the Apollo Gateway on the committed supergraph. It refuses unauthenticated callers itself
 * (401, nothing planned or sent on) and forwards only the caller's own token: each subgraph verifies
 * it again, so no identity header the gateway might add would be trusted anyway.
 */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<GatewayService> {
  const urls: Record<string, string> = { clinical: config.CLINICAL_URL, demographic: config.DEMOGRAPHIC_URL };
  const operations = await startOperations('gateway', config, options.logger);
  const logger = operations.logger;
  const redis = config.REDIS_URL ? await openRedisConnection(config.REDIS_URL, logger) : undefined;
  const auth = await startServiceAuth(config, { keyPrefix: options.keyPrefix, redis, logger });
  const tuning = options.tuning ?? 'tuned';
  const subgraphs = subgraphServices(urls, tuning, config.GATEWAY_SUBGRAPH_TIMEOUT_MS);
  const cache = openGatewayCache(config, tuning, { redis, keyPrefix: auth.bus.keyPrefix, onCacheEvent: options.onCacheEvent });
  const gateway = new ApolloGateway({ supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'), buildService: subgraphs.buildService });
  const ready = gatewayReadiness(gateway, urls);
  const graphqlLimits = apolloLimits(config);
  const limits = httpLimits(config, { redis, keyPrefix: `${auth.bus.keyPrefix}gateway:`, logger });
  const closeShared = async () => {
    await Promise.all([subgraphs.close(), cache.close()]);
    await auth.close();
    await redis?.close();
    await operations.close();
  };
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    formatError,
    // Apollo's own SIGTERM handler stops at once and re-raises the signal: run-service.ts drains first.
    stopOnTerminationSignals: false,
    ...cache.apollo,
    ...graphqlLimits,
    plugins: [operationPlugin(operations.metrics), subgraphAuthenticationRefusal(), ...graphqlLimits.plugins],
  });
  try {
    await apollo.start();
    const http = await listen(
      {
        apollo,
        authenticate: auth.authenticate,
        context: async (request) => ({ headers: forwardedHeaders(request), signal: currentRequest()?.signal ?? NEVER_ABORTED }),
        ready,
        operations,
        limits,
      },
      config.GATEWAY_PORT,
      config.HOST,
    );
    return {
      url: http.url,
      auth,
      async stop() {
        await http.close();
        await apollo.stop();
        await closeShared();
      },
    };
  } catch (error) {
    await apollo.stop().catch(() => undefined);
    await closeShared();
    throw error;
  }
}

/**
 * Only the allow-listed headers (the caller's token, the request id) go on; any x-user/x-org/x-roles
 * is dropped. A request without an id gets one, so that both subgraphs' audit events share it.
 */
function forwardedHeaders(request: IncomingMessage): GatewayContext['headers'] {
  const headers: GatewayContext['headers'] = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  // The subgraphs record the gateway's own id as their caller's: one id ties the three services' logs and audit events.
  headers['x-request-id'] = requestIdsOf(request).requestId;
  return headers;
}
