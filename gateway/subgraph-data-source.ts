import { RemoteGraphQLDataSource, type GraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, OperationTypeNode } from 'graphql';
import { DeadlineExpired, NEVER_ABORTED, withinDeadline } from './fetch-deadline.ts';
import { InFlight } from './in-flight.ts';
import type { SubgraphClient, SubgraphReply } from './subgraph-client.ts';
import { subgraphRefusal, subgraphTimeout, subgraphUnreachable } from './subgraph-errors.ts';

/** Request headers the gateway passes on to the subgraphs. */
export const FORWARDED_HEADERS = ['authorization', 'x-request-id'] as const;

export interface GatewayContext {
  headers: Partial<Record<(typeof FORWARDED_HEADERS)[number], string>>;
  /** Aborts when the caller goes away before its answer is written: its subgraph fetches are aborted too. */
  signal: AbortSignal;
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
 * connections, and identical queries of one caller in flight at the same time sent once. A fetch
 * ends when its caller goes away or after `timeoutMs` (GATEWAY_SUBGRAPH_TIMEOUT_MS): its connection
 * is closed, so the subgraph cancels the statement it runs for it.
 */
export class TunedSubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  private readonly inFlight = new InFlight<SubgraphReply>();

  constructor(
    private readonly client: SubgraphClient,
    private readonly subgraphName: string,
    private readonly timeoutMs: number,
  ) {}

  async process(options: ProcessOptions): Promise<SubgraphResponse> {
    const { query, variables, operationName, extensions } = options.request;
    const body = JSON.stringify({ query, variables, operationName, extensions });
    const headers = forwardedHeaders(options);
    const post = (signal: AbortSignal) => withinDeadline(this.timeoutMs, signal, (fetchSignal) => this.client.post(body, headers, fetchSignal));
    const readOnly = isReadOnly(options);
    const send = readOnly ? (signal: AbortSignal) => sentAgainOnFailure(post, signal) : post;
    const caller = callerSignal(options);
    let reply: SubgraphReply;
    try {
      // The key holds the caller's token: an answer is only ever shared with the same caller.
      reply = await (readOnly ? this.inFlight.run(`${headers.authorization ?? ''}\n${body}`, send, caller) : send(caller ?? NEVER_ABORTED));
    } catch (error) {
      if (error instanceof DeadlineExpired) throw subgraphTimeout(this.subgraphName, error.ms);
      throw subgraphUnreachable(this.subgraphName);
    }
    const parsed = parseJson(reply.text);
    if (reply.status < 200 || reply.status > 299) throw subgraphRefusal(reply.status, parsed);
    if (typeof parsed !== 'object' || parsed === null) throw new Error(`The ${this.subgraphName} subgraph answered without a JSON object`);
    return parsed;
  }
}

/**
 * A kept-alive connection that the subgraph closes just as it is reused fails the request: a read
 * is safe to send once more (a write is not), unless it was given up on.
 */
async function sentAgainOnFailure<T>(post: (signal: AbortSignal) => Promise<T>, signal: AbortSignal): Promise<T> {
  try {
    return await post(signal);
  } catch (error) {
    if (signal.aborted || error instanceof DeadlineExpired) throw error;
    return post(signal);
  }
}

function callerSignal(options: ProcessOptions): AbortSignal | undefined {
  return 'incomingRequestContext' in options ? options.incomingRequestContext.context.signal : undefined;
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
