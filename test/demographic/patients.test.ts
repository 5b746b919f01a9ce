import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphQLClient } from '../kit/graphql-client.ts';
import { DEMOGRAPHIC_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

const PATIENT = `id name { given family } birthDate sex identifiers { system value } createdAt updatedAt`;
const REGISTER = `mutation Register($input: PatientInput!) { registerPatient(input: $input) { ${PATIENT} } }`;
const UPDATE = `mutation Update($id: UUID!, $input: PatientInput!) { updatePatient(id: $id, input: $input) { ${PATIENT} } }`;
const GET = `query Get($id: UUID!) { patient(id: $id) { ${PATIENT} } }`;
const SEARCH = `query Search($name: String, $birthDate: Date, $identifier: IdentifierInput, $first: Int, $after: String) {
  patients(name: $name, birthDate: $birthDate, identifier: $identifier, first: $first, after: $after) {
    edges { cursor node { id name { given family } birthDate } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Identifier {
  system: string;
  value: string;
}
interface PatientInput {
  name: { given?: string[]; family: string };
  birthDate?: string | null;
  sex?: string | null;
  identifiers?: Identifier[];
}
interface Patient {
  id: string;
  name: { given: string[]; family: string };
  birthDate: string | null;
  sex: string | null;
  identifiers: Identifier[];
  createdAt: string;
  updatedAt: string;
}
interface SearchNode {
  id: string;
  name: { given: string[]; family: string };
  birthDate: string | null;
}
interface Connection {
  edges: { cursor: string; node: SearchNode }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

let system: TestSystem;
/** The two ways in: through the gateway, and straight at the demographic subgraph. */
let targets: [string, GraphQLClient][];

beforeAll(async () => {
  system = await startSystem();
  targets = [
    ['gateway', system.gateway],
    ['demographic subgraph', system.demographic],
  ];
});

afterAll(async () => {
  await system?.stop();
});

/** A lower-case token of letters only, so that name tests do not collide and sort the same under every collation. */
function token(): string {
  return Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

const counts = () => rowCounts(system.demographicDb, DEMOGRAPHIC_TABLES);

async function register(input: PatientInput, client: GraphQLClient = system.gateway): Promise<Patient> {
  const response = await client.request<{ registerPatient: Patient }>(REGISTER, { input });
  expect(response.errors).toBeUndefined();
  return response.data!.registerPatient;
}

async function search(client: GraphQLClient, variables: Record<string, unknown>): Promise<Connection> {
  const response = await client.request<{ patients: Connection }>(SEARCH, variables);
  expect(response).toEqual({ status: 200, data: { patients: expect.any(Object) } });
  return response.data!.patients;
}

const ids = (connection: Connection) => connection.edges.map((edge) => edge.node.id);

/** The error a resolver's BAD_USER_INPUT/CONFLICT/NOT_FOUND becomes, as each target reports it. */
function resolverError(target: string, field: string, message: string | RegExp, extensions: Record<string, unknown>) {
  return {
    message: typeof message === 'string' ? message : expect.stringMatching(message),
    path: [field],
    ...(target === 'gateway' ? {} : { locations: [expect.objectContaining({ line: expect.any(Number) })] }),
    extensions: target === 'gateway' ? { ...extensions, serviceName: 'demographic' } : extensions,
  };
}

/**
 * A variable the subgraph cannot coerce (bad UUID or Date): the subgraph answers HTTP 400 without
 * data; the gateway passes the subgraph's error and code on, with the field it planned as null.
 */
function scalarError(target: string, gatewayData: Record<string, unknown> | null, message: RegExp) {
  const error = { message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } };
  if (target === 'gateway') return { status: 200, data: gatewayData, errors: [error] };
  return { status: 400, errors: [{ ...error, locations: [expect.objectContaining({ line: 1 })] }] };
}

function tomorrow(): string {
  return new Date(Date.now() + 36 * 3600 * 1000).toISOString().slice(0, 10);
}

describe('registerPatient', () => {
  it('through the gateway: trims names, returns identifiers decrypted, sets createdAt = updatedAt, and stores one row per identifier', async () => {
    const family = `${token()}son`;
    const before = await counts();
    const startedAt = Date.now();
    const response = await system.gateway.request(REGISTER, {
      input: {
        name: { given: ['  Ada ', 'Mary\t'], family: `  ${family}  ` },
        birthDate: '1985-03-14',
        sex: 'FEMALE',
        identifiers: [
          { system: ' https://hospital.example/mrn ', value: ' MRN-4471 ' },
          { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: '999911120' },
        ],
      },
    });
    expect(response).toEqual({
      status: 200,
      data: {
        registerPatient: {
          id: expect.stringMatching(UUID),
          name: { given: ['Ada', 'Mary'], family },
          birthDate: '1985-03-14',
          sex: 'FEMALE',
          identifiers: [
            { system: 'https://hospital.example/mrn', value: 'MRN-4471' },
            { system: 'urn:oid:2.16.840.1.113883.2.4.6.3', value: '999911120' },
          ],
          createdAt: expect.stringMatching(ISO_INSTANT),
          updatedAt: expect.stringMatching(ISO_INSTANT),
        },
      },
    });
    const patient = response.data.registerPatient as Patient;
    expect(patient.updatedAt).toBe(patient.createdAt);
    expect(Date.parse(patient.createdAt)).toBeGreaterThanOrEqual(startedAt - 5_000);
    expect(Date.parse(patient.createdAt)).toBeLessThanOrEqual(Date.now() + 5_000);
    expect(await counts()).toEqual({ ...before, patients: before.patients! + 1, patient_identifiers: before.patient_identifiers! + 2 });

    // Read back the same through both ways in.
    for (const [, client] of targets) {
      expect(await client.request(GET, { id: patient.id })).toEqual({ status: 200, data: { patient } });
    }
  });

  it('directly on the subgraph: given names and identifiers default to empty, birth date and sex to null', async () => {
    const family = `${token()}ez`;
    const before = await counts();
    const response = await system.demographic.request(REGISTER, { input: { name: { family } } });
    expect(response).toEqual({
      status: 200,
      data: {
        registerPatient: {
          id: expect.stringMatching(UUID),
          name: { given: [], family },
          birthDate: null,
          sex: null,
          identifiers: [],
          createdAt: expect.stringMatching(ISO_INSTANT),
          updatedAt: expect.stringMatching(ISO_INSTANT),
        },
      },
    });
    expect(await counts()).toEqual({ ...before, patients: before.patients! + 1 });
  });

  describe.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('rejects bad input via the %s with BAD_USER_INPUT naming the argument, storing nothing', (target, client) => {
    const cases: [string, () => PatientInput, string, string | RegExp][] = [
      ['a blank family name', () => ({ name: { given: ['Ann'], family: '   ' } }), 'input.name.family', 'input.name.family must be 1 to 200 characters'],
      ['an empty family name', () => ({ name: { family: '' } }), 'input.name.family', 'input.name.family must be 1 to 200 characters'],
      [
        'a blank given name',
        () => ({ name: { given: ['Ann', ' '], family: 'Smith' } }),
        'input.name.given[1]',
        'input.name.given[1] must be 1 to 200 characters',
      ],
      [
        'a birth date in the future',
        () => ({ name: { family: 'Smith' }, birthDate: tomorrow() }),
        'input.birthDate',
        'input.birthDate must not be in the future',
      ],
      [
        'the same identifier twice in one input',
        () => ({
          name: { family: 'Smith' },
          identifiers: [
            { system: 'urn:x', value: 'dup-1' },
            { system: 'urn:y', value: 'dup-1' },
            { system: 'urn:x', value: 'dup-1' },
          ],
        }),
        'input.identifiers[2]',
        'input.identifiers[2] repeats an identifier',
      ],
      [
        'the same identifier twice once trimmed',
        () => ({
          name: { family: 'Smith' },
          identifiers: [
            { system: 'urn:x', value: 'dup-2' },
            { system: ' urn:x', value: 'dup-2 ' },
          ],
        }),
        'input.identifiers[1]',
        'input.identifiers[1] repeats an identifier',
      ],
      [
        'a blank identifier value',
        () => ({ name: { family: 'Smith' }, identifiers: [{ system: 'urn:x', value: ' ' }] }),
        'input.identifiers[0].value',
        /^input\.identifiers\[0\]\.value must be/,
      ],
    ];
    it.each(cases)('%s', async (_label, input, argument, message) => {
      const before = await counts();
      const response = await client().request(REGISTER, { input: input() });
      expect(response).toEqual({
        status: 200,
        data: null,
        errors: [resolverError(target, 'registerPatient', message, { argument, code: 'BAD_USER_INPUT' })],
      });
      expect(await counts()).toEqual(before);
    });
  });

  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('rejects a malformed birth date (1990-13-45) via the %s with BAD_USER_INPUT naming input.birthDate, storing nothing', async (target, client) => {
    const before = await counts();
    const response = await client().request(REGISTER, { input: { name: { family: 'Smith' }, birthDate: '1990-13-45' } });
    expect(response).toEqual(scalarError(target, null, /^Variable "\$input" got invalid value "1990-13-45" at "input\.birthDate"; /));
    expect(await counts()).toEqual(before);
  });

  it('rejects an identifier already registered to another patient with CONFLICT (through both ways in), storing nothing', async () => {
    const identifier = { system: 'https://hospital.example/mrn', value: `MRN-${token()}` };
    const first = await register({ name: { family: `${token()}first` }, identifiers: [identifier] });
    for (const [target, client] of targets) {
      const before = await counts();
      const response = await client.request(REGISTER, {
        input: {
          name: { family: `${token()}second` },
          identifiers: [
            { system: 'urn:other', value: `free-${token()}` },
            { ...identifier, value: ` ${identifier.value} ` },
          ],
        },
      });
      expect(response).toEqual({
        status: 200,
        data: null,
        errors: [
          resolverError(target, 'registerPatient', 'The identifier in system https://hospital.example/mrn is already registered to another patient', {
            argument: 'input.identifiers[1]',
            code: 'CONFLICT',
          }),
        ],
      });
      // The patient row and the first identifier were rolled back with the failed one.
      expect(await counts()).toEqual(before);
    }
    // The first patient keeps the identifier.
    const found = await search(system.gateway, { identifier });
    expect(ids(found)).toEqual([first.id]);
  });

  it('allows the same value in a different identifier system', async () => {
    const value = `V-${token()}`;
    const a = await register({ name: { family: 'Sysa' }, identifiers: [{ system: 'urn:sys:a', value }] });
    const b = await register({ name: { family: 'Sysb' }, identifiers: [{ system: 'urn:sys:b', value }] });
    expect(a.identifiers).toEqual([{ system: 'urn:sys:a', value }]);
    expect(b.identifiers).toEqual([{ system: 'urn:sys:b', value }]);
  });
});

describe('updatePatient', () => {
  it('replaces name, birth date, sex and identifiers: the old identifier is no longer findable, the new one is', async () => {
    const oldIdentifier = { system: 'https://hospital.example/mrn', value: `OLD-${token()}` };
    const kept = { system: 'urn:kept', value: `KEPT-${token()}` };
    const newIdentifier = { system: 'https://hospital.example/mrn', value: `NEW-${token()}` };
    const original = await register({
      name: { given: ['Old'], family: `${token()}old` },
      birthDate: '1970-01-01',
      sex: 'MALE',
      identifiers: [oldIdentifier, kept],
    });
    const newFamily = `${token()}new`;
    await new Promise((resolve) => setTimeout(resolve, 5));

    const before = await counts();
    const response = await system.gateway.request(UPDATE, {
      id: original.id,
      input: { name: { given: [' New ', 'Name'], family: ` ${newFamily} ` }, birthDate: '1971-02-03', sex: 'OTHER', identifiers: [kept, newIdentifier] },
    });
    expect(response).toEqual({
      status: 200,
      data: {
        updatePatient: {
          id: original.id,
          name: { given: ['New', 'Name'], family: newFamily },
          birthDate: '1971-02-03',
          sex: 'OTHER',
          identifiers: [kept, newIdentifier],
          createdAt: original.createdAt,
          updatedAt: expect.stringMatching(ISO_INSTANT),
        },
      },
    });
    const updated = response.data.updatePatient as Patient;
    expect(Date.parse(updated.updatedAt)).toBeGreaterThan(Date.parse(original.updatedAt));
    expect(await counts()).toEqual(before);

    for (const [, client] of targets) {
      expect(await client.request(GET, { id: original.id })).toEqual({ status: 200, data: { patient: updated } });
      expect(ids(await search(client, { identifier: oldIdentifier }))).toEqual([]);
      expect(ids(await search(client, { identifier: newIdentifier }))).toEqual([original.id]);
      expect(ids(await search(client, { identifier: kept }))).toEqual([original.id]);
      expect(ids(await search(client, { name: newFamily }))).toEqual([original.id]);
      expect(ids(await search(client, { name: original.name.family }))).toEqual([]);
    }

    // The freed identifier can be registered to someone else now.
    const other = await register({ name: { family: 'Reuse' }, identifiers: [oldIdentifier] });
    expect(ids(await search(system.gateway, { identifier: oldIdentifier }))).toEqual([other.id]);
  });

  it('clears optional fields when the input leaves them out', async () => {
    const patient = await register({
      name: { given: ['A'], family: 'Clear' },
      birthDate: '1960-06-06',
      sex: 'FEMALE',
      identifiers: [{ system: 'urn:c', value: token() }],
    });
    const response = await system.demographic.request(UPDATE, { id: patient.id, input: { name: { family: 'Clear' } } });
    expect(response).toEqual({
      status: 200,
      data: {
        updatePatient: {
          ...patient,
          name: { given: [], family: 'Clear' },
          birthDate: null,
          sex: null,
          identifiers: [],
          updatedAt: expect.stringMatching(ISO_INSTANT),
        },
      },
    });
  });

  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('fails with NOT_FOUND for an unknown id via the %s, storing nothing', async (target, client) => {
    const id = randomUUID();
    const before = await counts();
    const response = await client().request(UPDATE, { id, input: { name: { family: 'Nobody' }, identifiers: [{ system: 'urn:nf', value: token() }] } });
    expect(response).toEqual({
      status: 200,
      data: null,
      errors: [resolverError(target, 'updatePatient', `No patient with id ${id}`, { patientId: id, code: 'NOT_FOUND' })],
    });
    expect(await counts()).toEqual(before);
  });

  it("fails with CONFLICT when taking another patient's identifier, and leaves the patient unchanged", async () => {
    const taken = { system: 'urn:taken', value: token() };
    await register({ name: { family: 'Owner' }, identifiers: [taken] });
    const patient = await register({ name: { family: 'Taker' }, identifiers: [{ system: 'urn:mine', value: token() }] });
    const before = await counts();
    const response = await system.gateway.request(UPDATE, { id: patient.id, input: { name: { family: 'Changed' }, identifiers: [taken] } });
    expect(response).toEqual({
      status: 200,
      data: null,
      errors: [
        resolverError('gateway', 'updatePatient', 'The identifier in system urn:taken is already registered to another patient', {
          argument: 'input.identifiers[0]',
          code: 'CONFLICT',
        }),
      ],
    });
    expect(await counts()).toEqual(before);
    expect(await system.gateway.request(GET, { id: patient.id })).toEqual({ status: 200, data: { patient } });
  });

  it('fails with BAD_USER_INPUT for a bad input, and leaves the patient unchanged', async () => {
    const patient = await register({ name: { family: 'Stays' }, birthDate: '2000-01-01' });
    const before = await counts();
    const response = await system.gateway.request(UPDATE, { id: patient.id, input: { name: { family: 'Moves' }, birthDate: tomorrow() } });
    expect(response).toEqual({
      status: 200,
      data: null,
      errors: [resolverError('gateway', 'updatePatient', 'input.birthDate must not be in the future', { argument: 'input.birthDate', code: 'BAD_USER_INPUT' })],
    });
    expect(await counts()).toEqual(before);
    expect(await system.gateway.request(GET, { id: patient.id })).toEqual({ status: 200, data: { patient } });
  });
});

describe('patient(id)', () => {
  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('is null for an unknown id via the %s', async (_target, client) => {
    expect(await client().request(GET, { id: randomUUID() })).toEqual({ status: 200, data: { patient: null } });
  });

  it('accepts an upper-case UUID', async () => {
    const patient = await register({ name: { family: 'Upper' } });
    expect(await system.gateway.request(GET, { id: patient.id.toUpperCase() })).toEqual({ status: 200, data: { patient } });
  });

  it.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('rejects a non-UUID id via the %s with BAD_USER_INPUT naming the argument', async (target, client) => {
    expect(await client().request(GET, { id: 'MRN-12345' })).toEqual(
      scalarError(target, { patient: null }, /^Variable "\$id" got invalid value "MRN-12345"; Expected a UUID/),
    );
    expect(await client().request(UPDATE, { id: 'MRN-12345', input: { name: { family: 'X' } } })).toEqual(
      scalarError(target, null, /^Variable "\$id" got invalid value "MRN-12345"; Expected a UUID/),
    );
  });

  it('rejects a non-UUID id written inline on the subgraph with BAD_USER_INPUT', async () => {
    expect(await system.demographic.request('{ patient(id: "MRN-12345") { id } }')).toEqual({
      status: 400,
      errors: [{ message: expect.stringMatching(/^Expected a UUID .* found "MRN-12345"/), extensions: { code: 'BAD_USER_INPUT' } }],
    });
  });
});

describe('patients search', () => {
  // One family-name token per run of this block, so other tests' patients never match.
  const T = token();
  const G = token();
  let anna: Patient;
  let bob: Patient;
  let carl: Patient;
  let dora: Patient;
  const mrn = { system: 'https://hospital.example/mrn', value: `S-${token()}` };
  const sameValueOtherSystem = { system: 'urn:other-hospital', value: mrn.value };

  beforeAll(async () => {
    // Registered out of order on purpose: the result order must come from the sort, not insertion.
    carl = await register({ name: { given: ['Carl', `${G}mid`], family: `${T}berg` }, birthDate: '1901-07-13' });
    bob = await register({ name: { given: ['Bob'], family: `${T}ander` }, birthDate: '1980-01-01' });
    anna = await register({ name: { given: ['Anna'], family: `${T.toUpperCase()}ANDER` }, birthDate: '1980-01-01', identifiers: [mrn] });
    dora = await register({ name: { given: ['Dora'], family: `X${T}` }, birthDate: '1980-01-01', identifiers: [sameValueOtherSystem] });
  });

  describe.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('via the %s', (_target, client) => {
    it('matches the start of the family name, ignoring case, ordered by family, given names, id', async () => {
      const result = await search(client(), { name: T.toUpperCase() });
      expect(result).toEqual({
        edges: [
          { cursor: expect.any(String), node: { id: anna.id, name: anna.name, birthDate: '1980-01-01' } },
          { cursor: expect.any(String), node: { id: bob.id, name: bob.name, birthDate: '1980-01-01' } },
          { cursor: expect.any(String), node: { id: carl.id, name: carl.name, birthDate: '1901-07-13' } },
        ],
        pageInfo: { hasNextPage: false, endCursor: result.edges[2]?.cursor },
      });
      expect(ids(await search(client(), { name: `  ${T}and  ` }))).toEqual([anna.id, bob.id]);
      // The start only: `X<T>` does not match `<T>`'s middle, and a middle of the name does not match.
      expect(ids(await search(client(), { name: T.slice(2) }))).toEqual([]);
      expect(ids(await search(client(), { name: `x${T}` }))).toEqual([dora.id]);
    });

    it('matches the start of any given name, ignoring case', async () => {
      expect(ids(await search(client(), { name: G.toUpperCase().slice(0, 6) }))).toEqual([carl.id]);
      expect(ids(await search(client(), { name: `${G}MID` }))).toEqual([carl.id]);
      expect(ids(await search(client(), { name: `${G}midx` }))).toEqual([]);
    });

    it('finds by birth date exactly', async () => {
      expect(ids(await search(client(), { birthDate: '1901-07-13' }))).toEqual([carl.id]);
      expect(ids(await search(client(), { birthDate: '1901-07-14' }))).toEqual([]);
    });

    it('finds by identifier exactly: system and value', async () => {
      expect(ids(await search(client(), { identifier: mrn }))).toEqual([anna.id]);
      expect(ids(await search(client(), { identifier: sameValueOtherSystem }))).toEqual([dora.id]);
      expect(ids(await search(client(), { identifier: { system: 'urn:third', value: mrn.value } }))).toEqual([]);
      expect(ids(await search(client(), { identifier: { system: mrn.system, value: mrn.value.toLowerCase() } }))).toEqual([]);
      expect(ids(await search(client(), { identifier: { system: mrn.system, value: mrn.value.slice(0, -1) } }))).toEqual([]);
    });

    it('combines filters (all must match)', async () => {
      expect(ids(await search(client(), { name: T, birthDate: '1980-01-01' }))).toEqual([anna.id, bob.id]);
      expect(ids(await search(client(), { name: T, birthDate: '1901-07-13' }))).toEqual([carl.id]);
      expect(ids(await search(client(), { name: T, identifier: mrn }))).toEqual([anna.id]);
      expect(ids(await search(client(), { name: `${T}b`, identifier: mrn }))).toEqual([]);
      expect(ids(await search(client(), { name: T, birthDate: '1980-01-01', identifier: sameValueOtherSystem }))).toEqual([]);
      expect(ids(await search(client(), { name: `x${T}`, birthDate: '1980-01-01', identifier: sameValueOtherSystem }))).toEqual([dora.id]);
    });

    it('returns an empty connection when nothing matches', async () => {
      expect(await search(client(), { name: `${T}zzz` })).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });
  });

  it('ignores case beyond ASCII too', async () => {
    const U = token();
    const patient = await register({ name: { given: [`Élodie${U}`], family: `Öberg${U}` } });
    for (const [, client] of targets) {
      expect(ids(await search(client, { name: `öBERG${U}` }))).toEqual([patient.id]);
      expect(ids(await search(client, { name: `éLODIE${U.toUpperCase()}` }))).toEqual([patient.id]);
    }
  });

  it('treats % and _ in the name as literal characters, not wildcards', async () => {
    const P = token();
    const percent = await register({ name: { family: `${P}%off` } });
    const underscore = await register({ name: { family: `${P}_x` } });
    const backslash = await register({ name: { family: `${P}\\y` } });
    await register({ name: { family: `${P}zoff` } });
    await register({ name: { family: `${P}ax` } });
    await register({ name: { family: `${P}y` } });
    const given = await register({ name: { given: [`${P}_g`], family: 'Literal' } });
    await register({ name: { given: [`${P}ag`], family: 'Literal' } });
    for (const [, client] of targets) {
      expect(ids(await search(client, { name: `${P}%` }))).toEqual([percent.id]);
      // `<P>_` matches `<P>_x` (family) and `<P>_g` (given name), not `<P>ax` nor `<P>ag`.
      expect(ids(await search(client, { name: `${P}_` })).sort()).toEqual([underscore.id, given.id].sort());
      expect(ids(await search(client, { name: `${P}\\` }))).toEqual([backslash.id]);
      expect(ids(await search(client, { name: `${P}_g` }))).toEqual([given.id]);
      expect(ids(await search(client, { name: '%' }))).toEqual([]);
      expect(ids(await search(client, { name: '_' }))).toEqual([]);
      expect(await search(client, { name: P })).toMatchObject({ edges: { length: 8 } });
    }
  });

  describe('pagination', () => {
    const Q = token();
    let all: string[];

    beforeAll(async () => {
      // Ties on family and on family + given names, so the cursor must carry every sort key.
      const names: [string[], string][] = [
        [['Zed'], `${Q}a`],
        [['Amy'], `${Q}a`],
        [['Amy'], `${Q}a`],
        [['Amy'], `${Q}a`],
        [['Amy', 'Beth'], `${Q}a`],
        [[], `${Q}b`],
        [['Eve'], `${Q}B`],
        [['Eve'], `${Q}b`],
        [['Ann'], `${Q}c`],
        [['Ann'], `${Q}d`],
        [['Ann'], `${Q}e`],
      ];
      const registered: Patient[] = [];
      for (const [given, family] of names) registered.push(await register({ name: { given, family } }));
      const byId = (a: Patient, b: Patient) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
      const pick = (family: string, given: string[]) =>
        registered.filter((p) => p.name.family.toLowerCase() === family && JSON.stringify(p.name.given) === JSON.stringify(given)).sort(byId);
      all = [
        ...pick(`${Q}a`, ['Amy']),
        ...pick(`${Q}a`, ['Amy', 'Beth']),
        ...pick(`${Q}a`, ['Zed']),
        ...pick(`${Q}b`, []),
        ...pick(`${Q}b`, ['Eve']),
        ...pick(`${Q}c`, ['Ann']),
        ...pick(`${Q}d`, ['Ann']),
        ...pick(`${Q}e`, ['Ann']),
      ].map((p) => p.id);
      expect(all).toHaveLength(names.length);
    });

    it('lists everything in one page in family, given names, id order', async () => {
      const page = await search(system.gateway, { name: Q, first: 100 });
      expect(ids(page)).toEqual(all);
      expect(page.pageInfo).toEqual({ hasNextPage: false, endCursor: page.edges.at(-1)?.cursor });
    });

    it.each([
      ['gateway', 3, () => system.gateway],
      ['demographic subgraph', 2, () => system.demographic],
      ['gateway', 1, () => system.gateway],
    ])('walks pages via the %s with first: %i without duplicates or gaps', async (_target, first, client) => {
      const seen: string[] = [];
      const hasNext: boolean[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 50; pages++) {
        const page = await search(client(), { name: Q, first, after });
        expect(page.edges.length).toBe(Math.min(first, all.length - seen.length));
        expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)!.cursor);
        seen.push(...ids(page));
        hasNext.push(page.pageInfo.hasNextPage);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(all);
      const pageCount = Math.ceil(all.length / first);
      expect(hasNext).toEqual([...Array<boolean>(pageCount - 1).fill(true), false]);
    });

    it('continues after any edge cursor, not only endCursor', async () => {
      const page = await search(system.demographic, { name: Q, first: 100 });
      for (const [i, edge] of page.edges.entries()) {
        const rest = await search(system.demographic, { name: Q, first: 100, after: edge.cursor });
        expect(ids(rest)).toEqual(all.slice(i + 1));
      }
    });

    it('combines a cursor with filters', async () => {
      const page = await search(system.gateway, { name: Q, first: 2 });
      const next = await search(system.gateway, { name: Q, first: 100, after: page.pageInfo.endCursor, birthDate: '1999-09-09' });
      expect(next).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });
  });

  describe.each([
    ['gateway', () => system.gateway],
    ['demographic subgraph', () => system.demographic],
  ])('rejects bad paging arguments via the %s with BAD_USER_INPUT', (target, client) => {
    it.each([
      [{ first: 0 }, 'first', 'first must be between 1 and 100, found 0'],
      [{ first: 101 }, 'first', 'first must be between 1 and 100, found 101'],
      [{ first: -1 }, 'first', 'first must be between 1 and 100, found -1'],
      [{ after: 'garbage' }, 'after', 'after is not a cursor returned by this connection'],
      [{ after: Buffer.from('["smith"]').toString('base64url') }, 'after', 'after is not a cursor returned by this connection'],
      [{ after: Buffer.from(`["smith","${randomUUID()}"]`).toString('base64url') }, 'after', 'after is not a cursor returned by this connection'],
      [{ after: Buffer.from(`["smith",[1],"${randomUUID()}"]`).toString('base64url') }, 'after', 'after is not a cursor returned by this connection'],
      [{ after: Buffer.from('["smith",[],"not-a-uuid"]').toString('base64url') }, 'after', 'after is not a cursor returned by this connection'],
    ])('%j', async (variables, argument, message) => {
      expect(await client().request(SEARCH, { name: 'a', ...variables })).toEqual({
        status: 200,
        data: null,
        errors: [resolverError(target, 'patients', message, { argument, code: 'BAD_USER_INPUT' })],
      });
    });
  });
});
