import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from './subgraph-data-source.ts';

/**
 * A token the gateway accepts but every subgraph it reached refuses (one whose roles span purposes
 * of use: only the subgraphs hold the policy) is answered as the subgraphs answer it: HTTP 401 and
 * their one UNAUTHENTICATED error, no data. A request any subgraph answered keeps its data and 200.
 */
export function subgraphAuthenticationRefusal(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const { data, errors } = response.body.singleResult;
          const first = errors?.[0];
          const noData = data === null || data === undefined || Object.values(data).every((value) => value === null);
          if (!first || !noData || !errors.every((error) => error.extensions?.code === 'UNAUTHENTICATED')) return;
          response.http.status = 401;
          response.http.headers.set('www-authenticate', 'Bearer error="invalid_token"');
          response.body = { kind: 'single', singleResult: { errors: [{ message: first.message, extensions: { code: 'UNAUTHENTICATED' } }] } };
        },
      };
    },
  };
}
