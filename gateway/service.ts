import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloGateway } from '@apollo/gateway';
import { startServiceAuth, type ServiceAuth } from '../common/auth/service-auth.ts';
import { formatError } from '../common/format-error.ts';
import { listen } from '../common/http-server.ts';
import { requestIdFrom } from '../common/request-id.ts';
import type { Logger } from '../common/shared/bus.ts';
import type { GatewayConfig } from './config.ts';
import { FORWARDED_HEADERS, SubgraphDataSource, type GatewayContext } from './subgraph-data-source.ts';

const SUPERGRAPH = new URL('../schema/supergraph.graphql', import.meta.url);

export interface GatewayService {
  url: string;
  /** The gateway's view of revoked tokens (shared with the subgraphs through the bus). */
  auth: ServiceAuth;
  stop(): Promise<void>;
}

export interface GatewayOptions {
  logger?: Logger;
  /** Bus key prefix (tests isolate themselves with a random one). */
  keyPrefix?: string;
}

/**
 * Starts the Apollo Gateway on the committed supergraph. It refuses unauthenticated callers itself
 * (401, nothing planned or sent on) and forwards only the caller's own token: each subgraph verifies
 * it again, so no identity header the gateway might add would be trusted anyway.
 */
export async function startGateway(config: GatewayConfig, options: GatewayOptions = {}): Promise<GatewayService> {
  const urls: Record<string, string> = { clinical: config.CLINICAL_URL, demographic: config.DEMOGRAPHIC_URL };
  const auth = await startServiceAuth(config, options);
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
    buildService: ({ name }) => {
      const url = urls[name];
      if (!url) throw new Error(`The supergraph names a subgraph "${name}" that has no configured URL`);
      return new SubgraphDataSource({ url });
    },
  });
  const apollo = new ApolloServer<GatewayContext>({ gateway, formatError, includeStacktraceInErrorResponses: false });
  try {
    await apollo.start();
    const http = await listen(
      { apollo, authenticate: auth.authenticate, context: async (request) => ({ headers: forwardedHeaders(request) }) },
      config.GATEWAY_PORT,
      config.HOST,
    );
    return {
      url: http.url,
      auth,
      async stop() {
        await http.close();
        await apollo.stop();
        await auth.close();
      },
    };
  } catch (error) {
    await apollo.stop().catch(() => undefined);
    await auth.close();
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
  headers['x-request-id'] = requestIdFrom(headers['x-request-id']);
  return headers;
}
