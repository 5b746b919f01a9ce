import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError, type ValidationRule } from 'graphql';
import { MAX_FETCH_CEILING, MAX_PAGE_SIZE_CEILING, type LimitsConfig } from './config.ts';
import { armorRule, blockFieldSuggestions, maxFieldRepeatsRule } from './document-rules.ts';
import { operationLimitsPlugin, type SizeCaps } from './operation-limits.ts';

/**
 * The ApolloServer options that enforce the operation limits, to spread into `new ApolloServer`
 * of every service (merge `plugins` with the service's own). Token count is checked by graphql-js
 * while parsing (`parseOptions.maxTokens`), before any document is built; the format-error step
 * turns that refusal into QUERY_TOO_COMPLEX.
 */
export function apolloLimits(config: LimitsConfig) {
  const validationRules: ValidationRule[] = [
    armorRule('maxDepth', config.GRAPHQL_MAX_DEPTH),
    armorRule('maxAliases', config.GRAPHQL_MAX_ALIASES),
    armorRule('maxDirectives', config.GRAPHQL_MAX_DIRECTIVES),
    maxFieldRepeatsRule(config.GRAPHQL_MAX_FIELD_REPEATS),
    ...(config.GRAPHQL_INTROSPECTION ? [] : [noSchemaExport]),
  ];
  const plugins: ApolloServerPlugin[] = [
    firstLimitErrorOnly,
    operationLimitsPlugin(sizeCaps(config), config.GRAPHQL_MAX_COST),
    ...(config.GRAPHQL_FIELD_SUGGESTIONS ? [] : blockFieldSuggestions()),
  ];
  return {
    validationRules,
    plugins,
    parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
    introspection: config.GRAPHQL_INTROSPECTION,
    hideSchemaDetailsFromClientErrors: !config.GRAPHQL_FIELD_SUGGESTIONS,
    allowBatchedHttpRequests: config.GRAPHQL_MAX_BATCH > 0,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
  };
}

/**
 * A cap at the data layer's own ceiling is left to the resolvers (a per-field BAD_USER_INPUT, the
 * rest of the operation runs); a lower one refuses the whole operation before anything runs.
 */
function sizeCaps(config: LimitsConfig): SizeCaps {
  const below = (cap: number, ceiling: number) => (cap < ceiling ? cap : Infinity);
  return { page: below(config.GRAPHQL_MAX_PAGE_SIZE, MAX_PAGE_SIZE_CEILING), fetch: below(config.GRAPHQL_MAX_FETCH, MAX_FETCH_CEILING) };
}

/**
 * A document refused by a limit is answered with that refusal alone: validation runs every rule
 * over the whole document, and sixty unknown directives would otherwise add sixty more errors.
 */
const firstLimitErrorOnly: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single') return;
        const { errors } = response.body.singleResult;
        const refusal = errors?.find((error) => error.extensions?.code === 'QUERY_TOO_COMPLEX');
        if (refusal && errors && errors.length > 1) response.body.singleResult.errors = [refusal];
      },
    };
  },
};

/**
 * With introspection off, a subgraph's `_service { sdl }` would still hand out the whole schema;
 * the gateway reads the committed supergraph and never asks for it.
 */
const noSchemaExport: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '_service' && context.getParentType() === context.getSchema().getQueryType()) {
      context.reportError(new GraphQLError('Introspection is disabled: the schema (_service) is not served.', { nodes: [node] }));
    }
  },
});

const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] (\d+) tokens/;

/** graphql-js refuses a document over `maxTokens` as a syntax error; it is a limit like the others. */
export function tokenLimitRefusal(formatted: GraphQLFormattedError): GraphQLFormattedError | null {
  const max = TOKEN_LIMIT.exec(formatted.message)?.[1];
  if (formatted.extensions?.code !== 'GRAPHQL_PARSE_FAILED' || max === undefined) return null;
  return { message: `Token limit of ${max} exceeded.`, extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'maxTokens', max: Number(max) } };
}
