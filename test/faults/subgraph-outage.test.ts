import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bloodPressureComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

let system: TestSystem;
let patientId: string;
let ehrId: string;
let compositionUid: string;

const PATIENT_RECORD = `query($p: UUID!, $e: UUID!) {
  patient(id: $p) { name { family } }
  ehr(id: $e) { id compositions(first: 5) { edges { node { uid name } } } }
}`;
const PATIENT_THEN_EHR = `query($p: UUID!) { patient(id: $p) { name { family } ehr { id compositions(first: 5) { edges { node { uid } } } } } }`;

beforeAll(async () => {
  system = await startSystem();
  patientId = (await system.gateway.request(`mutation { registerPatient(input: { name: { family: "Noether" } }) { id } }`)).data.registerPatient.id;
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  await system.gateway.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, { p: patientId, e: ehrId });
  const committed = await system.gateway.request(`mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`, {
    e: ehrId,
    c: bloodPressureComposition(118, 76, '2026-02-01T09:00:00Z'),
  });
  compositionUid = committed.data.commitComposition.uid;
});
afterEach(async () => {
  // a failed test must not leave the next one without a subgraph
  await system?.startSubgraph('clinical');
  await system?.startSubgraph('demographic');
});
afterAll(async () => {
  await system?.stop();
});

const wholeRecord = () => ({
  patient: { name: { family: 'Noether' } },
  ehr: { id: ehrId, compositions: { edges: [{ node: { uid: compositionUid, name: 'Vital signs' } }] } },
});

/** The error the gateway gives for the part it could not fetch: a clear code, no address or internals. */
function expectUnavailable(response: Awaited<ReturnType<TestSystem['gateway']['request']>>, serviceName: string) {
  expect(response.status).toBeLessThan(500);
  expect(response.errors).toHaveLength(1);
  expect(response.errors?.[0]?.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', serviceName });
  expect(JSON.stringify(response)).not.toMatch(/127\.0\.0\.1|ECONNREFUSED|stack|exception/);
}

describe('a subgraph goes down and comes back, the gateway keeps running', () => {
  it('answers the whole record while both are up', async () => {
    const response = await system.gateway.request(PATIENT_RECORD, { p: patientId, e: ehrId });
    expect(response).toEqual({ status: 200, data: wholeRecord() });
  });

  it('demographic down: the clinical part still answers, the patient part is an error; back up: whole again', async () => {
    await system.stopSubgraph('demographic');
    const partial = await system.gateway.request(PATIENT_RECORD, { p: patientId, e: ehrId });
    expect(partial.data).toEqual({ ...wholeRecord(), patient: null });
    expectUnavailable(partial, 'demographic');

    await system.startSubgraph('demographic');
    expect(await system.gateway.request(PATIENT_RECORD, { p: patientId, e: ehrId })).toEqual({ status: 200, data: wholeRecord() });
  });

  it('clinical down: the patient still answers, the clinical part is an error; back up: whole again', async () => {
    await system.stopSubgraph('clinical');
    const partial = await system.gateway.request(PATIENT_RECORD, { p: patientId, e: ehrId });
    expect(partial.data).toEqual({ ...wholeRecord(), ehr: null });
    expectUnavailable(partial, 'clinical');

    await system.startSubgraph('clinical');
    expect(await system.gateway.request(PATIENT_RECORD, { p: patientId, e: ehrId })).toEqual({ status: 200, data: wholeRecord() });
  });

  it('clinical down under patient → EHR → compositions: the patient answers with the EHR part an error', async () => {
    await system.stopSubgraph('clinical');
    const partial = await system.gateway.request(PATIENT_THEN_EHR, { p: patientId });
    expect(partial.status).toBeLessThan(500);
    expect(partial.data?.patient).toMatchObject({ name: { family: 'Noether' } });
    expectUnavailable(partial, 'clinical');

    await system.startSubgraph('clinical');
    const whole = await system.gateway.request(PATIENT_THEN_EHR, { p: patientId });
    expect(whole).toEqual({
      status: 200,
      data: { patient: { name: { family: 'Noether' }, ehr: { id: ehrId, compositions: { edges: [{ node: { uid: compositionUid } }] } } } },
    });
  });
});
