import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingRealPostgres } from '../kit/databases.ts';
import type { GraphQLClient, GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { COMMIT, entryCountOf, expectSameDocument, FIXTURES, inParallel, labelledFixture, READ, type Json } from './documents.ts';

/** Bounded: LOAD_TEST_SECONDS, by default a minute on PostgreSQL and 10 s on PGlite. */
const SECONDS = Number(process.env.LOAD_TEST_SECONDS ?? (usingRealPostgres ? 60 : 10));
const CONCURRENCY = Number(process.env.LOAD_TEST_CONCURRENCY ?? 16);
const EHRS = 16;
const SMALL_FIXTURES = FIXTURES.filter((name) => !name.includes('_max_'));

const LIST = `query($e: UUID!) { ehr(id: $e) { compositions(first: 10) { edges { node { uid name } } } } }`;
const FEDERATED = `query($p: UUID!) { patient(id: $p) { name { family } ehr { id compositions(first: 3) { edges { node { uid entries { name } } } } } } }`;

interface Patient {
  patientId: string;
  ehrId: string;
}

let system: TestSystem;
const patients: Patient[] = [];
/** Every commit the server acknowledged, with the document sent. */
const acknowledged = new Map<string, Json>();

beforeAll(async () => {
  system = await startSystem();
  for (let i = 0; i < EHRS; i++) {
    const patientId = (await system.gateway.request(`mutation { registerPatient(input: { name: { family: "Load ${i}" } }) { id } }`)).data.registerPatient.id;
    const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
    await system.gateway.request(`mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`, { p: patientId, e: ehrId });
    const document = labelledFixture(SMALL_FIXTURES[i % SMALL_FIXTURES.length]!, `seed ${i}`);
    const committed = await system.gateway.request(COMMIT, { ehrId, c: document });
    acknowledged.set(committed.data.commitComposition.uid, document);
    patients.push({ patientId, ehrId });
  }
});
afterAll(async () => {
  await system?.stop();
});

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

interface Tally {
  requests: number;
  commits: number;
  errors: Map<string, number>;
  latencies: number[];
}

/** One request of the mix: a quarter each commits, reads a version, lists an EHR, asks the gateway for patient → EHR → compositions. */
async function oneRequest(gateway: GraphQLClient, tally: Tally, worker: number): Promise<void> {
  const kind = pick(['commit', 'read', 'list', 'federated'] as const);
  const patient = pick(patients);
  const started = performance.now();
  let response: GraphQLResponse;
  let document: Json | undefined;
  if (kind === 'commit') {
    document = labelledFixture(pick(SMALL_FIXTURES), `load ${worker}-${tally.requests}`);
    response = await gateway.request(COMMIT, { ehrId: patient.ehrId, c: document });
  } else if (kind === 'read') {
    response = await gateway.request(READ, { uid: pick([...acknowledged.keys()]) });
  } else if (kind === 'list') {
    response = await gateway.request(LIST, { e: patient.ehrId });
  } else {
    response = await gateway.request(FEDERATED, { p: patient.patientId });
  }
  tally.latencies.push(performance.now() - started);
  tally.requests++;
  for (const error of response.errors ?? []) {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : `HTTP ${response.status}`;
    tally.errors.set(code, (tally.errors.get(code) ?? 0) + 1);
  }
  if (document && !response.errors) {
    tally.commits++;
    acknowledged.set((response.data as { commitComposition: { uid: string } }).commitComposition.uid, document);
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

describe(`load: mixed reads and commits for ${SECONDS} s at concurrency ${CONCURRENCY} (${usingRealPostgres ? 'PostgreSQL' : 'PGlite'})`, () => {
  it(
    'holds the load without errors, and every acknowledged commit is readable and intact afterwards',
    async () => {
      const tally: Tally = { requests: 0, commits: 0, errors: new Map(), latencies: [] };
      const before = acknowledged.size;
      const deadline = Date.now() + SECONDS * 1000;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, worker) => {
          while (Date.now() < deadline) await oneRequest(system.gateway, tally, worker);
        }),
      );
      const elapsed = (performance.now() - started) / 1000;
      const sorted = [...tally.latencies].sort((a, b) => a - b);
      const errors = [...tally.errors].map(([code, n]) => `${code}×${n}`).join(', ') || 'none';
      console.log(
        `load (${usingRealPostgres ? 'PostgreSQL' : 'PGlite'}, ${elapsed.toFixed(1)} s, concurrency ${CONCURRENCY}): ` +
          `${tally.requests} requests = ${(tally.requests / elapsed).toFixed(1)} req/s, ${tally.commits} commits = ${(tally.commits / elapsed).toFixed(1)} commits/s, ` +
          `latency p50 ${percentile(sorted, 0.5).toFixed(0)} ms / p95 ${percentile(sorted, 0.95).toFixed(0)} ms / max ${percentile(sorted, 1).toFixed(0)} ms, errors: ${errors}`,
      );
      expect(errors).toBe('none');
      expect(acknowledged.size).toBe(before + tally.commits);

      // Every acknowledged commit: readable through the gateway as sent, and stored whole in the table.
      const checked = await inParallel([...acknowledged], 16, async ([uid, document]) => {
        const read = await system.gateway.request(READ, { uid });
        expect(read.errors).toBeUndefined();
        expectSameDocument(read.data.composition.canonical, document);
        expect(read.data.composition.entries).toHaveLength(entryCountOf(document));
        return uid;
      });
      const rows = await system.clinicalDb.query<{ uid: string; canonical: Json; entries: number }>(
        `SELECT v.uid, v.canonical, (SELECT count(*)::int FROM entries e WHERE e.object_id = v.object_id AND e.version = v.version) AS entries
       FROM composition_versions v`,
      );
      expect(rows.rows).toHaveLength(acknowledged.size); // nothing stored that was not acknowledged, nothing lost
      for (const row of rows.rows) {
        const sent = acknowledged.get(row.uid);
        expect(sent, row.uid).toBeDefined();
        expectSameDocument(row.canonical, sent);
        expect(row.entries).toBe(entryCountOf(sent));
      }
      console.log(`load check: ${checked.length} acknowledged commits read back intact through the gateway and in the table`);
    },
    (SECONDS + 240) * 1000,
  );
});
