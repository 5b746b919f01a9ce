export interface GraphQLResponse<Data = Record<string, unknown>> {
  status: number;
  data?: Data | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export interface GraphQLClient {
  url: string;
  // Loosely typed on purpose: tests read response data loosely.
  request<Data = any>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<GraphQLResponse<Data>>;
}

/** Talks GraphQL over HTTP, exactly as an app would. */
export function graphqlClient(url: string): GraphQLClient {
  return {
    url,
    async request(query, variables, headers = {}) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: response.status, ...body } as GraphQLResponse<never>;
    },
  };
}

/** A client that sends `token` unless a request gives its own Authorization header. */
export function withToken(client: GraphQLClient, token: string): GraphQLClient {
  return {
    url: client.url,
    request: (query, variables, headers = {}) => client.request(query, variables, { authorization: `Bearer ${token}`, ...headers }),
  };
}
