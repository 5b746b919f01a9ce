import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usingRealPostgres } from '../kit/databases.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { COMMIT, entryCountOf, expectSameDocument, FIXTURES, labelledFixture, READ, UPDATE, type Json } from './documents.ts';

// Runs on whichever store the suite uses: PGlite runs one statement at a time, PostgreSQL
// (TEST_DATABASE_URL) really interleaves the transactions, which is where a race would show.
const STORE = usingRealPostgres ? 'PostgreSQL' : 'PGlite';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

async function newEhr(): Promise<string> {
  const { data } = await system.gateway.request(`mutation { createEhr { id } }`);
  return data.createEhr.id;
}

describe(`concurrent updates of one composition (${STORE})`, () => {
  it('lets exactly one of 50 updates from the same version win, three rounds, and keeps the version chain whole', async () => {
    const ehrId = await newEhr();
    const first = await system.gateway.request(COMMIT, { ehrId, c: labelledFixture('minimal_evaluation.json', 'v1') });
    expect(first.errors).toBeUndefined();
    let latest: string = first.data.commitComposition.uid;
    const objectId = latest.split('::')[0]!;
    const winners: Json[] = [labelledFixture('minimal_evaluation.json', 'v1')];

    for (let round = 2; round <= 4; round++) {
      const attempts = Array.from({ length: 50 }, (_, i) => labelledFixture('minimal_evaluation.json', `v${round} attempt ${i}`));
      const answers = await Promise.all(attempts.map((c) => system.gateway.request(UPDATE, { p: latest, c })));
      const won = answers.flatMap((answer, i) => (answer.data?.updateComposition ? [i] : []));
      expect(won).toHaveLength(1);
      const winner = answers[won[0]!]!.data.updateComposition;
      expect(winner.version).toBe(round);
      const losers = answers.filter((_, i) => i !== won[0]);
      for (const loser of losers) {
        expect(loser.status).toBeLessThan(500);
        expect(loser.errors).toHaveLength(1);
        expect(loser.errors?.[0]?.extensions).toMatchObject({ code: 'VERSION_CONFLICT', latestVersionUid: winner.uid });
      }
      winners.push(attempts[won[0]!]!);
      latest = winner.uid;
    }

    const history = await system.gateway.request(
      `query($o: UUID!) { compositionVersions(objectId: $o) { uid version precedingVersionUid changeType canonical } }`,
      { o: objectId },
    );
    const versions = history.data.compositionVersions as { uid: string; version: number; precedingVersionUid: string | null; canonical: Json }[];
    expect(versions.map((v) => v.version)).toEqual([1, 2, 3, 4]);
    expect(versions.map((v) => v.precedingVersionUid)).toEqual([null, ...versions.slice(0, -1).map((v) => v.uid)]);
    versions.forEach((version, i) => expectSameDocument(version.canonical, winners[i]));

    const raw = await system.clinicalDb.query<{ version: number; is_latest: boolean }>(
      `SELECT version, is_latest FROM composition_versions WHERE object_id = $1 ORDER BY version`,
      [objectId],
    );
    expect(raw.rows).toEqual([
      { version: 1, is_latest: false },
      { version: 2, is_latest: false },
      { version: 3, is_latest: false },
      { version: 4, is_latest: true },
    ]);
    const rows = await system.clinicalDb.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM contributions c JOIN composition_versions v ON v.contribution_id = c.id WHERE v.object_id = $1`,
      [objectId],
    );
    expect(rows.rows[0]?.n).toBe(4); // no contribution of a losing attempt survived
    const entries = await system.clinicalDb.query<{ version: number; n: number }>(
      `SELECT version, count(*)::int AS n FROM entries WHERE object_id = $1 GROUP BY version ORDER BY version`,
      [objectId],
    );
    expect(entries.rows).toEqual(winners.map((document, i) => ({ version: i + 1, n: entryCountOf(document) })));
  });
});

describe(`concurrent commits to many EHRs (${STORE})`, () => {
  it('loses nothing of 20 EHRs × 10 commits sent all at once: every document is stored as sent', async () => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const ehrIds = await Promise.all(Array.from({ length: 20 }, newEhr));
    const commits = ehrIds.flatMap((ehrId, e) =>
      Array.from({ length: 10 }, (_, i) => ({ ehrId, document: labelledFixture(FIXTURES[(e + i) % FIXTURES.length]!, `ehr ${e} commit ${i}`) })),
    );
    const answers = await Promise.all(commits.map(({ ehrId, document }) => system.gateway.request(COMMIT, { ehrId, c: document })));
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const uids = answers.map((answer) => answer.data.commitComposition.uid as string);
    expect(new Set(uids).size).toBe(commits.length);

    // every document, read back one by one by its uid
    const reads = await Promise.all(uids.map((uid) => system.gateway.request(READ, { uid })));
    reads.forEach((read, i) => {
      expect(read.data.composition.uid).toBe(uids[i]);
      expectSameDocument(read.data.composition.canonical, commits[i]!.document);
      expect(read.data.composition.entries).toHaveLength(entryCountOf(commits[i]!.document));
    });
    // and each EHR lists exactly its own ten
    for (const [e, ehrId] of ehrIds.entries()) {
      const listed = await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { compositions(first: 100) { edges { node { uid } } } } }`, {
        id: ehrId,
      });
      const listedUids = listed.data.ehr.compositions.edges.map((edge: { node: { uid: string } }) => edge.node.uid).sort();
      expect(listedUids).toEqual(uids.slice(e * 10, e * 10 + 10).sort());
    }
    const after = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const entries = commits.reduce((sum, { document }) => sum + entryCountOf(document), 0);
    expect(after).toEqual({
      ...before, // and numeric_values, derived from the entries, grows as it will
      numeric_values: after.numeric_values,
      ehrs: before.ehrs! + 20,
      contributions: before.contributions! + 200,
      composition_versions: before.composition_versions! + 200,
      entries: before.entries! + entries,
    });
  });
});
