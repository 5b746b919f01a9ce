import { GraphQLError } from 'graphql';

/**
 * Every error code the platform returns in `extensions.code`, with what it means and the HTTP
 * status a request failing only with it would deserve. docs/errors.md is generated from the
 * descriptions (`npm run docs`).
 */
export const ERROR_CODES = {
  BAD_USER_INPUT: { status: 400, description: 'An argument or document is invalid; `extensions.jsonPath` or `argument` says where.' },
  BAD_REQUEST: { status: 400, description: 'The HTTP request itself is malformed (not JSON, no query).' },
  UNAUTHENTICATED: {
    status: 401,
    description:
      'No valid bearer token (HTTP 401): missing, malformed, badly signed, from an unknown issuer, for another audience, expired or revoked; the message gives one short reason and nothing more.',
  },
  FORBIDDEN: {
    status: 403,
    description:
      'The caller is authenticated but not allowed to do this: a refused write, or a hidden field (`null` at its path, the rest of the response intact).',
  },
  NOT_FOUND: { status: 404, description: 'The thing the operation acts on does not exist.' },
  CONFLICT: {
    status: 409,
    description:
      'The thing to create exists already (a second EHR for a subject, an identifier or EHR already linked to another patient, a deleted composition).',
  },
  VERSION_CONFLICT: {
    status: 409,
    description: 'The preceding version given is not the latest; `extensions.latestVersionUid` carries the latest.',
  },
  QUERY_TOO_COMPLEX: {
    status: 400,
    description:
      'The operation (HTTP 400) exceeds a limit (depth, aliases, directives, repeated fields, tokens or cost, or the shape of an AQL query or planned cost); `extensions.limit` names it and `extensions.max` gives its value.',
  },
  QUERY_TIMEOUT: {
    status: 400,
    description:
      'A statement ran over its deadline, a research query waited too long for a turn, or the gateway stopped waiting for a subgraph, and the work was stopped; `extensions.limit` names the setting and `extensions.max` its value in ms. Ask for less (a narrower query, a smaller `fetch`), or retry later.',
  },
  RATE_LIMITED: {
    status: 429,
    description: 'Too many requests (HTTP 429) from this caller or address; retry after `extensions.retryAfter` seconds (also the `Retry-After` header).',
  },
  RESEARCH_BUDGET_EXHAUSTED: {
    status: 429,
    description:
      'A caller under disclosure control (policy `research.suppressRoles`) has spent their research query budget (`research.budget`: cohorts and AQL per window); retry after `extensions.retryAfter` seconds.',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    description:
      'A database or subgraph the operation needs cannot be reached right now; retry shortly (a commit is all or nothing: read before retrying one whose answer was lost). Through the gateway, the parts of the answer from the other subgraph are still there.',
  },
  INTERNAL_SERVER_ERROR: { status: 500, description: 'Something failed inside the service; no internals are disclosed.' },
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The only way services make a GraphQL error: a code from the registry plus safe details. */
export function platformError(code: ErrorCode, message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } });
}

export const badInput = (message: string, details: Record<string, unknown> = {}) => platformError('BAD_USER_INPUT', message, details);

/** A GraphQL error's `extensions.code`; INTERNAL_SERVER_ERROR when it has none (or one that is not a string). */
export const errorCodeOf = (extensions: Readonly<Record<string, unknown>> | undefined): string =>
  typeof extensions?.code === 'string' ? extensions.code : 'INTERNAL_SERVER_ERROR';
