import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildASTSchema, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, parse, type GraphQLSchema } from 'graphql';
import { loadClinicalConfig } from '../subgraphs/clinical/config.ts';
import { loadDemographicConfig } from '../subgraphs/demographic/config.ts';
import { configProblems } from './kit/config-errors.ts';
import { startSystem, type TestSystem } from './kit/system.ts';

/**
 * Words that would name or single out a person. The clinical side must hold none of them: its EHRs
 * are anonymous (subject = random UUID) and the only join to a person is the encrypted link held
 * by the demographic subgraph.
 */
const PERSON_WORDS = [
  'given',
  'family',
  'firstname',
  'lastname',
  'surname',
  'maiden',
  'birth',
  'dob',
  'address',
  'street',
  'postcode',
  'zipcode',
  'sex',
  'gender',
  'ssn',
  'socialsecurity',
  'mrn',
  'identifiers',
  'nationalid',
  'passport',
  'phone',
  'email',
  'patient',
  'person',
];

/**
 * `name` is allowed only for openEHR node names — a COMPOSITION's, ENTRY's or ELEMENT's `name`
 * (e.g. "Blood pressure"), which describe the clinical content, never a person — and for the
 * qualified names of stored AQL queries and the column names of AQL results.
 */
const NODE_NAME_TYPES = new Set([
  'Composition',
  'Entry',
  'Element',
  'StoredQuery',
  'ResultColumn',
  'Query.storedQueries',
  'Query.executeStoredQuery',
  'Mutation.storeQuery',
]);
const NODE_NAME_TABLES = new Set(['composition_versions', 'entries', 'stored_queries']);

/** What is wrong with a field, argument or column called `name` on `owner`; null when nothing is. */
function personNameProblem(owner: string, name: string, nodeNameOwners: Set<string>): string | null {
  const compact = name.toLowerCase().replace(/[^a-z]/g, '');
  const word = PERSON_WORDS.find((w) => compact.includes(w));
  if (word) return `${owner}.${name} (looks like "${word}")`;
  // Any other `…name…` (fullName, display_name, …) is a person's name; `namespace` is not a name.
  if (/name/.test(compact.replace(/namespace/g, '')) && !(compact === 'name' && nodeNameOwners.has(owner))) {
    return `${owner}.${name} (a name outside openEHR node names)`;
  }
  return null;
}

/** Every field, field argument and input field of the schema's own types, checked. */
function sdlProblems(schema: GraphQLSchema): string[] {
  const problems: string[] = [];
  const check = (owner: string, name: string) => {
    const problem = personNameProblem(owner, name, NODE_NAME_TYPES);
    if (problem) problems.push(problem);
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        check(type.name, field.name);
        for (const arg of field.args) check(`${type.name}.${field.name}`, arg.name);
      }
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) check(type.name, field.name);
    }
  }
  return problems;
}

/** The subgraph SDL as a plain schema: federation directives are declared only by `@link`, so skip SDL validation. */
const buildSdl = (sdl: string) => buildASTSchema(parse(sdl), { assumeValidSDL: true });

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('the clinical SDL names no person', () => {
  const schema = buildSdl(readFileSync(new URL('../schema/clinical.graphql', import.meta.url), 'utf8'));

  it('parses into the expected types (so the check below sees them)', () => {
    expect(Object.keys(schema.getTypeMap())).toEqual(expect.arrayContaining(['Query', 'Mutation', 'Ehr', 'Composition', 'Entry', 'Element']));
    expect(Object.keys(schema.getQueryType()!.getFields())).toContain('ehr');
    expect(schema.getType('Patient')).toBeUndefined();
  });

  it('has no field or argument named after a person-identity attribute; `name` only on Composition, Entry, Element', () => {
    expect(sdlProblems(schema)).toEqual([]);
  });

  it('the check itself catches person fields, arguments, input fields and stray names', () => {
    const bad = buildSdl(`
      type Query { ehrs(familyName: String, birthDate: String): [Ehr!]! }
      type Ehr { id: ID! patientId: ID! dob: String name: String subjectNamespace: String }
      type Composition { name: String displayName: String }
      input Filter { SSN: String, e_mail: String, phoneNumber: String, gender: String, mrn: String }
    `);
    expect(sdlProblems(bad).sort()).toEqual(
      [
        'Query.ehrs.familyName (looks like "family")',
        'Query.ehrs.birthDate (looks like "birth")',
        'Ehr.patientId (looks like "patient")',
        'Ehr.dob (looks like "dob")',
        'Ehr.name (a name outside openEHR node names)',
        'Composition.displayName (a name outside openEHR node names)',
        'Filter.SSN (looks like "ssn")',
        'Filter.e_mail (looks like "email")',
        'Filter.phoneNumber (looks like "phone")',
        'Filter.gender (looks like "gender")',
        'Filter.mrn (looks like "mrn")',
      ].sort(),
    );
  });

  it('the demographic SDL, by contrast, does hold person fields (the check is not vacuous)', () => {
    const demographic = buildSdl(readFileSync(new URL('../schema/demographic.graphql', import.meta.url), 'utf8'));
    expect(sdlProblems(demographic)).toEqual(
      expect.arrayContaining(['HumanName.family (looks like "family")', 'Patient.birthDate (looks like "birth")', 'Ehr.patient (looks like "patient")']),
    );
  });
});

describe('the clinical database names no person', () => {
  it('has no column named after a person-identity attribute; `name` only in composition_versions and entries', async () => {
    const columns = (
      await system.clinicalDb.query<{ table: string; column: string }>(
        `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
         WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`,
      )
    ).rows;
    // The query does see the clinical schema.
    expect(columns).toEqual(
      expect.arrayContaining([
        { table: 'ehrs', column: 'subject_id' },
        { table: 'ehrs', column: 'subject_namespace' },
        { table: 'composition_versions', column: 'name' },
        { table: 'entries', column: 'name' },
      ]),
    );
    const problems = columns.map(({ table, column }) => personNameProblem(table, column, NODE_NAME_TABLES)).filter((p) => p !== null);
    expect(problems).toEqual([]);
  });

  it('has no table named after a person', async () => {
    const tables = (
      await system.clinicalDb.query<{ name: string }>(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)
    ).rows.map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['ehrs', 'composition_versions', 'entries']));
    expect(tables.filter((table) => PERSON_WORDS.some((word) => table.replace(/_/g, '').includes(word)))).toEqual([]);
  });

  it('the same check flags the demographic database (it is not vacuous)', async () => {
    const columns = (
      await system.demographicDb.query<{ table: string; column: string }>(
        `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns WHERE table_schema = 'public'`,
      )
    ).rows;
    const problems = columns.map(({ table, column }) => personNameProblem(table, column, NODE_NAME_TABLES)).filter((p) => p !== null);
    expect(problems).toEqual(expect.arrayContaining(['patients.family (looks like "family")', 'patients.birth_date (looks like "birth")']));
  });
});

describe("each service is refused the other side's secrets", () => {
  const key = randomBytes(32).toString('base64');

  it('loadClinicalConfig rejects DEMOGRAPHIC_DATABASE_URL, naming it', () => {
    expect(configProblems(() => loadClinicalConfig({ DEMOGRAPHIC_DATABASE_URL: 'postgres://u@db/demographic' }))).toEqual([
      'DEMOGRAPHIC_DATABASE_URL: must not be set for the clinical service: it may not reach the demographic database',
    ]);
  });

  it('loadClinicalConfig rejects LINK_ENCRYPTION_KEY (even a well-formed one), naming it', () => {
    expect(configProblems(() => loadClinicalConfig({ LINK_ENCRYPTION_KEY: key }))).toEqual([
      'LINK_ENCRYPTION_KEY: must not be set for the clinical service: only the demographic service holds the link key',
    ]);
  });

  it('loadClinicalConfig rejects both at once, one line each', () => {
    expect(configProblems(() => loadClinicalConfig({ DEMOGRAPHIC_DATABASE_URL: 'postgres://u@db/demographic', LINK_ENCRYPTION_KEY: key }))).toEqual([
      expect.stringMatching(/^DEMOGRAPHIC_DATABASE_URL: /),
      expect.stringMatching(/^LINK_ENCRYPTION_KEY: /),
    ]);
  });

  it('loadDemographicConfig rejects CLINICAL_DATABASE_URL, naming it', () => {
    expect(configProblems(() => loadDemographicConfig({ CLINICAL_DATABASE_URL: 'postgres://u@db/clinical', LINK_ENCRYPTION_KEY: key }))).toEqual([
      'CLINICAL_DATABASE_URL: must not be set for the demographic service: it may not reach the clinical database',
    ]);
  });

  it('each accepts its own settings', () => {
    expect(loadClinicalConfig({ CLINICAL_DATABASE_URL: 'postgres://u@db/clinical' }).CLINICAL_DATABASE_URL).toBe('postgres://u@db/clinical');
    const demographic = loadDemographicConfig({ DEMOGRAPHIC_DATABASE_URL: 'postgres://u@db/demographic', LINK_ENCRYPTION_KEY: key });
    expect(demographic).toMatchObject({ DEMOGRAPHIC_DATABASE_URL: 'postgres://u@db/demographic', LINK_ENCRYPTION_KEY: key });
  });
});

describe('the clinical subgraph cannot reach a patient', () => {
  let ehrId: string;
  let patientId: string;

  beforeAll(async () => {
    const ehr = await system.gateway.request<{ createEhr: { id: string } }>('mutation { createEhr { id } }');
    ehrId = ehr.data!.createEhr.id;
    const patient = await system.gateway.request<{ registerPatient: { id: string } }>(
      'mutation { registerPatient(input: { name: { family: "Research" }, identifiers: [{ system: "urn:mrn", value: "R-1" }] }) { id } }',
    );
    patientId = patient.data!.registerPatient.id;
    const link = await system.gateway.request('mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }', { p: patientId, e: ehrId });
    expect(link).toEqual({ status: 200, data: { linkEhr: { id: patientId } } });
  });

  it('a research-style query straight to the clinical subgraph for ehr { patient } fails validation', async () => {
    const response = await system.clinical.request(`query($id: UUID!) { ehr(id: $id) { id patient { id name { family } identifiers { value } } } }`, {
      id: ehrId,
    });
    expect(response).toEqual({
      status: 400,
      errors: [
        {
          message: 'Cannot query field "patient" on type "Ehr".',
          locations: [{ line: 1, column: 39 }],
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
        },
      ],
    });
  });

  it('the clinical subgraph has no patient query and no Patient type', async () => {
    expect(await system.clinical.request(`query($id: UUID!) { patient(id: $id) { id } }`, { id: patientId })).toEqual({
      status: 400,
      errors: [
        { message: 'Cannot query field "patient" on type "Query".', locations: [{ line: 1, column: 21 }], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } },
      ],
    });
    expect(await system.clinical.request(`{ __type(name: "Patient") { name } }`)).toEqual({ status: 200, data: { __type: null } });
    const entities = await system.clinical.request(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { id } } }`, {
      r: [{ __typename: 'Patient', id: patientId }],
    });
    expect(entities).toEqual({
      status: 200,
      data: null,
      errors: [{ message: 'Internal server error', locations: [{ line: 1, column: 23 }], path: ['_entities'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }],
    });
  });

  it('only the gateway joins an EHR to its patient, through the demographic subgraph', async () => {
    expect(await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { id patient { id name { family } } } }`, { id: ehrId })).toEqual({
      status: 200,
      data: { ehr: { id: ehrId, patient: { id: patientId, name: { family: 'Research' } } } },
    });
  });
});
