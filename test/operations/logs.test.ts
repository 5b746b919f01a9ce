import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labReportComposition } from '../../scripts/demo/compositions.ts';
import type { LogLine } from '../kit/logs.ts';
import { startSystem, type LoggedTestSystem } from '../kit/system.ts';

/** Values no log line may ever hold: a name, birth date, identifiers, a lab result, a free text. */
const SECRET = {
  given: 'Quillonetta',
  family: 'Zarvokhanian',
  birthDate: '1933-11-29',
  mrn: 'MRN-SENTINEL-48151',
  labValue: 987.6543,
  labName: 'Xenotropic sentinel assay',
};
const SECRET_STRINGS = [SECRET.given, SECRET.family, SECRET.birthDate, SECRET.mrn, String(SECRET.labValue), SECRET.labName];

let system: LoggedTestSystem;

beforeAll(async () => {
  system = await startSystem({ logs: 'trace' });
});

afterAll(async () => {
  await system?.stop();
});

const requestLines = (lines: LogLine[], requestId: string) => lines.filter((line) => line.msg === 'request' && line.requestId === requestId);

describe('structured logs', () => {
  it('never hold names, identifiers or clinical values, even at trace level and on errors', async () => {
    const registered = await system.gateway.request(`mutation RegisterPatient($i: PatientInput!) { registerPatient(input: $i) { id } }`, {
      i: {
        name: { given: [SECRET.given], family: SECRET.family },
        birthDate: SECRET.birthDate,
        sex: 'FEMALE',
        identifiers: [{ system: 'https://hospital.example/mrn', value: SECRET.mrn }],
      },
    });
    expect(registered.errors).toBeUndefined();
    const ehr = await system.gateway.request(`mutation CreateEhr { createEhr { id } }`);
    const ehrId = ehr.data.createEhr.id as string;
    const link = await system.gateway.request(`mutation LinkEhr($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, {
      p: registered.data.registerPatient.id,
      e: ehrId,
    });
    expect(link.errors).toBeUndefined();
    const composition = labReportComposition([{ name: SECRET.labName, loinc: '4548-4', magnitude: SECRET.labValue, units: '%' }], '2026-03-01T09:00:00Z');
    const committed = await system.gateway.request(
      `mutation CommitComposition($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`,
      { e: ehrId, c: composition },
    );
    expect(committed.errors).toBeUndefined();
    const read = await system.gateway.request(
      `query History($e: UUID!) { ehr(id: $e) { patient { name { given family } birthDate identifiers { value } } compositions { edges { node { entries { name codes } } } } } }`,
      { e: ehrId },
    );
    expect(JSON.stringify(read.data)).toContain(SECRET.family);

    // Failures carry the values too: a rejected document, an inline literal in a GET's URL, a value in an unknown field.
    const rejected = await system.gateway.request(`mutation Bad($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`, {
      e: ehrId,
      c: { _type: 'COMPOSITION', name: SECRET.labName, content: [{ value: SECRET.labValue }] },
    });
    expect(rejected.errors?.length).toBeGreaterThan(0);
    const inline = `{ patients(filter: { family: "${SECRET.family}" }) { edges { node { id } } } }`;
    await fetch(`${system.gateway.url}?query=${encodeURIComponent(inline)}`, { headers: { authorization: `Bearer ${await system.token()}` } });
    await system.gateway.request(`query Inline { registerPatient(x: "${SECRET.mrn}") }`);

    const text = system.logs.text();
    const operations = system.logs.lines().map((line) => line.operation);
    for (const name of ['RegisterPatient', 'CreateEhr', 'LinkEhr', 'CommitComposition', 'History', 'Bad']) expect(operations).toContain(name);
    for (const secret of SECRET_STRINGS) expect(text, secret).not.toContain(secret);
    expect(text).not.toMatch(/Bearer /);
  });

  it('writes one JSON request line per request: operation, status, duration, error codes, caller sub', async () => {
    const requestId = `ops-${randomUUID()}`;
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token({ sub: 'dr-logline' })}`, 'x-request-id': requestId },
      body: JSON.stringify({ query: 'mutation Rejected($e: UUID!) { commitComposition(ehrId: $e, composition: {}) { uid } }', variables: { e: randomUUID() } }),
    });
    // The gateway's own id answers; the caller's is logged beside it, never in its place.
    const ownId = response.headers.get('x-request-id') ?? '';
    expect(ownId).toMatch(/^[0-9a-f-]{36}$/);
    const [line, ...more] = requestLines(system.logs.lines(), ownId).filter((l) => l.service === 'gateway');
    expect(line?.callerRequestId).toBe(requestId);
    expect(line, 'the gateway request line').toBeDefined();
    expect(more).toEqual([]);
    expect(line).toMatchObject({
      service: 'gateway',
      level: 30,
      method: 'POST',
      path: '/graphql',
      status: 200,
      operation: 'Rejected',
      operationType: 'mutation',
      sub: 'dr-logline',
    });
    expect(typeof line?.durationMs).toBe('number');
    expect(line?.errorCodes).toEqual(['BAD_USER_INPUT']);
    expect(line).not.toHaveProperty('variables');
    expect(line).not.toHaveProperty('query');
  });

  it("ties the three services together by the gateway's own id, kept apart from the id the client sent", async () => {
    const patient = await system.gateway.request(`mutation { registerPatient(input: { name: { given: ["A"], family: "B" } }) { id } }`);
    const ehr = await system.gateway.request(`mutation { createEhr { id } }`);
    const ehrId = ehr.data.createEhr.id as string;
    await system.gateway.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, {
      p: patient.data.registerPatient.id,
      e: ehrId,
    });

    const requestId = `client-${randomUUID()}`;
    const both = await system.gateway.request(`query Both($e: UUID!) { ehr(id: $e) { id patient { id } } }`, { e: ehrId }, { 'x-request-id': requestId });
    expect(both.errors).toBeUndefined();
    expect(both.data.ehr.patient.id).toBe(patient.data.registerPatient.id);

    const gatewayLine = system.logs.lines().find((line) => line.msg === 'request' && line.service === 'gateway' && line.callerRequestId === requestId);
    const gatewayId = String(gatewayLine?.requestId);
    expect(gatewayId).toMatch(/^[0-9a-f-]{36}$/);
    for (const db of [system.clinicalDb, system.demographicDb]) {
      const events = await db.query<{ requestId: string; callerRequestId: string }>(
        'SELECT request_id AS "requestId", caller_request_id AS "callerRequestId" FROM audit_events WHERE caller_request_id = $1',
        [gatewayId],
      );
      expect(events.rows.length).toBeGreaterThan(0);
      for (const event of events.rows) expect(event.requestId).not.toBe(gatewayId);
      const claimed = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_events WHERE request_id = $1 OR caller_request_id = $1', [requestId]);
      expect(claimed.rows[0]?.n, "the client's id is not the subgraphs' caller id").toBe(0);
    }
    const subgraphLines = system.logs.lines().filter((line) => line.msg === 'request' && line.callerRequestId === gatewayId);
    expect(subgraphLines.map((line) => line.service).sort()).toEqual(['clinical', 'demographic']);
  });

  it("a caller who sends another request's id to a subgraph directly gets it recorded as the caller's claim, never as the service's id", async () => {
    const claimed = `client-${randomUUID()}`;
    const response = await fetch(system.clinical.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token()}`, 'x-request-id': claimed },
      body: JSON.stringify({ query: 'mutation { createEhr { id } }' }),
    });
    const ownId = response.headers.get('x-request-id');
    expect(ownId).not.toBe(claimed);
    const events = await system.clinicalDb.query<{ requestId: string; callerRequestId: string }>(
      'SELECT request_id AS "requestId", caller_request_id AS "callerRequestId" FROM audit_events WHERE caller_request_id = $1 OR request_id = $1',
      [claimed],
    );
    expect(events.rows.length).toBeGreaterThan(0);
    for (const event of events.rows) expect(event).toEqual({ requestId: ownId, callerRequestId: claimed });
  });

  it('replaces an id that is not a plain token, so that free text never reaches logs or audit', async () => {
    const response = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await system.token()}`, 'x-request-id': `${SECRET.family} ${SECRET.mrn}` },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(system.logs.text()).not.toContain(SECRET.mrn);
  });
});
