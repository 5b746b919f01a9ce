import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { rmInvariantViolations, validateComposition, type CanonicalObject } from '../../subgraphs/clinical/canonical/index.ts';
import { ClinicalStore } from '../../subgraphs/clinical/store/clinical-store.ts';
import { newEhr } from '../../subgraphs/clinical/store/ehr-store.ts';
import { numericValuesOf } from '../../subgraphs/clinical/store/numeric-value-store.ts';
import { compileTemplate, validateAgainstTemplate, type CompiledTemplate } from '../../subgraphs/clinical/templates/index.ts';
import { openDatabase } from '../../subgraphs/kit/db/db.ts';
import { OPENEHR_FIXTURES } from '../../test/kit/fixtures.ts';
import { quantile, sampleSync } from '../stats.ts';

/** Median milliseconds per commit of each step, for one document. */
export interface CommitBreakdown {
  document: string;
  bytes: number;
  entries: number;
  /** Shape, summary and RM invariants (`validateComposition` + `rmInvariantViolations`). */
  canonicalMs: number;
  /** Against its compiled OPT; null when the bench has no template for it (ALLOW_COMMITS_WITHOUT_TEMPLATE). */
  templateMs: number | null;
  /** Entry rows, numeric values and the JSON texts of the insert statements. */
  extractionMs: number;
  /** The insert transaction on PostgreSQL: CPU of this process (driver) and wall time (round trips, the server's work). */
  sqlCpuMs: number | null;
  sqlWallMs: number | null;
}

const LARGEST = 'conformance_ehrbase.de.v0_max_v2.json';
const median = (samples: number[]) => quantile(samples, 0.5);

const timed = (rounds: number, work: () => unknown): number => median(sampleSync(work, rounds, 20));

/** What `CompositionStore.insert` builds from the summary before its statements run (measured apart from them). */
function extract(document: CanonicalObject): unknown {
  const { entries } = validateComposition(document);
  const rows = entries.map((entry) => ({ position: entry.position, path: entry.path, rm_type: entry.rmType, codes: entry.codes, data: entry.canonical }));
  return [JSON.stringify(document), JSON.stringify(rows), JSON.stringify(numericValuesOf(entries))];
}

async function sqlCost(databaseUrl: string, document: CanonicalObject, rounds: number): Promise<{ cpu: number; wall: number }> {
  const db = await openDatabase(databaseUrl);
  try {
    const store = new ClinicalStore(db, null);
    const ehr = newEhr('org-bench', randomUUID(), 'bench');
    await store.ehrs.create(ehr);
    const summary = validateComposition(document);
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < rounds + 5; i++) {
      const objectId = randomUUID();
      const uid = `${objectId}::bench.breakdown::1`;
      const next = { objectId, version: 1, uid, ehrId: ehr.id, ehrOrg: ehr.org, org: ehr.org, changeType: 'CREATION' as const };
      const started = { cpu: process.cpuUsage(), wall: performance.now() };
      await store.transaction((tx) => tx.compositions.insert({ ...next, lifecycleState: 'COMPLETE', committer: 'bench', canonical: document, summary }));
      const used = process.cpuUsage(started.cpu);
      if (i < 5) continue;
      cpu.push((used.user + used.system) / 1000);
      wall.push(performance.now() - started.wall);
    }
    return { cpu: median(cpu), wall: median(wall) };
  } finally {
    await db.close();
  }
}

/**
 * Where a commit's CPU goes, step by step, for a 3-result laboratory report (scenario 4's document)
 * and for the largest fixture, in this process: medians over many runs. The SQL step needs
 * PostgreSQL (the run's clinical database); on PGlite it is left out.
 */
export async function commitBreakdown(databaseUrl: string | undefined, quick: boolean): Promise<CommitBreakdown[]> {
  const largest = JSON.parse(readFileSync(new URL(`compositions/${LARGEST}`, OPENEHR_FIXTURES), 'utf8')) as CanonicalObject;
  const template = compileTemplate(readFileSync(new URL('templates/conformance_ehrbase.de.v0.opt', OPENEHR_FIXTURES), 'utf8'));
  const documents: { name: string; document: CanonicalObject; template: CompiledTemplate | null }[] = [
    {
      name: 'laboratory report, 3 results',
      document: labReportComposition([HBA1C(5.9), HBA1C(6.2), HBA1C(6.4)], '2026-01-01T08:00:00Z'),
      template: null,
    },
    { name: LARGEST, document: largest, template },
  ];
  const rounds = quick ? 100 : 500;
  const results: CommitBreakdown[] = [];
  for (const { name, document, template: compiled } of documents) {
    const sql = databaseUrl ? await sqlCost(databaseUrl, document, quick ? 20 : 100) : null;
    results.push({
      document: name,
      bytes: JSON.stringify(document).length,
      entries: validateComposition(document).entries.length,
      canonicalMs: timed(rounds, () => [validateComposition(document), rmInvariantViolations(document)]),
      templateMs: compiled ? timed(rounds, () => validateAgainstTemplate(compiled, document)) : null,
      extractionMs: timed(rounds, () => extract(document)),
      sqlCpuMs: sql?.cpu ?? null,
      sqlWallMs: sql?.wall ?? null,
    });
  }
  return results;
}
