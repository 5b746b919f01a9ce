import { buildSchema, graphql, type ExecutionResult } from 'graphql';
import type { EhrHistory } from './clinical-floors.ts';
import type { PatientPage } from './demographic-floor.ts';

/** The shapes of scenario 1's answers as a plain schema: no federation, directives, authorisation or limits. */
const SCHEMA = buildSchema(`
  scalar UUID
  type Query { ehr(id: UUID!): Ehr patients(first: Int!): PatientConnection! }
  type Ehr { id: UUID! compositions(first: Int!): CompositionConnection! }
  type CompositionConnection { edges: [CompositionEdge!]! }
  type CompositionEdge { node: Composition! }
  type Composition { uid: String! name: String! committedAt: String! entries: [Entry!]! }
  type Entry { path: String! rmType: String! name: String! codes: [String!]! }
  type PatientConnection { edges: [PatientEdge!]! }
  type PatientEdge { node: Patient! }
  type Patient { id: UUID! ehr: Ehr }
`);

/** In-memory answers the executor reads with its default resolvers (loaded once, outside the measured work). */
export interface InMemoryData {
  ehrs: Map<string, EhrHistory>;
  patients?: PatientPage['patients'];
}

/**
 * A plain graphql-js execution (parse, validate, execute with default resolvers) of `query` over
 * in-memory objects of the same shape as the subgraph's answer: what GraphQL itself costs.
 */
export function executeInMemory(data: InMemoryData, query: string, variables: Record<string, unknown>): Promise<ExecutionResult> {
  const rootValue = {
    ehr: ({ id }: { id: string }) => data.ehrs.get(id) ?? null,
    patients: () => data.patients,
  };
  return graphql({ schema: SCHEMA, source: query, rootValue, variableValues: variables });
}
