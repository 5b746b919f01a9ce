import { execFileSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelledFixture, COMMIT } from '../faults/documents.ts';
import { usingRealPostgres, type TestDatabase } from '../kit/databases.ts';
import { eventually } from '../kit/eventually.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const SCRIPT = fileURLToPath(new URL('../../scripts/research-replica.sh', import.meta.url));
const AQL = `query($id: String!) { aql(query: "SELECT c/uid/value FROM EHR e[ehr_id/value=$id] CONTAINS COMPOSITION c", parameters: { id: $id }) { rows } }`;
const READ = `query($uid: String!) { composition(uid: $uid) { uid } }`;

describe.skipIf(!usingRealPostgres)('[postgres] research queries on a streaming replica', () => {
  const port = randomInt(20_000, 30_000);
  const dir = `/tmp/clinical-replica-${randomBytes(4).toString('hex')}`;
  const onReplica = (direct: TestDatabase) => {
    const url = new URL(direct.url ?? '');
    url.port = String(port);
    return url.toString();
  };
  let fallingBack: TestSystem;
  let strict: TestSystem;
  let replica: pg.Client;

  beforeAll(async () => {
    execFileSync(SCRIPT, ['start', String(port), dir], { stdio: 'pipe' });
    fallingBack = await startSystem({ researchDatabaseUrl: onReplica, clinicalEnv: { RESEARCH_FALLBACK: 'primary' } });
    strict = await startSystem({ researchDatabaseUrl: onReplica, clinicalEnv: { RESEARCH_FALLBACK: 'error' } });
    replica = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
    await replica.connect();
  }, 120_000);
  afterAll(async () => {
    await replica?.end().catch(() => undefined);
    await fallingBack?.stop();
    await strict?.stop();
    execFileSync(SCRIPT, ['stop', dir], { stdio: 'pipe' });
  });

  const commit = async (system: TestSystem) => {
    const ehrId: string = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
    const committed = await system.gateway.request(COMMIT, { ehrId, c: labelledFixture('minimal_evaluation.json', 'on the primary') });
    return { ehrId, uid: committed.data.commitComposition.uid as string };
  };
  const researchRows = async (system: TestSystem, ehrId: string) => (await system.gateway.request(AQL, { id: ehrId })).data?.aql?.rows;

  it('research reads come from the replica (paused, it lags), the committing clinician reads their write on the primary', async () => {
    const { rows } = await replica.query<{ standby: boolean }>('SELECT pg_is_in_recovery() AS standby');
    expect(rows[0]?.standby).toBe(true);
    await replica.query('SELECT pg_wal_replay_pause()');
    try {
      const { ehrId, uid } = await commit(fallingBack);
      expect((await fallingBack.gateway.request(READ, { uid })).data?.composition).toEqual({ uid });
      expect(await researchRows(fallingBack, ehrId)).toEqual([]);
      await replica.query('SELECT pg_wal_replay_resume()');
      await eventually(async () => expect(await researchRows(fallingBack, ehrId)).toEqual([[uid]]), 10_000);
    } finally {
      await replica.query('SELECT pg_wal_replay_resume()').catch(() => undefined);
    }
  });

  it('losing the replica: RESEARCH_FALLBACK=primary answers from the primary, =error answers SERVICE_UNAVAILABLE; clinical reads go on', async () => {
    const before = await commit(fallingBack);
    const strictOne = await commit(strict);
    await eventually(async () => expect(await researchRows(strict, strictOne.ehrId)).toEqual([[strictOne.uid]]), 10_000);
    await replica.end();
    execFileSync(SCRIPT, ['stop', dir], { stdio: 'pipe' });

    expect(await researchRows(fallingBack, before.ehrId)).toEqual([[before.uid]]);
    const refused = await strict.gateway.request(AQL, { id: strictOne.ehrId });
    expect(refused.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect((await strict.gateway.request(READ, { uid: strictOne.uid })).data?.composition).toEqual({ uid: strictOne.uid });
  });
});
