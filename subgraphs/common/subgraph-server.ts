import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { parse } from 'graphql';
import { formatError } from '../../common/format-error.ts';
import type { Principal } from '../../common/auth/principal.ts';
import { listen, type RunningHttpServer } from '../../common/http-server.ts';

export interface SubgraphOptions<Context extends BaseContext> {
  /** The subgraph's SDL file in schema/: the contract it serves, loaded at start-up. */
  sdlPath: URL;
  resolvers: object;
  context: (request: IncomingMessage, principal: Principal | null) => Promise<Context>;
  /** Verifies every /graphql request's caller before anything runs (see `listen`). */
  authenticate?: (request: IncomingMessage) => Promise<Principal>;
  plugins?: ApolloServerPlugin<Context>[];
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
  const apollo = new ApolloServer<Context>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    plugins: [ApolloServerPluginInlineTraceDisabled(), ...(options.plugins ?? [])],
  });
  await apollo.start();
  let http: RunningHttpServer;
  try {
    http = await listen({ apollo, context: options.context, authenticate: options.authenticate }, options.port, options.host);
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
