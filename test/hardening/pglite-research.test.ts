import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingRealPostgres } from '../kit/databases.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { COMMIT, labelledFixture } from '../faults/documents.ts';
import { AQL, HEAVY, LET_THROUGH, withCompositions } from './research-load.ts';

const COUNT = 'SELECT COUNT(*) FROM EHR e CONTAINS COMPOSITION c';
const READ = `query($id: UUID!) { ehr(id: $id) { id compositions(first: 5) { edges { node { uid } } } } }`;

// PGlite cannot interrupt a statement: research runs on a copy of the primary in a worker thread,
// which is ended at the deadline (subgraphs/kit/db/pglite-research.ts).
describe.skipIf(usingRealPostgres)('research on PGlite runs beside the clinical service, and ends at its deadline', () => {
  let system: TestSystem;
  let ehrId: string;
  beforeAll(async () => {
    system = await startSystem({ clinicalEnv: { ...LET_THROUGH, AQL_TIMEOUT_MS: '4000' } });
    ehrId = await withCompositions(system, 10);
  }, 120_000);
  afterAll(async () => {
    await system?.stop();
  });

  const count = async (): Promise<unknown> => {
    const response = await system.gateway.request(AQL, { q: COUNT });
    expect(response.errors).toBeUndefined();
    return response.data.aql.rows;
  };

  it('a worst-case AQL query answers QUERY_TIMEOUT, clinicians and /health answer meanwhile, and research then sees later commits', async () => {
    expect(await count()).toEqual([[10]]); // the copy is loaded and current: HEAVY starts on it at once
    let researchAnswered = false;
    const research = system.gateway.request(AQL, { q: HEAVY }).finally(() => (researchAnswered = true));
    const health = system.gateway.url.replace('/graphql', '/health');
    const answeredMeanwhile: string[] = [];
    for (let i = 0; i < 3; i++) {
      const read = await system.gateway.request(READ, { id: ehrId });
      expect(read.errors).toBeUndefined();
      expect(read.data.ehr.compositions.edges).toHaveLength(5);
      expect((await fetch(health)).status).toBe(200);
      if (!researchAnswered) answeredMeanwhile.push(`read and health ${i}`);
    }
    expect(answeredMeanwhile).toEqual(['read and health 0', 'read and health 1', 'read and health 2']);

    const timedOut = await research;
    expect(timedOut.data?.aql ?? null).toBeNull();
    expect(timedOut.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TIMEOUT', limit: 'AQL_TIMEOUT_MS', max: 4000 });

    const committed = await system.gateway.request(COMMIT, { ehrId, c: labelledFixture('minimal_evaluation.json', 'after the timeout') });
    expect(committed.errors).toBeUndefined();
    expect(await count()).toEqual([[11]]);
  });
});
