import type { ApolloServerOptions } from '@apollo/server';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { CacheEventHook } from '../platform/redis/cache-events.ts';
import type { RedisConnection } from '../platform/redis/connection.ts';
import { openSharedCache } from '../platform/redis/open-shared-cache.ts';
import type { SharedCache } from '../platform/redis/shared-cache.ts';
import type { GatewayConfig } from './config.ts';
import { SubgraphClient } from './subgraph-client.ts';
import { SubgraphDataSource, TunedSubgraphDataSource, type GatewayContext } from './subgraph-data-source.ts';

/**
 * `tuned` (the default): kept-alive undici connections to the subgraphs, in-flight deduplication,
 * and APQ plus Apollo's cache in the shared KeyValueCache (Redis when REDIS_URL is set).
 * `stock`: Apollo's own RemoteGraphQLDataSource and in-memory defaults, the benchmark's baseline
 * (its fetches have no deadline and are not aborted when the caller goes away).
 */
export type GatewayTuning = 'stock' | 'tuned';

export interface SubgraphServices {
  /** ApolloGateway's `buildService`. */
  buildService: (definition: { name: string }) => GraphQLDataSource<GatewayContext>;
  close(): Promise<void>;
}

/** The data sources of the subgraphs at `urls` (by supergraph name); `timeoutMs` bounds each tuned fetch. */
export function subgraphServices(urls: Record<string, string>, tuning: GatewayTuning, timeoutMs: number): SubgraphServices {
  const clients: SubgraphClient[] = [];
  const urlOf = (name: string) => {
    const url = urls[name];
    if (!url) throw new Error(`The supergraph names a subgraph "${name}" that has no configured URL`);
    return url;
  };
  return {
    buildService({ name }) {
      if (tuning === 'stock') return Object.assign(new SubgraphDataSource({ url: urlOf(name) }), { subgraphName: name });
      const client = new SubgraphClient(urlOf(name));
      clients.push(client);
      return new TunedSubgraphDataSource(client, name, timeoutMs);
    },
    close: async () => {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

export interface GatewayCache {
  /** Spread into the ApolloServer options. */
  apollo: Pick<ApolloServerOptions<GatewayContext>, 'cache' | 'persistedQueries'>;
  close(): Promise<void>;
}

/**
 * Apollo's cache and the automatic persisted queries in it, shared by every gateway replica through
 * Redis (a query registered through one replica runs by hash through any other). Stock: Apollo's
 * defaults (in-memory, per replica).
 */
export function openGatewayCache(
  config: GatewayConfig,
  tuning: GatewayTuning,
  options: { redis: RedisConnection | undefined; keyPrefix: string; onCacheEvent?: CacheEventHook | undefined },
): GatewayCache {
  if (tuning === 'stock') return { apollo: {}, close: async () => undefined };
  const cache: SharedCache = openSharedCache({ redis: options.redis, keyPrefix: options.keyPrefix, namespace: 'gateway', onEvent: options.onCacheEvent });
  return { apollo: { cache, persistedQueries: { ttl: config.APQ_TTL_SECONDS } }, close: () => cache.close() };
}
