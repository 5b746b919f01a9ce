import { ERROR_CODES } from '../../platform/errors/errors.ts';
import { generatedNotice, table } from './markdown.ts';

/** docs/errors.md: every code of the error registry with its meaning. */
export function errorsPage(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, { description }]) => [`\`${code}\``, description]);
  return `${generatedNotice('platform/errors/errors.ts (ERROR_CODES)')}

# Errors

Every error the platform returns carries \`extensions.code\`, one of the codes below. Errors never
carry a stack trace or \`extensions.exception\`, and an unexpected failure is always
\`INTERNAL_SERVER_ERROR\` with a generic message. Apollo's own request codes
(\`GRAPHQL_PARSE_FAILED\`, \`GRAPHQL_VALIDATION_FAILED\`, \`PERSISTED_QUERY_NOT_FOUND\`, …) pass through
as Apollo sets them.

${table(['code', 'meaning'], rows)}

The limits behind \`QUERY_TOO_COMPLEX\`, \`BAD_REQUEST\` and \`RATE_LIMITED\` are in
[operations.md](operations.md#limits); which reads and writes end in \`FORBIDDEN\` or look like
\`NOT_FOUND\` is in [security.md](security.md#how-it-is-enforced).
`;
}
