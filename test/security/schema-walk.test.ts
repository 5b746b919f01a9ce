/**
 * Walks every root field of both subgraph schemas (plus `_service` and `_entities`) and of the
 * supergraph: each gets a generated operation with plausible variables. The field lists come from
 * schema/*.graphql, so a new field is covered without touching this file.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  parse,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, TEST_SYSTEM_ID, type TestSystem } from '../kit/system.ts';
import {
  anonymous,
  castHeaders,
  commit,
  createEhr,
  expectNothingStored,
  expectUnauthenticated,
  linkEhr,
  registerPatient,
  systemSnapshot,
  type Actor,
  type Target,
} from './support.ts';
import { claimsOf, type Headers } from '../kit/tokens.ts';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

const SCHEMAS: Record<Target, GraphQLSchema> = {
  clinical: buildSubgraphSchema({ typeDefs: parse(read('schema/clinical.graphql')) }),
  demographic: buildSubgraphSchema({ typeDefs: parse(read('schema/demographic.graphql')) }),
  // The committed supergraph the gateway serves; its API schema has the same root fields.
  gateway: buildSchema(read('schema/supergraph.graphql')),
};

interface RootField {
  target: Target;
  kind: 'query' | 'mutation';
  name: string;
}

function rootFields(target: Target): RootField[] {
  const schema = SCHEMAS[target];
  const fields: RootField[] = [];
  for (const [kind, type] of [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
  ] as const) {
    for (const field of Object.values(type?.getFields() ?? {})) {
      if (field.astNode?.directives?.some((directive) => directive.name.value === 'inaccessible')) continue;
      fields.push({ target, kind, name: field.name });
    }
  }
  return fields;
}

const SUBGRAPH_FIELDS = [...rootFields('clinical'), ...rootFields('demographic')];
const GATEWAY_FIELDS = rootFields('gateway');
const ALL_FIELDS = [...SUBGRAPH_FIELDS, ...GATEWAY_FIELDS];

// ---------------------------------------------------------------------------------------------
// Operation generator

/** Values for particular arguments, keyed `Type.field.argument`; the rest are generated. */
type Overrides = Record<string, unknown>;

function inputValue(schema: GraphQLSchema, type: GraphQLInputType, path: string, overrides: Overrides): unknown {
  if (path in overrides) return overrides[path];
  if (isNonNullType(type)) return inputValue(schema, type.ofType, path, overrides);
  if (isListType(type)) return [inputValue(schema, type.ofType, `${path}[]`, overrides)];
  if (isEnumType(type)) return type.getValues()[0]?.name;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = inputValue(schema, field.type, `${path}.${field.name}`, overrides);
    }
    return value;
  }
  switch (type.name) {
    case 'UUID':
    case 'ID':
      return randomUUID();
    case 'String':
      return /uid/i.test(path) ? `${randomUUID()}::${TEST_SYSTEM_ID}::1` : 'probe';
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'JSON':
      return {};
    case 'DateTime':
      return new Date(Date.now() + 3600_000).toISOString();
    case 'Date':
      return '2000-01-01';
    case '_Any': {
      const entity = schema.getType('_Entity');
      const first = isUnionType(entity) ? entity.getTypes()[0]?.name : undefined;
      return { __typename: first, id: randomUUID() };
    }
    default:
      throw new Error(`schema walk: no value for scalar ${type.name} at ${path}; teach inputValue about it`);
  }
}

/** Every field that needs no argument, `depth` levels deep; fields inside type conditions are aliased. */
function selection(schema: GraphQLSchema, type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if (depth <= 0) return ' { __typename }';
  if (isObjectType(named)) return ` { __typename${objectFields(schema, named, depth, null)} }`;
  const possible = isUnionType(named) || isInterfaceType(named) ? schema.getPossibleTypes(named) : [];
  return ` { __typename${possible.map((object) => ` ... on ${object.name} {${objectFields(schema, object, depth, object.name)} }`).join('')} }`;
}

function objectFields(schema: GraphQLSchema, type: GraphQLObjectType, depth: number, alias: string | null): string {
  const callable = (field: GraphQLField<unknown, unknown>) => field.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined);
  return Object.values(type.getFields())
    .filter(callable)
    .map((field) => ` ${alias ? `${alias}_${field.name}: ` : ''}${field.name}${selection(schema, field.type, depth - 1)}`)
    .join('');
}

interface Operation {
  query: string;
  variables: Record<string, unknown>;
}

function operationFor({ target, kind, name }: RootField, overrides: Overrides, depth: number): Operation {
  const schema = SCHEMAS[target];
  const root = (kind === 'query' ? schema.getQueryType() : schema.getMutationType()) as GraphQLObjectType;
  const field = root.getFields()[name] as GraphQLField<unknown, unknown>;
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((arg) => [arg.name, inputValue(schema, arg.type, `${root.name}.${name}.${arg.name}`, overrides)]));
  const definitions = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const args = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  return {
    query: `${kind} Probe${definitions ? `(${definitions})` : ''} { ${name}${args ? `(${args})` : ''}${selection(schema, field.type, depth)} }`,
    variables,
  };
}

/** A minimal operational template (openEHR OPT 1.4 XML), so that uploading one is refused for authorisation, not for its input. */
const MINIMAL_OPT = `<?xml version="1.0" encoding="utf-8"?>
<template xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns="http://schemas.openehr.org/v1">
  <language><terminology_id><value>ISO_639-1</value></terminology_id><code_string>en</code_string></language>
  <template_id><value>security.walk.v1</value></template_id>
  <concept>Security walk</concept>
  <definition>
    <rm_type_name>COMPOSITION</rm_type_name>
    <occurrences><lower_included>true</lower_included><upper_included>true</upper_included><lower_unbounded>false</lower_unbounded><upper_unbounded>false</upper_unbounded><lower>1</lower><upper>1</upper></occurrences>
    <node_id>at0000</node_id>
    <archetype_id><value>openEHR-EHR-COMPOSITION.security_walk.v1</value></archetype_id>
  </definition>
</template>`;

// ---------------------------------------------------------------------------------------------

let system: TestSystem;
let cast: Record<Actor, Headers>;
let overrides: Overrides;
/** Values of stored objects that a caller without roles must never see (unless they sent them). */
let secrets: string[];

const clientOf = (target: Target) => system[target];

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  const subjectId = randomUUID();
  const ehrId = (await createEhr(system.gateway, cast.clinicianA, subjectId)).id;
  const spareEhrId = (await createEhr(system.gateway, cast.clinicianA)).id;
  const vitals = await commit(system.gateway, cast.clinicianA, ehrId, bloodPressureComposition(141, 93, '2026-03-01T08:00:00Z'));
  const lab = await commit(system.gateway, cast.clinicianA, ehrId, labReportComposition([HBA1C(7.1), ANCA(40)], '2026-03-02T08:00:00Z'));
  const patientId = await registerPatient(system.gateway, cast.registrar, {
    name: { given: ['Augusta'], family: 'Lovelace' },
    birthDate: '1815-12-10',
    sex: 'FEMALE',
    identifiers: [{ system: 'https://hospital.example/mrn', value: 'MRN-993311' }],
  });
  const sparePatientId = await registerPatient(system.gateway, cast.registrar, { name: { given: ['Charles'], family: 'Babbage' }, birthDate: '1791-12-26' });
  await linkEhr(system.gateway, cast.registrar, patientId, ehrId);
  await system.gateway.request(
    `mutation { storeQuery(name: "patient_history", query: "SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c") { version } }`,
    {},
    cast.admin,
  );
  const otherToken = await system.token({ sub: 'someone-else', roles: ['clinician'] });
  const ehrRef = { __typename: 'Ehr', id: ehrId };
  const patientRef = { __typename: 'Patient', id: patientId };
  overrides = {
    'Query.ehr.id': ehrId,
    'Query.ehrBySubject.subjectId': subjectId,
    'Query.composition.uid': lab.uid,
    'Query.compositionVersions.objectId': lab.objectId,
    'Query.patient.id': patientId,
    'Mutation.commitComposition.ehrId': ehrId,
    'Mutation.commitComposition.composition': bloodPressureComposition(120, 80, '2026-03-03T08:00:00Z'),
    'Mutation.updateComposition.precedingVersionUid': vitals.uid,
    'Mutation.updateComposition.composition': bloodPressureComposition(110, 70, '2026-03-03T08:00:00Z'),
    'Mutation.deleteComposition.precedingVersionUid': lab.uid,
    'Mutation.revokeToken.jti': claimsOf(otherToken).jti,
    'Mutation.updatePatient.id': patientId,
    'Mutation.transferPatient.id': patientId,
    'Mutation.transferPatient.org': 'org-b',
    'Mutation.linkEhr.patientId': sparePatientId,
    'Mutation.linkEhr.ehrId': spareEhrId,
    'Mutation.uploadTemplate.opt': MINIMAL_OPT,
    'Query.executeStoredQuery.name': 'patient_history',
    'Query.aql.query': 'SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c',
    'Mutation.storeQuery.query': 'SELECT c/uid/value FROM EHR e CONTAINS COMPOSITION c',
    'Query.explainAccess.action': 'read',
    'Query.explainAccess.subject': 'Composition',
  };
  // Each subgraph gets the representations of its own entities (the demographic one extends Ehr).
  overridesFor.clinical = { 'Query._entities.representations': [ehrRef] };
  overridesFor.demographic = { 'Query._entities.representations': [patientRef, ehrRef] };
  secrets = [
    ehrId,
    spareEhrId,
    subjectId,
    vitals.objectId,
    lab.objectId,
    patientId,
    sparePatientId,
    'Augusta',
    'Lovelace',
    'Babbage',
    '1815-12-10',
    '1791-12-26',
    'MRN-993311',
    '17351-8',
    '4548-4',
    'Hemoglobin',
  ];
});

afterAll(async () => {
  await system?.stop();
});

const overridesFor: Partial<Record<Target, Overrides>> = {};
const operation = (field: RootField, depth: number) => operationFor(field, { ...overrides, ...overridesFor[field.target] }, depth);
const label = (field: RootField) => `${field.target} ${field.kind} ${field.name}`;

describe('the walk', () => {
  it('covers every root field of both subgraphs (with _service and _entities) and of the supergraph', () => {
    expect(ALL_FIELDS.length).toBeGreaterThan(10);
    expect(SUBGRAPH_FIELDS.length).toBeGreaterThan(10);
    for (const target of ['clinical', 'demographic'] as const) {
      const names = SUBGRAPH_FIELDS.filter((field) => field.target === target && field.kind === 'query').map((field) => field.name);
      expect(names).toEqual(expect.arrayContaining(['_service', '_entities']));
    }
    // The gateway exposes exactly the subgraphs' own root fields.
    const key = (field: RootField) => `${field.kind} ${field.name}`;
    const fromSubgraphs = SUBGRAPH_FIELDS.filter((field) => !field.name.startsWith('_'))
      .map(key)
      .sort();
    expect(GATEWAY_FIELDS.map(key).sort()).toEqual(fromSubgraphs);
    expect(GATEWAY_FIELDS.length).toBeGreaterThan(10);
  });

  it('generates operations that a valid token can run (so a 401 below is about the token, not the operation)', async () => {
    for (const field of ALL_FIELDS.filter((candidate) => candidate.kind === 'query')) {
      const { query, variables } = operation(field, 5);
      const response = await clientOf(field.target).request(query, variables, cast.admin);
      const codes = (response.errors ?? []).map((error) => error.extensions?.code);
      // refusals are fine here (admins may not run stored queries: NOT_FOUND); invalid operations are not
      expect(
        codes.filter((code) => code !== 'FORBIDDEN' && code !== 'NOT_FOUND'),
        `${label(field)}: ${JSON.stringify(response.errors)}`,
      ).toEqual([]);
    }
  });
});

describe('without a token, every root field is refused with 401 and nothing runs', () => {
  it.each(ALL_FIELDS.map((field) => ({ ...field, label: label(field) })))('$label', async (field) => {
    const { query, variables } = operation(field, 2);
    const before = await systemSnapshot(system);
    expectUnauthenticated(await anonymous(clientOf(field.target)).request(query, variables), 'missing bearer token');
    await expectNothingStored(system, before, 'unchanged');
  });
});

/**
 * A caller without roles learns nothing of what is stored: every root field is null, an empty
 * list or connection, or refused with FORBIDDEN; `_entities` gives null for each representation,
 * or only echoes back the key that was sent (the demographic subgraph's `Ehr` stub).
 */
function expectNothingDisclosed(field: RootField, response: GraphQLResponse, variables: Record<string, unknown>): void {
  const context = `${label(field)}: ${JSON.stringify(response)}`;
  expect(response.status, context).toBe(200);
  // FORBIDDEN, or NOT_FOUND for what answers as if it did not exist (a stored query one may not run)
  for (const error of response.errors ?? []) expect(['FORBIDDEN', 'NOT_FOUND'], context).toContain(error.extensions?.code);
  if (response.data === null) expect(response.errors?.length, context).toBeGreaterThan(0);
  const value = response.data?.[field.name];
  if (field.name === '_service') {
    expect(typeof (value as { sdl: unknown }).sdl, context).toBe('string'); // the schema, not stored data
  } else if (field.name === '_entities') {
    const sent = variables.representations as { id: string }[];
    expect(Array.isArray(value), context).toBe(true);
    (value as (Record<string, unknown> | null)[]).forEach((entity, i) => {
      if (entity === null) return;
      for (const [key, leaf] of Object.entries(entity)) {
        const echo = key === '__typename' || (key.endsWith('_id') && leaf === sent[i]?.id);
        expect(echo || leaf === null, `${context}: _entities[${i}].${key}`).toBe(true);
      }
    });
  } else if (Array.isArray(value)) {
    expect(value, context).toEqual([]);
  } else if (value !== null && value !== undefined) {
    // Only an empty connection may come back.
    expect(Object.keys(value).sort(), context).toEqual(['__typename', 'edges', 'pageInfo']);
    expect((value as { edges: unknown[] }).edges, context).toEqual([]);
  }
  if (field.name === '_service') return; // the schema text may quote example codes; it holds no stored data
  const sentText = JSON.stringify(variables);
  const answerText = JSON.stringify(response);
  for (const secret of secrets.filter((candidate) => !sentText.includes(candidate))) expect(answerText, `${context} holds ${secret}`).not.toContain(secret);
}

describe('a token with no roles (roles: []) gets no stored data from any root query field', () => {
  const queries = ALL_FIELDS.filter((field) => field.kind === 'query').map((field) => ({ ...field, label: label(field) }));

  it.each(queries)('$label', async (field) => {
    const { query, variables } = operation(field, 5);
    const before = await systemSnapshot(system);
    const response = await clientOf(field.target).request(query, variables, cast.noRoles);
    expectNothingDisclosed(field, response, variables);
    await expectNothingStored(system, before, 'any');
  });

  it('control: the same operations give a clinician-and-registrar the stored data', async () => {
    const disclosed: string[] = [];
    for (const field of queries.filter((candidate) => candidate.target !== 'gateway')) {
      const { query, variables } = operation(field, 5);
      const response = await clientOf(field.target).request(query, variables);
      const text = JSON.stringify(response.data);
      if (secrets.some((secret) => !JSON.stringify(variables).includes(secret) && text.includes(secret))) disclosed.push(field.name);
    }
    expect(disclosed).toEqual(expect.arrayContaining(['ehr', 'ehrBySubject', 'composition', 'compositionVersions', 'patient', 'patients', '_entities']));
  });
});

describe('a token with no roles cannot change anything through any root mutation field', () => {
  const mutations = ALL_FIELDS.filter((field) => field.kind === 'mutation').map((field) => ({ ...field, label: label(field) }));

  it.each(mutations)('$label', async (field) => {
    const { query, variables } = operation(field, 2);
    const before = await systemSnapshot(system);
    const response = await clientOf(field.target).request(query, variables, cast.noRoles);
    expect(response.status).toBe(200);
    expect(response.data).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(['FORBIDDEN', 'NOT_FOUND']).toContain(response.errors?.[0]?.extensions?.code);
    await expectNothingStored(
      system,
      before,
      field.target === 'gateway'
        ? 'either'
        : { clinical: field.target === 'clinical' ? 'grew' : 'unchanged', demographic: field.target === 'demographic' ? 'grew' : 'unchanged' },
    );
  });
});
