// The thread of pglite-research.ts: a PGlite of its own, loaded from the primary's data directory
// (workerData.dump, an uncompressed tar), running the statements its parent posts, one at a time.
// Plain JavaScript: a worker thread loads it without the TypeScript loader of its parent (tsx, vitest).
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const port = parentPort;
if (!port) throw new Error('research-worker.mjs runs only as a worker thread');

/** What a DatabaseError carries that the parent's error mapping reads. */
const FIELDS = ['code', 'detail', 'hint', 'position', 'severity', 'routine'];

const failure = (error) => {
  const fields = { message: error instanceof Error ? error.message : String(error) };
  for (const field of FIELDS) if (error?.[field] !== undefined) fields[field] = error[field];
  return fields;
};

try {
  const db = await PGlite.create({ loadDataDir: new Blob([workerData.dump]) });
  port.on('message', async ({ id, sql, params }) => {
    try {
      const result = await db.query(sql, params);
      port.postMessage({ id, rows: result.rows, rowCount: Math.max(result.rows.length, result.affectedRows ?? 0) });
    } catch (error) {
      port.postMessage({ id, error: failure(error) });
    }
  });
  port.postMessage({ ready: true });
} catch (error) {
  port.postMessage({ ready: false, error: failure(error) });
}
