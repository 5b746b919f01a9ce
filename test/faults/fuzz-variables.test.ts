import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINICAL_TABLES, DEMOGRAPHIC_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { expectClearAnswer } from './clear-errors.ts';
import { labelledFixture } from './documents.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

type Kind = 'uuid' | 'uid' | 'int' | 'string' | 'json' | 'cohort' | 'patient';

/** The main operations, each with the variables it declares and the kind of value each takes. */
const OPERATIONS: Record<string, { query: string; variables: Record<string, Kind>; writes?: true }> = {
  ehr: {
    query: `query($id: UUID!, $first: Int, $after: String, $t: String) { ehr(id: $id) { id compositions(first: $first, after: $after, templateId: $t) { edges { node { uid } } } } }`,
    variables: { id: 'uuid', first: 'int', after: 'string', t: 'string' },
  },
  composition: { query: `query($uid: String!) { composition(uid: $uid) { uid entries { name } } }`, variables: { uid: 'uid' } },
  versions: { query: `query($o: UUID!) { compositionVersions(objectId: $o) { uid } }`, variables: { o: 'uuid' } },
  patient: { query: `query($id: UUID!) { patient(id: $id) { name { family } ehr { id } } }`, variables: { id: 'uuid' } },
  patients: {
    query: `query($name: String, $birthDate: Date, $first: Int, $after: String) { patients(name: $name, birthDate: $birthDate, first: $first, after: $after) { edges { node { id } } } }`,
    variables: { name: 'string', birthDate: 'string', first: 'int', after: 'string' },
  },
  aql: {
    query: `query($q: String!, $p: JSON, $offset: Int, $fetch: Int) { aql(query: $q, parameters: $p, offset: $offset, fetch: $fetch) { rows } }`,
    variables: { q: 'string', p: 'json', offset: 'int', fetch: 'int' },
  },
  cohort: { query: `query($q: CohortQuery!) { cohort(query: $q) { total { ehrCount } } }`, variables: { q: 'cohort' } },
  createEhr: {
    query: `mutation($s: UUID, $ns: String) { createEhr(subjectId: $s, subjectNamespace: $ns) { id } }`,
    variables: { s: 'uuid', ns: 'string' },
    writes: true,
  },
  commit: {
    query: `mutation($ehrId: UUID!, $c: JSON!) { commitComposition(ehrId: $ehrId, composition: $c) { uid } }`,
    variables: { ehrId: 'uuid', c: 'json' },
    writes: true,
  },
  update: {
    query: `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid } }`,
    variables: { p: 'uid', c: 'json' },
    writes: true,
  },
  remove: { query: `mutation($p: String!) { deleteComposition(precedingVersionUid: $p) { uid } }`, variables: { p: 'uid' }, writes: true },
  register: { query: `mutation($input: PatientInput!) { registerPatient(input: $input) { id } }`, variables: { input: 'patient' }, writes: true },
  link: { query: `mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, variables: { p: 'uuid', e: 'uuid' }, writes: true },
};

let system: TestSystem;
/** Real ids and uids, so that some fuzzed inputs reach deep into the resolvers. */
const real = { ehrId: '', patientId: '', uid: '' };

/** Malformed and borderline values of each kind, and (via `wild`) of any other kind. */
function fuzzValues() {
  const uuid = fc.oneof(
    fc.uuid(),
    fc.constantFrom(
      real.ehrId,
      real.patientId,
      real.uid.split('::')[0]!,
      real.ehrId.toUpperCase(),
      `${real.ehrId} `,
      real.ehrId.slice(1),
      real.ehrId.replace(/-/g, ''),
    ),
    fc.constantFrom('00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '{' + '0'.repeat(32) + '}', 'not-a-uuid'),
  );
  const string = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      "' OR 1=1 --",
      'SELECT c FROM EHR e CONTAINS COMPOSITION c',
      '1815-12-10',
      '2026-02-30',
      'x'.repeat(100_000),
    ),
  );
  const uid = fc.oneof(
    fc.constantFrom(
      real.uid,
      real.uid.replace(/::1$/, '::0'),
      real.uid.replace(/::1$/, '::-1'),
      real.uid.replace(/::1$/, '::99999999999999999999'),
      `${real.uid}::x`,
      real.uid.replace('::', ':'),
    ),
    fc.tuple(uuid, fc.string(), fc.integer()).map(([id, system, version]) => `${id}::${system}::${version}`),
  );
  const int = fc.oneof(fc.integer(), fc.constantFrom(2 ** 31, -(2 ** 31) - 1, 2 ** 53, 1e308, -1, 0, 0.5, 101, 10_001));
  const json = fc.oneof(fc.constant(labelledFixture('minimal_admin.json', 'fuzzed')), fc.jsonValue({ maxDepth: 3 }));
  const cohort = fc.record(
    { archetypeId: string, elementPath: string, groupBy: fc.constantFrom('NONE', 'DAY', 'CODE', 'YEAR', 1), templateId: string, from: string },
    { requiredKeys: [] },
  );
  const name = fc.record({ family: string, given: fc.array(string, { maxLength: 3 }) }, { requiredKeys: [] });
  const identifier = fc.record({ system: string, value: string }, { requiredKeys: [] });
  const patient = fc.record(
    {
      name: fc.oneof(name, string),
      birthDate: string,
      sex: fc.constantFrom('FEMALE', 'male', 'UNKNOWN', 3),
      identifiers: fc.array(identifier, { maxLength: 2 }),
    },
    { requiredKeys: [] },
  );
  const byKind: Record<Kind, fc.Arbitrary<unknown>> = { uuid, uid, int, string, json, cohort, patient };
  const wild = fc.oneof(fc.constantFrom(null, true, false, [], {}), ...Object.values(byKind), fc.array(uuid, { maxLength: 2 }));
  /** Mostly a value of the right kind (to get past coercion into the resolvers), sometimes anything. */
  return (kind: Kind) => fc.oneof({ arbitrary: byKind[kind], weight: 3 }, { arbitrary: wild, weight: 1 });
}

beforeAll(async () => {
  system = await startSystem();
  real.ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  real.patientId = (await system.gateway.request(`mutation { registerPatient(input: { name: { family: "Fuzz" } }) { id } }`)).data.registerPatient.id;
  const committed = await system.gateway.request(OPERATIONS.commit!.query, { ehrId: real.ehrId, c: labelledFixture('minimal_evaluation.json', 'seed') });
  real.uid = committed.data.commitComposition.uid;
});
afterAll(async () => {
  await system?.stop();
});

describe('fuzzed GraphQL variables of the main queries and mutations', () => {
  it(`answers ${RUNS} inputs with success or a clear typed error; a refused mutation writes nothing`, async () => {
    const valueOf = fuzzValues();
    const input = fc.constantFrom(...Object.keys(OPERATIONS)).chain((operation) =>
      fc.record({
        operation: fc.constant(operation),
        // each declared variable: left out, or a fuzzed value
        variables: fc.record(
          Object.fromEntries(
            Object.entries(OPERATIONS[operation]!.variables).map(([key, kind]) => [key, fc.option(valueOf(kind), { nil: undefined, freq: 6 })]),
          ),
        ),
        viaGateway: fc.boolean(),
      }),
    );
    const tally = { answered: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(input, async ({ operation, variables, viaGateway }) => {
        const { query, writes } = OPERATIONS[operation]!;
        const values = Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== undefined));
        const before = writes ? await allRowCounts() : undefined;
        const demographicOnly = ['register', 'patient', 'patients', 'link'].includes(operation);
        const client = viaGateway || demographicOnly ? system.gateway : system.clinical;
        const response = await client.request(query, values);
        expectClearAnswer(response, { operation, values });
        if (response.errors) tally.refused++;
        else tally.answered++;
        if (writes && response.errors) expect(await allRowCounts()).toEqual(before);
      }),
      { numRuns: RUNS, interruptAfterTimeLimit: 25_000 },
    );
    console.log(`fuzzed variables: ${tally.answered} answered, ${tally.refused} refused with a clear error`);
  }, 90_000);
});

async function allRowCounts() {
  return { ...(await rowCounts(system.clinicalDb, CLINICAL_TABLES)), ...(await rowCounts(system.demographicDb, DEMOGRAPHIC_TABLES)) };
}
