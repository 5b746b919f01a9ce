import { GraphQLError } from 'graphql';
import { platformError } from '../platform/errors/errors.ts';

interface GraphQLErrorBody {
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

const hasErrors = (body: unknown): body is GraphQLErrorBody =>
  typeof body === 'object' && body !== null && Array.isArray((body as GraphQLErrorBody).errors) && (body as GraphQLErrorBody).errors.length > 0;

/**
 * A subgraph's non-2xx answer (e.g. 400 for a bad variable) as the subgraph's own error and code,
 * instead of a bare "400: Bad Request" (which would also disclose the subgraph's URL).
 */
export function subgraphRefusal(status: number, body: unknown): GraphQLError {
  const first = hasErrors(body) ? body.errors[0] : undefined;
  if (first) return new GraphQLError(first.message, { extensions: { ...first.extensions } });
  return new GraphQLError(`A subgraph answered HTTP ${status}`, {
    extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR' },
  });
}

/** No HTTP answer at all (refused, reset, cut off): the subgraph is unreachable, and the caller should hear it as such. */
export function subgraphUnreachable(subgraphName: string | undefined): GraphQLError {
  return platformError('SERVICE_UNAVAILABLE', `The ${subgraphName ?? 'subgraph'} service is unreachable; try again shortly`, {
    serviceName: subgraphName,
  });
}

/** The gateway stopped waiting for a subgraph (GATEWAY_SUBGRAPH_TIMEOUT_MS) and closed its request. */
export function subgraphTimeout(subgraphName: string, ms: number): GraphQLError {
  return platformError(
    'QUERY_TIMEOUT',
    `The ${subgraphName} service did not answer within ${ms} ms (GATEWAY_SUBGRAPH_TIMEOUT_MS) and the gateway stopped waiting; ask for less, or retry later (a write may have been committed: read before retrying it).`,
    { limit: 'GATEWAY_SUBGRAPH_TIMEOUT_MS', max: ms, serviceName: subgraphName },
  );
}
