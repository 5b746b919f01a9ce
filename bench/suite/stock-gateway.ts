import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import type { GatewayConfig } from '../../gateway/config.ts';

const SUPERGRAPH = new URL('../../schema/supergraph.graphql', import.meta.url);

interface StockContext {
  authorization?: string;
}

/** The default data source, plus the one thing the subgraphs need: the caller's token. */
class ForwardingDataSource extends RemoteGraphQLDataSource<StockContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<StockContext>['willSendRequest']>>[0]) {
    const { authorization } = context as StockContext;
    if (authorization) request.http?.headers.set('authorization', authorization);
  }
}

/**
 * The baseline of scenario 1: `@apollo/gateway` as its documentation sets it up — default fetcher,
 * no plan-cache or transport tuning, Apollo's standalone HTTP server — on the same supergraph. It
 * does not verify tokens itself; the subgraphs do, as behind our gateway.
 */
export async function startStockGateway(config: GatewayConfig): Promise<{ url: string; stop(): Promise<void> }> {
  const urls: Record<string, string> = { clinical: config.CLINICAL_URL, demographic: config.DEMOGRAPHIC_URL };
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH, 'utf8'),
    buildService: ({ name }) => new ForwardingDataSource({ url: urls[name] }),
  });
  const server = new ApolloServer<StockContext>({ gateway });
  const { url } = await startStandaloneServer(server, {
    listen: { port: config.GATEWAY_PORT, host: config.HOST },
    context: async ({ req }) => (req.headers.authorization ? { authorization: req.headers.authorization } : {}),
  });
  return { url, stop: () => server.stop() };
}
