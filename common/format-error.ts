import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ERROR_CODES } from './errors.ts';

const KNOWN_CODES = new Set<string>([
  ...Object.keys(ERROR_CODES),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * Keeps platform errors as they are, turns a rejected argument literal (e.g. a non-UUID subject id
 * written inline) into BAD_USER_INPUT, and hides every unexpected error behind a generic message
 * so that no SQL, stack or internal detail leaves the service.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  if (original instanceof GraphQLError && original.extensions.code === 'BAD_USER_INPUT') {
    return { ...formatted, extensions: { ...original.extensions, code: 'BAD_USER_INPUT' } };
  }
  if (code === 'INTERNAL_SERVER_ERROR' || !KNOWN_CODES.has(code)) {
    if (!(original instanceof GraphQLError) || code === 'INTERNAL_SERVER_ERROR') console.error('internal error', error);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}
