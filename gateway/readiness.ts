import type { ApolloGateway } from '@apollo/gateway';
import { CHECK_TIMEOUT_MS, NotReady, runChecks, type ReadyCheck, type ReadyReport } from '../platform/observability/readiness.ts';

/**
 * The gateway is ready once its supergraph is loaded. Each subgraph's own /ready is reported too,
 * but does not make the gateway unready: with one subgraph down the gateway still answers the
 * other's part (with an error for the missing part), and taking it out of rotation would turn a
 * partial outage into a full one.
 */
export function gatewayReadiness(gateway: ApolloGateway, subgraphUrls: Record<string, string>): () => Promise<ReadyReport> {
  let loaded = false;
  gateway.onSchemaLoadOrUpdate(() => {
    loaded = true;
  });
  const checks: Record<string, ReadyCheck> = {
    supergraph: {
      run: async () => {
        if (!loaded) throw new NotReady('not loaded');
      },
    },
  };
  for (const [name, url] of Object.entries(subgraphUrls)) {
    checks[`subgraph ${name}`] = { required: false, failure: 'not ready or unreachable', run: () => subgraphReady(url) };
  }
  return () => runChecks(checks);
}

async function subgraphReady(graphqlUrl: string): Promise<void> {
  const response = await fetch(new URL('/ready', graphqlUrl), { signal: AbortSignal.timeout(CHECK_TIMEOUT_MS) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`subgraph /ready answered ${response.status}`);
}
