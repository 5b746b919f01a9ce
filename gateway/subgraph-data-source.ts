import { RemoteGraphQLDataSource } from '@apollo/gateway';
import { GraphQLError } from 'graphql';

/** Request headers the gateway passes on to the subgraphs. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

export interface GatewayContext {
  headers: Partial<Record<(typeof FORWARDED_HEADERS)[number], string>>;
}

type FetchResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

interface GraphQLErrorBody {
  errors: { message: string; extensions?: Record<string, unknown> }[];
}

const hasErrors = (body: unknown): body is GraphQLErrorBody =>
  typeof body === 'object' && body !== null && Array.isArray((body as GraphQLErrorBody).errors) && (body as GraphQLErrorBody).errors.length > 0;

/**
 * A subgraph data source that forwards the caller's headers and, when a subgraph refuses a request
 * with a non-2xx status (e.g. 400 for a bad variable), passes on the subgraph's own error and code
 * instead of a bare "400: Bad Request" (which would also disclose the subgraph's URL).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    for (const header of FORWARDED_HEADERS) {
      const value = context.headers?.[header];
      if (value) request.http?.headers.set(header, value);
    }
  }

  override async errorFromResponse(response: FetchResponse): Promise<GraphQLError> {
    const body: unknown = await this.parseBody(response).catch(() => undefined);
    const first = hasErrors(body) ? body.errors[0] : undefined;
    if (first) return new GraphQLError(first.message, { extensions: { ...first.extensions } });
    return new GraphQLError(`A subgraph answered HTTP ${response.status}`, {
      extensions: { code: response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR' },
    });
  }
}
