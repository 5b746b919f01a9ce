import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, usingRealPostgres, type TestDatabase } from '../kit/databases.ts';
import { graphqlClient, withToken, type GraphQLClient } from '../kit/graphql-client.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { TEST_SYSTEM_ID } from '../kit/system.ts';
import { freePort } from '../kit/ports.ts';
import { startChildService, type Child } from '../kit/child-service.ts';
import { COMMIT, labelledFixture, type Json } from './documents.ts';
import { testIssuer } from '../kit/tokens.ts';

const ENTRIES = 1500;

/** One composition with ENTRIES observations: big enough that its commit takes a while to validate and write. */
function largeComposition(label: string): Json {
  const document = labelledFixture('minimal_observation_1.composition.json', label);
  const [observation] = document.content as Json[];
  document.content = Array.from({ length: ENTRIES }, () => observation);
  return document;
}

type KillMoment = number | 'in transaction';

/** Resolves once a transaction on the test database has written something and not yet ended. */
async function transactionWritten(store: TestDatabase): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const open = await store.db.query(
      `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()`,
    );
    if (open.rowCount > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error('no commit transaction was seen within 20 s');
}

describe.skipIf(!usingRealPostgres)('[postgres] a commit cut short by kill -9', () => {
  let store: TestDatabase;
  let dataDir: string;
  let env: Record<string, string>;
  let health: string;
  let client: GraphQLClient;
  let service: Child | undefined;
  let ehrId: string;

  const start = async () => {
    service = await startChildService('subgraphs/clinical/main.ts', env, health);
  };
  const counts = () => rowCounts(store.db, CLINICAL_TABLES);

  beforeAll(async () => {
    store = await createTestDatabase('killed');
    dataDir = mkdtempSync(join(tmpdir(), 'killed-commit-'));
    const port = await freePort();
    const issuer = await testIssuer();
    env = {
      ...issuer.authEnv,
      CLINICAL_DATABASE_URL: store.url!,
      CLINICAL_PORT: String(port),
      DATA_DIR: dataDir,
      SYSTEM_ID: TEST_SYSTEM_ID,
      LOG_LEVEL: 'error',
    };
    health = `http://127.0.0.1:${port}/health`;
    const token = await issuer.token();
    client = withToken(graphqlClient(`http://127.0.0.1:${port}/graphql`), token);
    await start();
    ehrId = (await client.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  }, 90_000);
  afterAll(async () => {
    await service?.kill();
    await store?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('stores all of a composition or none of it, whenever the process dies', async () => {
    // How long a whole commit takes here, to aim the kills inside it.
    const first = await counts();
    const timed = Date.now();
    const committed = await client.request(COMMIT, { ehrId, c: largeComposition('timed') });
    const commitMs = Date.now() - timed;
    expect(committed.errors).toBeUndefined();
    const whole = await counts();
    expect(whole).toMatchObject({
      contributions: first.contributions! + 1,
      composition_versions: first.composition_versions! + 1,
      entries: first.entries! + ENTRIES,
    });
    /** Rows a composition adds to each table: every one of them or none must be there after a kill. */
    const perCommit = Object.fromEntries(Object.entries(whole).map(([table, n]) => [table, n - first[table]!]));

    const outcomes: string[] = [];
    // Kills after a share of a whole commit's time (over 1: likely after it committed), and kills
    // at the moment its transaction has written rows but not committed (seen in pg_stat_activity).
    const moments: KillMoment[] = [0.3, 1.5, 'in transaction', 'in transaction', 'in transaction'];
    for (const moment of moments) {
      const before = await counts();
      const sent = Date.now();
      const answer = client.request(COMMIT, { ehrId, c: largeComposition(`killed ${moment}`) }).then(
        (response) => (response.errors ? 'refused' : 'answered'),
        () => 'cut off',
      );
      await (moment === 'in transaction' ? transactionWritten(store) : new Promise((resolve) => setTimeout(resolve, commitMs * moment)));
      const killedAfter = Date.now() - sent;
      await service!.kill();
      const heard = await answer;
      await start();
      const after = await counts();
      const stored = after.composition_versions! - before.composition_versions!;
      outcomes.push(`${moment} (${killedAfter} ms): ${stored ? 'stored' : 'nothing'}, client ${heard}`);
      expect([0, 1]).toContain(stored);
      expect(after).toEqual(Object.fromEntries(Object.entries(before).map(([table, n]) => [table, n + stored * perCommit[table]!])));
      if (heard === 'answered') expect(stored).toBe(1); // an acknowledged commit is never lost
    }
    console.log(`kill -9 during a ${ENTRIES}-entry commit (${commitMs} ms whole): ${outcomes.join('; ')}`);

    // every version on record is whole, and the service works after all that
    const partial = await store.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM composition_versions v
       WHERE (SELECT count(*) FROM entries e WHERE e.object_id = v.object_id AND e.version = v.version) <> $1`,
      [ENTRIES],
    );
    expect(partial.rows[0]?.n).toBe(0);
    const listed = await client.request(`query($e: UUID!) { ehr(id: $e) { compositions(first: 100) { edges { node { uid } } } } }`, { e: ehrId });
    expect(listed.data.ehr.compositions.edges).toHaveLength((await counts()).composition_versions!);
  }, 180_000);
});
