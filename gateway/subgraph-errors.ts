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
