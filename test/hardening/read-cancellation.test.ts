import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { usingRealPostgres } from '../kit/databases.ts';
import { startSystem, type LoggedTestSystem } from '../kit/system.ts';
import { poll } from './research-load.ts';

// An ordinary read made slow without a test-only hook: it waits for a table lock another connection holds.

let system: LoggedTestSystem;
beforeAll(async () => {
  system = await startSystem({ logs: 'info' });
}, 90_000);
afterAll(async () => {
  await system?.stop();
});

/** Runs `work` while a transaction of its own holds `mode` on `table` (released, by rollback, when `work` ends). */
async function holdingLock(db: Database, table: string, mode: string, work: () => Promise<void>): Promise<void> {
  const released = new Error('lock released');
  await db
    .transaction(async (tx) => {
      await tx.query(`LOCK TABLE ${table} IN ${mode} MODE`);
      await work();
      throw released;
    })
    .catch((error: unknown) => {
      if (error !== released) throw error;
    });
}

/** Statements of other connections waiting for a lock on `table`. */
async function waitingOn(db: Database, table: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(
    `SELECT count(*) AS n FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND wait_event_type = 'Lock' AND query LIKE $1`,
    [`%${table}%`],
  );
  return Number(rows[0]?.n ?? 0);
}

/** A GraphQL request to the gateway that the caller can walk away from: the promise gives the answer, or `aborted`. */
function abandonable(query: string, token: string, requestId = randomUUID()) {
  const gone = new AbortController();
  const answer = fetch(system.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-request-id': requestId },
    body: JSON.stringify({ query }),
    signal: gone.signal,
  }).then(
    (response) => response.json() as Promise<{ data?: unknown; errors?: unknown[] }>,
    () => 'aborted' as const,
  );
  return { answer, leave: () => gone.abort() };
}

/**
 * Whether `service` saw the gateway leave the request the gateway got as `requestId` before it answered:
 * its log line of that request (the gateway's own id is the subgraph's caller id) says `aborted`.
 */
function subgraphSawLeave(service: string, requestId: string): boolean {
  const lines = system.logs.lines().filter((line) => line.msg === 'request');
  const atGateway = lines.find((line) => line.service === 'gateway' && line.callerRequestId === requestId);
  return lines.some((line) => line.service === service && line.callerRequestId === atGateway?.requestId && line.aborted === true);
}

const READS = [
  { service: 'clinical', table: 'templates', query: '{ templates { id } }', db: () => system.clinicalDb },
  { service: 'demographic', table: 'patients', query: '{ patients(first: 5) { edges { node { id } } } }', db: () => system.demographicDb },
] as const;

describe.skipIf(!usingRealPostgres)('[postgres] an ordinary read is cancelled when its client leaves', () => {
  it.each(READS)('$service: a read waiting for a lock leaves pg_stat_activity within a second of the client leaving', async ({ table, query, db }) => {
    const token = await system.token();
    await holdingLock(db(), table, 'ACCESS EXCLUSIVE', async () => {
      const request = abandonable(query, token);
      expect(await poll(async () => (await waitingOn(db(), table)) === 1, 10_000)).toBe(true);
      request.leave();
      expect(await request.answer).toBe('aborted');
      // nothing else ends it: the test database has no statement deadline, and the lock stays held
      expect(await poll(async () => (await waitingOn(db(), table)) === 0, 1000)).toBe(true);
    });
    // the service answers the same read as usual once the lock is gone (the cancelled connection went back to the pool unharmed)
    const answer = await abandonable(query, token).answer;
    expect(answer !== 'aborted' && answer.errors).toBeUndefined();
  });

  it('a write outside a transaction finishes although its client left while it waited', async () => {
    const count = async () => Number((await system.clinicalDb.query<{ n: string }>('SELECT count(*) AS n FROM ehrs')).rows[0]?.n);
    const before = await count();
    const requestId = randomUUID();
    await holdingLock(system.clinicalDb, 'ehrs', 'SHARE', async () => {
      const request = abandonable('mutation { createEhr { id } }', await system.token(), requestId);
      expect(await poll(async () => (await waitingOn(system.clinicalDb, 'ehrs')) === 1, 10_000)).toBe(true);
      request.leave();
      expect(await request.answer).toBe('aborted');
      // the clinical service has seen its client (the gateway) go: its request signal has aborted
      expect(await poll(async () => subgraphSawLeave('clinical', requestId), 10_000)).toBe(true);
      expect(await waitingOn(system.clinicalDb, 'ehrs')).toBe(1);
    });
    expect(await poll(async () => (await count()) === before + 1, 10_000)).toBe(true);
  });
});

describe('ordinary reads on either store', () => {
  it('answer as usual when the client stays', async () => {
    const answer = await abandonable('{ templates { id } patients(first: 1) { edges { node { id } } } }', await system.token()).answer;
    expect(answer).not.toBe('aborted');
    expect(answer !== 'aborted' && answer.errors).toBeUndefined();
  });
});
