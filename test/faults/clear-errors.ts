import { expect } from 'vitest';
import { ERROR_CODES } from '../../platform/errors/errors.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';

/** Codes a refusal may carry: the registry's, and GraphQL's own for a document that does not parse or validate. */
const CLEAR_CODES = new Set<string>([...Object.keys(ERROR_CODES), 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']);
CLEAR_CODES.delete('INTERNAL_SERVER_ERROR');

/**
 * Either a success, or a refusal a client can act on: HTTP < 500, every error with a registered
 * code (never an internal error) and a message, no stack trace or exception details.
 */
export function expectClearAnswer(response: GraphQLResponse, input: unknown): void {
  const context = `input: ${JSON.stringify(input)?.slice(0, 300)}\nanswer: ${JSON.stringify(response).slice(0, 600)}`;
  expect(response.status, context).toBeLessThan(500);
  for (const error of response.errors ?? []) {
    expect(CLEAR_CODES.has(String(error.extensions?.code)), context).toBe(true);
    expect(error.message.length, context).toBeGreaterThan(0);
    expect(error.extensions, context).not.toHaveProperty('exception');
    expect(error.extensions, context).not.toHaveProperty('stacktrace');
  }
  expect(JSON.stringify(response), context).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
}
