import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { DateTimeResolver, JSONResolver, LocalDateResolver } from 'graphql-scalars';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A plain boolean, not a type guard: a string that is not a UUID is still a string. */
export const isUuid = (value: unknown): boolean => typeof value === 'string' && UUID_PATTERN.test(value);

function parseUuid(value: unknown): string {
  if (typeof value === 'string' && isUuid(value)) return value.toLowerCase();
  throw new GraphQLError(
    `Expected a UUID such as 4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11, found ${JSON.stringify(value)}. ` +
      'Ids here are random UUIDs only: the clinical store never holds real identifiers (SSN, MRN, names).',
    { extensions: { code: 'BAD_USER_INPUT' } },
  );
}

/** UUID scalar whose error says why only UUIDs are accepted. Values are normalised to lower case. */
export const UUIDScalar = new GraphQLScalarType({
  name: 'UUID',
  serialize: (value) => parseUuid(value),
  parseValue: parseUuid,
  parseLiteral: (ast) => parseUuid(ast.kind === Kind.STRING ? ast.value : (ast as { value?: unknown }).value),
});

export const DateTimeScalar = DateTimeResolver;
export const JSONScalar = JSONResolver;
const localDate = LocalDateResolver.toConfig();

/** Calendar date `YYYY-MM-DD`; a bad value is BAD_USER_INPUT, inline or as a variable. */
export const DateScalar = new GraphQLScalarType({
  ...localDate,
  name: 'Date',
  parseValue: (value) => asUserInput(() => localDate.parseValue(value)),
  parseLiteral: (ast, variables) => asUserInput(() => localDate.parseLiteral(ast, variables)),
});

function asUserInput<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new GraphQLError(`Expected a date YYYY-MM-DD: ${(error as Error).message}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
}
