import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { InFlight } from './in-flight.ts';
import type { SubgraphClient, SubgraphReply } from './subgraph-client.ts';
import { subgraphRefusal, subgraphUnreachable } from './subgraph-errors.ts';

/** Request headers the gateway passes on to the subgraphs. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

export interface GatewayContext {
  headers: Partial<Record<(typeof FORWARDED_HEADERS)[number], string>>;
}

type FetchResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];
type FetchRequest = Parameters<RemoteGraphQLDataSource['didEncounterError']>[1];
type ProcessOptions = GraphQLDataSourceProcessOptions<GatewayContext>;
type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * Apollo's stock data source (make-fetch-happen), only taught to forward the caller's headers and
 * to pass on a subgraph's own errors: the `stock` gateway of the benchmark baseline.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  /** The supergraph's name for this subgraph, so that a caller can tell which part of a partial answer is missing. */
  subgraphName?: string;

  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    // Health checks and schema loads carry no caller context, hence no headers.
    const { headers } = context as Partial<GatewayContext>;
    for (const header of FORWARDED_HEADERS) {
      const value = headers?.[header];
      if (value) request.http?.headers.set(header, value);
    }
  }

  override didEncounterError(error: Error, fetchRequest: FetchRequest, fetchResponse?: FetchResponse, context?: GatewayContext) {
    if (fetchResponse === undefined && !(error instanceof GraphQLError)) throw subgraphUnreachable(this.subgraphName);
    super.didEncounterError(error, fetchRequest, fetchResponse, context);
  }

  override async errorFromResponse(response: FetchResponse): Promise<GraphQLError> {
    return subgraphRefusal(response.status, await this.parseBody(response).catch(() => undefined));
  }
}

/**
 * The `tuned` data source: one JSON body and a plain header object per fetch, sent over kept-alive
 * connections, and identical queries of one caller in flight at the same time sent once.
 */
export class TunedSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlight<SubgraphReply>();

  constructor(
    private readonly client: SubgraphClient,
    private readonly subgraphName: string,
  ) {}

  async process(options: ProcessOptions): Promise<SubgraphResponse> {
    const { query, variables, operationName, extensions } = options.request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const headers = forwardedHeaders(options);
    const post = () => this.client.post(body, headers);
    const readOnly = isReadOnly(options);
    // A kept-alive connection that the subgraph closes just as it is reused fails the request;
    // a read is safe to send once more, a write is not.
    const send = readOnly ? () => post().catch(post) : post;
    let reply: SubgraphReply;
    try {
      // The key holds the caller's token: an answer is only ever shared with the same caller.
      reply = await (readOnly ? this.inFlight.run(`${headers.authorization ?? ''}\n${body}`, send) : send());
    } catch {
      throw subgraphUnreachable(this.subgraphName);
    }
    const parsed = parseJson(reply.text);
    if (reply.status < 200 || reply.status > 299) throw subgraphRefusal(reply.status, parsed);
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`The ${this.subgraphName} subgraph answered without a JSON object`);
    return parsed;
  }
}

function forwardedHeaders(options: ProcessOptions): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!('incomingRequestContext' in options)) return headers; // health checks, schema loading
  const caller = options.incomingRequestContext.context.headers;
  for (const name of FORWARDED_HEADERS) {
    const value = caller[name];
    if (value) headers[name] = value;
  }
  return headers;
}

/** Fetches of an incoming query; a mutation's fetches (its follow-up reads too) are never shared. */
function isReadOnly(options: ProcessOptions): boolean {
  return (
    'incomingRequestContext' in options &&
    options.incomingRequestContext.operation.operation === OperationTypeNode.QUERY &&
    !/^\s*mutation\b/.test(options.request.query ?? '')
  );
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
