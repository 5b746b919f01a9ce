import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer, type Headers } from '../kit/tokens.ts';

/** More events than ten pages, with ids crossing 999 → 1000 (text order would put "1000" before "999"). */
const EVENTS = 1_234;

let system: TestSystem;
let auditor: Headers;

/** Appends `count` events of one caller straight into a service's audit trail (it is append-only, not insert-only). */
async function appendEvents(db: Database, count: number, sub: string): Promise<void> {
  await db.query(
    `INSERT INTO audit_events (at, request_id, sub, org, roles, action, subject_type, subject_ids, allowed, reason)
     SELECT now(), NULL, $1, 'org-a', ARRAY['clinician'], 'read', 'Ehr', ARRAY[gen_random_uuid()::text], n % 3 <> 0, 'event ' || n
     FROM generate_series(1, $2::int) AS n`,
    [sub, count],
  );
}

async function everyEvent(client: TestSystem['gateway'], field: string, filter: Record<string, unknown>) {
  const query = `query($f: AuditEventFilter, $after: String) {
    ${field}(filter: $f, first: 100, after: $after) { edges { node { id reason } } pageInfo { hasNextPage endCursor } }
  }`;
  const ids: number[] = [];
  let after: string | null = null;
  for (let page = 0; page < 100; page += 1) {
    const response = await client.request(query, { f: filter, after }, auditor);
    expect(response.errors).toBeUndefined();
    const connection = response.data[field] as { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    ids.push(...connection.edges.map((edge) => Number(edge.node.id)));
    if (!connection.pageInfo.hasNextPage) return ids;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('paging did not end');
}

beforeAll(async () => {
  system = await startSystem();
  auditor = bearer(await system.token({ sub: 'auditor-1', org: null, roles: ['auditor'] }));
  await appendEvents(system.clinicalDb, EVENTS, 'bulk-caller');
  await appendEvents(system.demographicDb, EVENTS, 'bulk-caller');
});

afterAll(() => system?.stop());

describe(`audit paging reaches every one of ${EVENTS} events, newest first by number`, () => {
  it.each([
    ['gateway', 'auditEvents'],
    ['clinical', 'auditEvents'],
    ['gateway', 'demographicAuditEvents'],
    ['demographic', 'demographicAuditEvents'],
  ] as const)('%s: %s', async (target, field) => {
    const ids = await everyEvent(system[target], field, { sub: 'bulk-caller' });
    expect(ids).toHaveLength(EVENTS);
    expect(new Set(ids).size).toBe(EVENTS);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const refused = await everyEvent(system[target], field, { sub: 'bulk-caller', allowed: false });
    expect(refused).toHaveLength(Math.floor(EVENTS / 3));
  });
});
