import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  Kind,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type DocumentNode,
  type GraphQLArgument,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { badInput } from '../errors/errors.ts';
import { armorRule } from './document-rules.ts';

export interface SizeCaps {
  /** Largest `first`/`last` of a list field. */
  page: number;
  /** Largest `fetch` (AQL result rows). */
  fetch: number;
}

type Variables = Readonly<Record<string, unknown>>;

const capOf = (argument: string, caps: SizeCaps): number | undefined =>
  argument === 'first' || argument === 'last' ? caps.page : argument === 'fetch' ? caps.fetch : undefined;

/**
 * Checks, before anything runs, that every size argument (`first`, `last`, `fetch`) is within its
 * cap — given literally, through a variable or by the schema's default — and that the operation's
 * cost, with list sizes multiplying down the tree, is within `maxCost`. graphql-armor's cost rule
 * only multiplies by literal sizes, so it runs on a copy of the document with every size written in.
 */
export function operationLimitsPlugin(caps: SizeCaps, maxCost: number): ApolloServerPlugin {
  const costRule = armorRule('costLimit', maxCost);
  const admitted = new AdmittedOperations();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const variables = request.variables ?? {};
          const key = admissionKey(operation, variables);
          if (admitted.has(schema, document, key)) return;
          const sized = withSizesWritten(schema, document, operation, variables, caps);
          const [tooCostly] = validate(schema, sized, [costRule]);
          if (tooCostly) throw withStatus400(tooCostly);
          admitted.add(schema, document, key);
        },
      };
    },
  };
}

/** Distinct size-variable combinations remembered per document (a client paging through `first` values). */
const ADMITTED_PER_DOCUMENT = 32;

/**
 * What the checks depend on besides the document: the operation, and each variable's value when it
 * is a number (only numbers can be sizes) or else only whether it is given (given, a non-number is
 * left to execution; absent, the default applies). Nothing of the caller.
 */
function admissionKey(operation: OperationDefinitionNode, variables: Variables): string {
  const sizes = Object.entries(variables).map(([name, value]) => `${name}=${typeof value === 'number' ? String(value) : 'given'}`);
  return `${operation.name?.value ?? ''}\u0000${sizes.join('\u0000')}`;
}

/**
 * Documents (Apollo's parsed-document cache hands out the same object for the same text) and size
 * combinations that passed the checks against a schema: the same again passes without visiting the
 * document. Only admissions are remembered; a refusal is worked out again each time.
 */
class AdmittedOperations {
  private readonly bySchema = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Set<string>>>();

  has(schema: GraphQLSchema, document: DocumentNode, key: string): boolean {
    return this.bySchema.get(schema)?.get(document)?.has(key) ?? false;
  }

  add(schema: GraphQLSchema, document: DocumentNode, key: string): void {
    let documents = this.bySchema.get(schema);
    if (!documents) this.bySchema.set(schema, (documents = new WeakMap()));
    let keys = documents.get(document);
    if (!keys) documents.set(document, (keys = new Set()));
    if (keys.size >= ADMITTED_PER_DOCUMENT) keys.clear();
    keys.add(key);
  }
}

/** The document with each size argument as an integer literal; throws BAD_USER_INPUT over a cap. */
export function withSizesWritten(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  caps: SizeCaps,
): DocumentNode {
  const variableDefaults = new Map((operation.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, definition.defaultValue]));
  const valueOf = (given: ArgumentNode | undefined, argument: GraphQLArgument): unknown => {
    if (!given) return argument.defaultValue;
    if (given.value.kind === Kind.INT) return Number(given.value.value);
    if (given.value.kind !== Kind.VARIABLE) return undefined;
    const name = given.value.name.value;
    if (variables[name] !== undefined) return variables[name];
    const fallback = variableDefaults.get(name);
    return fallback?.kind === Kind.INT ? Number(fallback.value) : argument.defaultValue;
  };
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const sizeArguments = (typeInfo.getFieldDef()?.args ?? []).filter((argument) => capOf(argument.name, caps) !== undefined);
        if (sizeArguments.length === 0) return undefined;
        const given = node.arguments ?? [];
        const written = sizeArguments.flatMap((argument): ArgumentNode[] => {
          const value = valueOf(
            given.find((a) => a.name.value === argument.name),
            argument,
          );
          if (typeof value !== 'number' || !Number.isSafeInteger(value)) return []; // execution reports the wrong type
          const cap = capOf(argument.name, caps) as number;
          if (value > cap)
            throw withStatus400(
              badInput(`${argument.name} must be between ${argument.name === 'fetch' ? 0 : 1} and ${cap}, found ${value}`, {
                argument: argument.name,
                max: cap,
              }),
            );
          return [{ kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: argument.name }, value: { kind: Kind.INT, value: String(value) } }];
        });
        const others = given.filter((a) => capOf(a.name.value, caps) === undefined);
        return { ...node, arguments: [...others, ...written] };
      },
    }),
  );
}

/** Errors thrown from `didResolveOperation` are 500 unless they carry their own HTTP status. */
function withStatus400(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    extensions: { ...error.extensions, http: { status: 400, headers: new HeaderMap() } },
  });
}
