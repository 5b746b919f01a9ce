/**
 * npm run bench:data -- --ehrs N --compositions-per-ehr M [--database-url URL]
 *
 * (Re)creates the database `bench_cohort_<N>x<M>` on the PostgreSQL server of URL (default
 * BENCH_DATABASE_URL, then TEST_DATABASE_URL), applies the clinical migrations and stores N EHRs
 * (org-a / org-b) and N×M compositions over the last two years, exactly as a commit stores them:
 * validated and summarised by the canonical module, written by the store's own `compositions.insert`
 * (contribution, version row, extracted entries), oldest first. Then VACUUM (ANALYZE).
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../subgraphs/kit/db/db.ts';
import { migrate } from '../subgraphs/kit/db/migrate.ts';
import { validateComposition } from '../subgraphs/clinical/canonical/index.ts';
import { withUid } from '../subgraphs/clinical/access/commits.ts';
import { formatVersionUid } from '../subgraphs/clinical/model/version-uid.ts';
import { ClinicalStore } from '../subgraphs/clinical/store/clinical-store.ts';
import type { NewVersion } from '../subgraphs/clinical/store/composition-store.ts';
import { DEFAULT_SUBJECT_NAMESPACE, newEhr } from '../subgraphs/clinical/store/ehr-store.ts';
import { benchTarget, dropBenchDatabase, onServer } from './bench-database.ts';
import { compositionFor, profile, random, slots, timeline, type Profile } from './cohort-dataset.ts';

const SYSTEM_ID = 'clinical.local';
const BATCH = 250; // compositions per transaction
const WORKERS = 3; // concurrent transactions: keeps both cores busy (Node builds, PostgreSQL writes)
const DAYS = 730;

const target = benchTarget(process.argv.slice(2));
if (!target) {
  console.error('Give --database-url postgres://… or set BENCH_DATABASE_URL / TEST_DATABASE_URL');
  process.exit(2);
}
const { ehrs, perEhr } = target;
const total = ehrs * perEhr;
console.log(`${target.name}: ${ehrs} EHRs × ${perEhr} compositions = ${total} compositions`);
await dropBenchDatabase(target);
await onServer(target, `CREATE DATABASE ${target.name}`);
const db = await openDatabase(target.url);
const store = new ClinicalStore(db, null);
const started = performance.now();
const seconds = () => (performance.now() - started) / 1000;
try {
  await migrate(db, fileURLToPath(new URL('../subgraphs/clinical/migrations/', import.meta.url)));
  const rand = random(ehrs * 7919 + perEhr);
  const people: (Profile & { id: string })[] = [];
  for (let first = 0; first < ehrs; first += 1000) {
    await store.transaction(async (tx) => {
      for (let i = first; i < Math.min(ehrs, first + 1000); i++) {
        const who = profile(rand);
        const ehr = newEhr(who.org, randomUUID(), DEFAULT_SUBJECT_NAMESPACE);
        await tx.ehrs.create(ehr);
        people.push({ ...who, id: ehr.id });
      }
    });
  }
  console.log(`${ehrs} EHRs in ${seconds().toFixed(1)} s`);
  const owners = slots(rand, ehrs, perEhr);
  const times = timeline(rand, total, new Date(), DAYS);
  let next = 0;
  let done = 0;
  let entries = 0;
  let reported = 0;
  const version = (i: number): NewVersion => {
    const who = people[owners[i] as number] as Profile & { id: string };
    const document = compositionFor(random(i + 1), who, times[i] as Date);
    const summary = validateComposition(document);
    const objectId = randomUUID();
    const uid = formatVersionUid({ objectId, systemId: SYSTEM_ID, version: 1 });
    const canonical = withUid(document, uid);
    return {
      objectId,
      version: 1,
      uid,
      ehrId: who.id,
      ehrOrg: who.org,
      org: who.org,
      changeType: 'CREATION',
      lifecycleState: 'COMPLETE',
      committer: 'bench',
      canonical,
      summary,
    };
  };
  const loadBatch = async () => {
    const from = next;
    next = Math.min(total, next + BATCH);
    const batch = Array.from({ length: next - from }, (_, k) => version(from + k));
    await store.transaction(async (tx) => {
      for (const item of batch) await tx.compositions.insert(item);
    });
    done += batch.length;
    entries += batch.reduce((sum, item) => sum + item.summary.entries.length, 0);
    if (done - reported >= total / 20 || done === total) {
      reported = done;
      const s = seconds();
      console.log(
        `${String(Math.round((100 * done) / total)).padStart(3)} %  ${done} compositions, ${entries} entries  ${(done / s).toFixed(0)} compositions/s, ${(entries / s).toFixed(0)} entries/s  (${s.toFixed(0)} s)`,
      );
    }
  };
  const worker = async () => {
    while (next < total) await loadBatch();
  };
  // The first batch alone: it adds the numeric elements every later batch shares, which concurrent
  // first batches would add in different orders and deadlock on (numeric_elements' unique index).
  await loadBatch();
  await Promise.all(Array.from({ length: WORKERS }, worker));
  const loaded = seconds();
  await db.exec('VACUUM (ANALYZE)');
  const size = (await db.query<{ size: string }>(`SELECT pg_size_pretty(pg_database_size(current_database())) AS size`)).rows[0]?.size;
  console.log(`loaded in ${loaded.toFixed(1)} s, VACUUM (ANALYZE) ${(seconds() - loaded).toFixed(1)} s; ${entries} entries, database ${size}`);
  console.log(`database: ${target.url}`);
} finally {
  await db.close();
}
