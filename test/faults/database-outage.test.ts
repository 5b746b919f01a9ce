import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseUrl, usingRealPostgres } from '../kit/databases.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { startTcpProxy, type CutMode, type TcpProxy } from '../kit/tcp-proxy.ts';
import { COMMIT, READ, labelledFixture } from './documents.ts';

// The clinical service reaches its PostgreSQL database through a TCP proxy that the test cuts and
// restores: the machine's PostgreSQL itself is never stopped.
describe.skipIf(!usingRealPostgres)('[postgres] the clinical database becomes unreachable and comes back', () => {
  let proxy: TcpProxy;
  let system: TestSystem;
  let patientId: string;
  let ehrId: string;
  let uid: string;

  beforeAll(async () => {
    const server = new URL(testDatabaseUrl!);
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    system = await startSystem({
      clinicalDatabaseUrl: (direct) => {
        const proxied = new URL(direct.url!);
        proxied.hostname = '127.0.0.1';
        proxied.port = String(proxy.port);
        return proxied.toString();
      },
    });
    patientId = (await system.gateway.request(`mutation { registerPatient(input: { name: { family: "Meitner" } }) { id } }`)).data.registerPatient.id;
    ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
    await system.gateway.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, { p: patientId, e: ehrId });
    uid = (await system.gateway.request(COMMIT, { ehrId, c: labelledFixture('minimal_observation_1.composition.json', 'before') })).data.commitComposition.uid;
  });
  afterEach(async () => {
    await proxy?.restore();
  });
  afterAll(async () => {
    await system?.stop();
    await proxy?.close();
  });

  // (a version read by uid may come from the composition cache, which is right: versions never change)
  const LIST = `query($e: UUID!) { ehr(id: $e) { compositions(first: 100) { edges { node { uid } } } } }`;
  const readyStatus = async () => (await fetch(system.clinical.url.replace(/\/graphql$/, '/ready'))).status;

  function expectUnavailable(response: GraphQLResponse) {
    expect(response.status).toBeLessThan(500);
    expect(response.errors?.length).toBeGreaterThan(0);
    for (const error of response.errors ?? []) expect(error.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(JSON.stringify(response)).not.toMatch(/ECONN|5432|postgres|Connection terminated|stack|exception/i);
  }

  async function expectWorking() {
    const read = await system.clinical.request(READ, { uid });
    expect(read.errors).toBeUndefined();
    expect(read.data.composition.uid).toBe(uid);
    const list = await system.clinical.request(LIST, { e: ehrId });
    expect(list.errors).toBeUndefined();
    expect(list.data.ehr.compositions.edges.map((edge: { node: { uid: string } }) => edge.node.uid)).toContain(uid);
    const committed = await system.clinical.request(COMMIT, { ehrId, c: labelledFixture('minimal_admin.json', 'after') });
    expect(committed.errors).toBeUndefined();
  }

  it.each<CutMode>(['refuse', 'reset'])(
    'cut (%s): reads and commits get SERVICE_UNAVAILABLE, nothing is half-written, /ready is 503; restored: all works',
    async (mode) => {
      await expectWorking(); // warms the pool: its open connections are cut too
      expect(await readyStatus()).toBe(200);
      const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);

      await proxy.cut(mode);
      expectUnavailable(await system.clinical.request(LIST, { e: ehrId }));
      expectUnavailable(await system.clinical.request(COMMIT, { ehrId, c: labelledFixture('laboratory_report.json', 'during') }));
      expect(await readyStatus()).toBe(503);
      // through the gateway, the demographic part still answers
      const federated = await system.gateway.request(`query($p: UUID!, $e: UUID!) { patient(id: $p) { name { family } } ehr(id: $e) { id } }`, {
        p: patientId,
        e: ehrId,
      });
      expect(federated.data).toEqual({ patient: { name: { family: 'Meitner' } }, ehr: null });
      expectUnavailable(federated);
      expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);

      await proxy.restore();
      await expectWorking();
      expect(await readyStatus()).toBe(200);
    },
  );

  it('blackholed (connections hang): a request fails with SERVICE_UNAVAILABLE within the connect timeout instead of hanging', async () => {
    await proxy.cut('blackhole');
    const started = Date.now();
    expectUnavailable(await system.clinical.request(LIST, { e: ehrId }));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await readyStatus()).toBe(503);
    await proxy.restore();
    await expectWorking();
  }, 30_000);
});
