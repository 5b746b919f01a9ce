import { readFileSync } from 'node:fs';
import { buildSubgraphSchema, printSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloodPressureComposition, HBA1C, labReportComposition } from '../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from './kit/system.ts';

let system: TestSystem;
let patientId: string;
let ehrId: string;
const compositionUids: string[] = [];

beforeAll(async () => {
  system = await startSystem();
  const patient = await system.gateway.request(
    `mutation { registerPatient(input: { name: { given: ["Grace"], family: "Hopper" }, birthDate: "1906-12-09" }) { id } }`,
  );
  patientId = patient.data.registerPatient.id;
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  await system.gateway.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, { p: patientId, e: ehrId });
  for (const document of [bloodPressureComposition(121, 79, '2026-01-05T08:00:00Z'), labReportComposition([HBA1C(6.4)], '2026-01-06T08:00:00Z')]) {
    const { data } = await system.gateway.request(`mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`, {
      e: ehrId,
      c: document,
    });
    compositionUids.unshift(data.commitComposition.uid);
  }
});
afterAll(async () => {
  await system?.stop();
});

describe('the gateway joins the two subgraphs by UUID only', () => {
  it('answers patient → EHR → compositions → entries in one query', async () => {
    const response = await system.gateway.request(
      `query($id: UUID!) { patient(id: $id) { name { family } ehr { id compositions(first: 5) { edges { node { uid entries { name } } } } } } }`,
      { id: patientId },
    );
    expect(response).toEqual({
      status: 200,
      data: {
        patient: {
          name: { family: 'Hopper' },
          ehr: {
            id: ehrId,
            compositions: {
              edges: [
                { node: { uid: compositionUids[0], entries: [{ name: 'Laboratory test result' }] } },
                { node: { uid: compositionUids[1], entries: [{ name: 'Blood pressure' }] } },
              ],
            },
          },
        },
      },
    });
  });

  it('answers EHR → patient the other way round', async () => {
    const response = await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { patient { name { family } } } }`, { id: ehrId });
    expect(response).toEqual({ status: 200, data: { ehr: { patient: { name: { family: 'Hopper' } } } } });
  });

  it('answers null for an unlinked patient EHR and an unlinked EHR patient', async () => {
    const lonelyEhr = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
    const lonelyPatient = (await system.gateway.request(`mutation { registerPatient(input: { name: { family: "Solo" } }) { id } }`)).data.registerPatient.id;
    const both = await system.gateway.request(`query($e: UUID!, $p: UUID!) { ehr(id: $e) { id patient { id } } patient(id: $p) { id ehr { id } } }`, {
      e: lonelyEhr,
      p: lonelyPatient,
    });
    expect(both.data).toEqual({ ehr: { id: lonelyEhr, patient: null }, patient: { id: lonelyPatient, ehr: null } });
  });

  it('keeps subgraph error codes and details through the gateway', async () => {
    const stale = await system.gateway.request(`mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid } }`, {
      p: compositionUids[1]!.replace(/::1$/, '::7'),
      c: bloodPressureComposition(1, 1, '2026-01-01'),
    });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const badDocument = await system.gateway.request(`mutation($e: UUID!) { commitComposition(ehrId: $e, composition: {_type: "EHR_STATUS"}) { uid } }`, {
      e: ehrId,
    });
    expect(badDocument.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', jsonPath: '$._type' });
    const badVariable = await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { id } }`, { id: 'MRN-1' });
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(badVariable)).not.toContain('127.0.0.1'); // no subgraph URL leaks
  });

  it("gives both subgraphs the gateway's own request id, for their audit trails (never the client's)", async () => {
    const query = `query($id: UUID!) { patient(id: $id) { name { family } ehr { id createdAt } } }`;
    const callerIdsOf = async (db: typeof system.clinicalDb, since: Date) =>
      new Set((await db.query<{ id: string }>('SELECT DISTINCT caller_request_id AS id FROM audit_events WHERE at >= $1', [since])).rows.map((r) => r.id));
    for (const clientId of ['req-federation-1', undefined]) {
      const since = new Date(Date.now() - 1);
      const response = await fetch(system.gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token()}`, ...(clientId ? { 'x-request-id': clientId } : {}) },
        body: JSON.stringify({ query, variables: { id: patientId } }),
      });
      const gatewayId = response.headers.get('x-request-id');
      expect(gatewayId).toMatch(/^[0-9a-f-]{36}$/);
      expect(await callerIdsOf(system.clinicalDb, since)).toEqual(new Set([gatewayId]));
      expect(await callerIdsOf(system.demographicDb, since)).toEqual(new Set([gatewayId]));
    }
  });

  it('refuses a body that is not JSON with a clear 400', async () => {
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${await system.token()}` };
    const response = await fetch(system.gateway.url, { method: 'POST', headers, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });
});

describe('entity resolution (_entities), as the gateway calls it', () => {
  const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Ehr { id subjectNamespace } } }`;

  it('resolves EHR references on the clinical subgraph, null for unknown or malformed ids', async () => {
    const response = await system.clinical.request(ENTITIES, {
      r: [
        { __typename: 'Ehr', id: ehrId },
        { __typename: 'Ehr', id: '00000000-0000-4000-8000-000000000000' },
        { __typename: 'Ehr', id: "x' OR 1=1 --" },
      ],
    });
    expect(response.data._entities).toEqual([{ __typename: 'Ehr', id: ehrId, subjectNamespace: 'default' }, null, null]);
  });

  it('resolves the reverse link on the demographic subgraph', async () => {
    const response = await system.demographic.request(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { id patient { id } } ... on Patient { id } } }`,
      {
        r: [
          { __typename: 'Ehr', id: ehrId },
          { __typename: 'Patient', id: patientId },
          { __typename: 'Patient', id: 'nope' },
        ],
      },
    );
    expect(response.data._entities).toEqual([{ id: ehrId, patient: { id: patientId } }, { id: patientId }, null]);
  });
});

describe('each subgraph serves exactly its contract', () => {
  // _service prints the schema its own way (block descriptions, @link expanded), so both sides
  // are normalised by building and printing them the same way before comparing.
  const normalised = (sdl: string) => printSubgraphSchema(buildSubgraphSchema(parse(sdl)));

  it.each(['clinical', 'demographic'] as const)('%s: _service { sdl } is its file in schema/', async (name) => {
    const { data } = await system[name].request(`{ _service { sdl } }`);
    const contract = readFileSync(new URL(`../schema/${name}.graphql`, import.meta.url), 'utf8');
    expect(normalised(data._service.sdl)).toBe(normalised(contract));
    expect(data._service.sdl).toContain(name === 'clinical' ? 'commitComposition' : 'linkEhr');
  });
});
