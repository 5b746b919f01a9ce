import { signedInToken } from './session.ts';

interface GraphQLErrorBody {
  message: string;
  extensions?: { code?: string };
}

/** A GraphQL answer with errors (or an HTTP failure): the messages, each with its `extensions.code`. */
export class GraphQLRequestError extends Error {
  constructor(readonly errors: readonly GraphQLErrorBody[]) {
    super(errors.map((error) => (error.extensions?.code ? `${error.extensions.code}: ${error.message}` : error.message)).join('\n'));
    this.name = 'GraphQLRequestError';
  }
}

/** Posts one operation to `endpoint` with the signed-in token; resolves to `data`, rejects on any error. */
export async function graphql<T>(endpoint: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = signedInToken();
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: GraphQLErrorBody[] } | null;
  if (body?.errors?.length) throw new GraphQLRequestError(body.errors);
  if (!response.ok || body?.data == null) throw new GraphQLRequestError([{ message: `HTTP ${response.status} from ${endpoint}` }]);
  return body.data;
}
