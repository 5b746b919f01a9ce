import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { formatError } from '../common/format-error.ts';
import { listen } from '../common/http-server.ts';
import type { GatewayConfig } from './config.ts';
import { FORWARDED_HEADERS, SubgraphDataSource, type GatewayContext } from './subgraph-data-source.ts';

const SUPERGRAPH = new URL('../schema/supergraph.graphql', import.meta.url);

export interface GatewayService {
  url: string;
  stop(): Promise<void>;
}

/** Starts the Apollo Gateway on the committed supergraph, with subgraph URLs from configuration. */
export async function startGateway(config: GatewayConfig): Promise<GatewayService> {
  const urls: Record<string, string> = { clinical: config.CLINICAL_URL, demographic: config.DEMOGRAPHIC_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
    buildService: ({ name }) => {
      const url = urls[name];
      if (!url) throw new Error(`The supergraph names a subgraph "${name}" that has no configured URL`);
      return new SubgraphDataSource({ url });
    },
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway, formatError, includeStacktraceInErrorResponses: false });
  await apollo.start();
  const http = await listen({ apollo, context: async (request) => ({ headers: forwardedHeaders(request) }) }, config.GATEWAY_PORT, config.HOST);
  return {
    url: http.url,
    async stop() {
      await http.close();
      await apollo.stop();
    },
  };
}

function forwardedHeaders(request: IncomingMessage): GatewayContext['headers'] {
  const headers: GatewayContext['headers'] = {};
  for (const name of FORWARDED_HEADERS) {
    const value = request.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
