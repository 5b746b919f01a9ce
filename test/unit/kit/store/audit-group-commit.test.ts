import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Queryable } from '../../../../subgraphs/kit/db/db.ts';
import { AuditStore, type AuditDecision } from '../../../../subgraphs/kit/store/audit-store.ts';
import type { TestDatabase } from '../../../kit/databases.ts';
import { migratedDatabase } from '../../clinical/aql/support.ts';

let test: TestDatabase;
beforeAll(async () => {
  test = await migratedDatabase('audit-group-commit');
});
afterAll(async () => {
  await test?.drop();
});

/** The real database behind a gate: each append statement waits until the test lets it run. */
function gated(db: Queryable) {
  const waiting: (() => void)[] = [];
  const statements: string[] = [];
  const queryable: Queryable = {
    async query(sql, params) {
      statements.push(sql);
      await new Promise<void>((resolve) => waiting.push(resolve));
      return db.query(sql, params);
    },
    exec: (sql) => db.exec(sql),
  };
  const releaseNext = async () => {
    while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
    waiting.shift()?.();
  };
  return { queryable, statements, releaseNext };
}

const caller = (sub: string) => ({ sub, org: 'org-a', roles: ['clinician'], purpose: null });
const decision = (id: string, allowed = true): AuditDecision => ({ action: 'read', subjectType: 'Ehr', subjectIds: [id], allowed, reason: 'test' });
const settledState = (promise: Promise<void>) => {
  const state = { settled: false };
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
};

const eventsOf = async (prefix: string) =>
  (
    await test.db.query<{ sub: string; requestId: string; subjectIds: string[]; allowed: boolean }>(
      `SELECT sub, request_id AS "requestId", subject_ids AS "subjectIds", allowed FROM audit_events WHERE sub LIKE $1 ORDER BY id`,
      [`${prefix}%`],
    )
  ).rows;

describe('audit group commit', () => {
  it("writes a lone request's rows at once; requests that end meanwhile share the next statement, each settled by its own", async () => {
    const gate = gated(test.db);
    const store = new AuditStore(gate.queryable);
    const ids = (n: number) => ({ requestId: `group-${n}`, callerRequestId: null });
    const first = store.append(caller('group-1'), ids(1), [decision('a')]);
    const firstState = settledState(first);
    const second = store.append(caller('group-2'), ids(2), [decision('b'), decision('c', false)]);
    const third = store.append(caller('group-3'), ids(3), [decision('d')]);
    const laterStates = [settledState(second), settledState(third)];
    expect(gate.statements).toHaveLength(1); // the first request's statement, already running

    await gate.releaseNext();
    await first;
    expect(laterStates.map((state) => state.settled)).toEqual([false, false]); // not committed yet: they wait
    await gate.releaseNext();
    await Promise.all([second, third]);
    expect(gate.statements).toHaveLength(2); // the two that ended meanwhile went in one statement
    expect(firstState.settled).toBe(true);

    expect(await eventsOf('group-')).toEqual([
      { sub: 'group-1', requestId: 'group-1', subjectIds: ['a'], allowed: true },
      { sub: 'group-2', requestId: 'group-2', subjectIds: ['b'], allowed: true },
      { sub: 'group-2', requestId: 'group-2', subjectIds: ['c'], allowed: false },
      { sub: 'group-3', requestId: 'group-3', subjectIds: ['d'], allowed: true },
    ]);
  });

  it('a failed statement fails the requests whose rows it held, and the next batch is still written', async () => {
    let failNext = true;
    const failing: Queryable = {
      async query(sql, params) {
        if (failNext) {
          failNext = false;
          throw new Error('database down');
        }
        return test.db.query(sql, params);
      },
      exec: (sql) => test.db.exec(sql),
    };
    const store = new AuditStore(failing);
    const lost = store.append(caller('failed-1'), { requestId: 'failed-1', callerRequestId: null }, [decision('x')]);
    const kept = store.append(caller('failed-2'), { requestId: 'failed-2', callerRequestId: null }, [decision('y')]);
    await expect(lost).rejects.toThrow('database down');
    await kept;
    expect((await eventsOf('failed-')).map((event) => event.sub)).toEqual(['failed-2']);
  });
});
