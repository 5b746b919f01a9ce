/**
 * npx tsx bench/pglite-research-cost.ts [--ehrs N] [--compositions-per-ehr M]
 *
 * What the PGlite research engine (subgraphs/kit/db/pglite-research.ts) costs: whether PGlite stops a
 * statement at its statement_timeout, and for an empty clinical database and for N×M compositions
 * (default 125×20 = 2,500): the time of `dumpDataDir` on the primary (which holds it), the dump's
 * size, the start of a worker thread loaded from it, the process memory it adds, and how soon a
 * costly statement stops on its deadline.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { openDatabase, type Database, type PgliteSnapshots } from '../subgraphs/kit/db/db.ts';
import { migrate } from '../subgraphs/kit/db/migrate.ts';
import { ResearchThread } from '../subgraphs/kit/db/research-thread.ts';
import { validateComposition } from '../subgraphs/clinical/canonical/index.ts';
import { withUid } from '../subgraphs/clinical/access/commits.ts';
import { formatVersionUid } from '../subgraphs/clinical/model/version-uid.ts';
import { ClinicalStore } from '../subgraphs/clinical/store/clinical-store.ts';
import { DEFAULT_SUBJECT_NAMESPACE, newEhr } from '../subgraphs/clinical/store/ehr-store.ts';
import { compositionFor, profile, random } from './cohort-dataset.ts';

const { values } = parseArgs({ options: { ehrs: { type: 'string', default: '125' }, 'compositions-per-ehr': { type: 'string', default: '20' } } });
const ehrs = Number(values.ehrs);
const perEhr = Number(values['compositions-per-ehr']);
/** Runs long on PGlite and reads nothing: a cross join of generated rows. */
const COSTLY = 'SELECT count(*) FROM generate_series(1, 3000) a, generate_series(1, 3000) b WHERE a + b = 1';

const ms = async (work: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
};
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function statementTimeout(db: Database): Promise<string> {
  const took = await ms(() =>
    db
      .transaction(async (tx) => {
        await tx.query(`SET LOCAL statement_timeout = 100`);
        await tx.query(COSTLY);
      })
      .catch(() => undefined),
  );
  return `costly statement with statement_timeout 100 ms on the primary: ended after ${took} ms`;
}

async function measure(label: string, snapshots: PgliteSnapshots): Promise<void> {
  let dump = new Uint8Array();
  const dumpMs = await ms(async () => (dump = new Uint8Array(await (await snapshots.dump()).arrayBuffer())));
  const before = process.memoryUsage().rss;
  const started = performance.now();
  const thread = await ResearchThread.start(dump);
  const startMs = Math.round(performance.now() - started);
  const rss = process.memoryUsage().rss - before;
  const countMs = await ms(() => thread.query('SELECT count(*) FROM composition_versions'));
  const timeout = await ms(() => thread.query(COSTLY, [], { timeoutMs: 100 }).catch(() => undefined));
  console.log(
    `${label}: dump ${dumpMs} ms (${mb(dump.byteLength)}), worker start from it ${startMs} ms (+${mb(rss)} RSS), first count ${countMs} ms, costly statement with a 100 ms deadline ended after ${timeout} ms (alive: ${thread.alive})`,
  );
}

async function load(db: Database): Promise<void> {
  const store = new ClinicalStore(db, null);
  const rand = random(7919);
  await store.transaction(async (tx) => {
    for (let e = 0; e < ehrs; e++) {
      const who = profile(rand);
      const ehr = newEhr(who.org, randomUUID(), DEFAULT_SUBJECT_NAMESPACE);
      await tx.ehrs.create(ehr);
      for (let c = 0; c < perEhr; c++) {
        const document = compositionFor(rand, who, new Date(Date.now() - rand() * 730 * 86_400_000));
        const objectId = randomUUID();
        const uid = formatVersionUid({ objectId, systemId: 'clinical.local', version: 1 });
        const common = { objectId, version: 1, uid, ehrId: ehr.id, ehrOrg: who.org, org: who.org, committer: 'bench' };
        await tx.compositions.insert({
          ...common,
          changeType: 'CREATION',
          lifecycleState: 'COMPLETE',
          canonical: withUid(document, uid),
          summary: validateComposition(document),
        });
      }
    }
  });
}

const db = await openDatabase('memory://');
const { snapshots } = db;
if (!snapshots) throw new Error('memory:// opens PGlite, which has snapshots');
try {
  await migrate(db, fileURLToPath(new URL('../subgraphs/clinical/migrations/', import.meta.url)));
  console.log(await statementTimeout(db));
  await measure('empty clinical database', snapshots);
  const loadMs = await ms(() => load(db));
  await measure(`${ehrs * perEhr} compositions (${ehrs} EHRs, loaded in ${loadMs} ms)`, snapshots);
} finally {
  await db.close();
}
