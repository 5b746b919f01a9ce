import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { databaseRefusal } from './db-errors.ts';
import { ERROR_CODES, errorCodeOf } from './errors.ts';
import { safeError } from '../observability/logger.ts';
import { currentRequest } from '../http/request-context.ts';
import { tokenLimitRefusal } from '../limits/apollo.ts';

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
  const code = errorCodeOf(formatted.extensions);
  // Apollo re-labels errors of validation rules GRAPHQL_VALIDATION_FAILED; the rule's own code is the precise one.
  const originalCode = original instanceof GraphQLError ? original.extensions.code : undefined;
  if (original instanceof GraphQLError && (originalCode === 'BAD_USER_INPUT' || originalCode === 'QUERY_TOO_COMPLEX')) {
    return { ...formatted, extensions: { ...original.extensions, code: originalCode } };
  }
  const tokenRefusal = tokenLimitRefusal(formatted);
  if (tokenRefusal) return tokenRefusal;
  const refusal = databaseRefusal(original);
  if (refusal) return { message: refusal.message, locations: formatted.locations, path: formatted.path, extensions: { code: refusal.code } };
  if (code === 'INTERNAL_SERVER_ERROR' || !KNOWN_CODES.has(code)) {
    if (!(original instanceof GraphQLError) || code === 'INTERNAL_SERVER_ERROR') logInternalError(original ?? error, formatted.path);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const { stacktrace: _stacktrace, exception: _exception, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}

/** Kind, code and stack frames only (`safeError`): the message may quote a rejected value. */
function logInternalError(error: unknown, path: GraphQLFormattedError['path']): void {
  const log = currentRequest()?.logger;
  if (log) log.error({ err: error, path }, 'internal error');
  else console.error('internal error', safeError(error));
}
