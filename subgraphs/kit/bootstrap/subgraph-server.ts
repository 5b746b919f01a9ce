import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { formatError } from '../../../platform/errors/format-error.ts';
import type { Principal } from '../../../platform/auth/principal.ts';
import { listen, type HttpServerOptions, type RunningHttpServer } from '../../../platform/http/http-server.ts';
import { apolloLimits } from '../../../platform/limits/apollo.ts';
import type { LimitsConfig } from '../../../platform/limits/config.ts';
import { httpLimits } from '../../../platform/limits/http.ts';
import type { RateLimitOptions } from '../../../platform/limits/rate-limit.ts';

export interface SubgraphOptions<Context extends BaseContext> {
  /** The subgraph's SDL file in schema/: the contract it serves, loaded at start-up. */
  sdlPath: URL;
  resolvers: object;
  context: (request: IncomingMessage, principal: Principal | null) => Promise<Context>;
  /** Verifies every /graphql request's caller before anything runs (see `listen`). */
  authenticate?: (request: IncomingMessage) => Promise<Principal>;
  plugins?: ApolloServerPlugin<Context>[];
  /** Operation and HTTP limits for direct callers (and the gateway), and where rate limits count. */
  limits: LimitsConfig;
  rateLimits: RateLimitOptions;
  /** `/ready`, and the request log, metrics and shutdown bound (see `listen`). */
  ready?: HttpServerOptions<Context>['ready'];
  operations?: HttpServerOptions<Context>['operations'];
  port: number;
  host: string;
}

export interface RunningSubgraph {
  url: string;
  stop(): Promise<void>;
}

/** Builds the federated schema from its SDL file and serves it over HTTP. */
export async function startSubgraph<Context extends BaseContext>(options: SubgraphOptions<Context>): Promise<RunningSubgraph> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(readFileSync(options.sdlPath, 'utf8')),
    resolvers: options.resolvers as GraphQLResolverMap<unknown>,
  });
  const graphqlLimits = apolloLimits(options.limits);
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    // Apollo's own SIGTERM handler stops at once and re-raises the signal: run-service.ts drains first.
    stopOnTerminationSignals: false,
    ...graphqlLimits,
    // Apollo's cache-control plugin hooks every resolved field to compute hints nothing here reads (no response cache, no CDN).
    plugins: [ApolloServerPluginInlineTraceDisabled(), ApolloServerPluginCacheControlDisabled(), ...graphqlLimits.plugins, ...(options.plugins ?? [])],
  });
  await apollo.start();
  const limits = httpLimits(options.limits, options.rateLimits);
  let http: RunningHttpServer;
  try {
    const { context, authenticate, ready, operations } = options;
    http = await listen({ apollo, context, authenticate, limits, ready, operations }, options.port, options.host);
  } catch (error) {
    await apollo.stop();
    throw error;
  }
  return {
    url: http.url,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}
