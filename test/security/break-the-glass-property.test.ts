/**
 * Break the glass, as a property: for random sets of stored emergency accesses (for this caller or
 * for someone like them, to one EHR or another, in force, expired or not yet started), an org-c
 * clinician reads an EHR and its composition exactly when the EHR is of their own network or an
 * access of theirs to that EHR is in force. Over HTTP, on the clinical subgraph and the gateway.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bloodPressureComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer, claimsOf, type Headers } from '../kit/tokens.ts';
import { commit, createEhr, headersFor } from './support.ts';

const CALLER = { sub: 'dr-c', org: 'org-c', roles: ['clinician'] };
const READ = `query($id: UUID!, $uid: String!) { ehr(id: $id) { id } composition(uid: $uid) { uid } }`;

interface StoredEhr {
  ehrId: string;
  org: string;
  uid: string;
}

/** Who a stored access belongs to: the caller, or someone who differs in one respect. */
const OWNERS = ['caller', 'other sub', 'other org', 'other token'] as const;
/** When it runs, relative to now. */
const STATES = ['in force', 'expired', 'not yet started'] as const;

let system: TestSystem;
let caller: Headers;
let callerJti: string;
let records: StoredEhr[];

beforeAll(async () => {
  system = await startSystem();
  const token = await system.token(CALLER);
  caller = bearer(token);
  callerJti = String(claimsOf(token).jti);
  const owners = {
    'org-a': await headersFor(system, { sub: 'dr-a', org: 'org-a', roles: ['clinician'] }),
    'org-b': await headersFor(system, { sub: 'dr-b', org: 'org-b', roles: ['clinician'] }),
    'org-c': await headersFor(system, { sub: 'dr-c2', org: 'org-c', roles: ['clinician'] }),
  };
  records = [];
  for (const org of ['org-a', 'org-a', 'org-b', 'org-c'] as const) {
    const ehrId = (await createEhr(system.gateway, owners[org])).id;
    const { uid } = await commit(system.gateway, owners[org], ehrId, bloodPressureComposition(130, 85, '2026-04-01T08:00:00Z'));
    records.push({ ehrId, org, uid });
  }
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

const grantArbitrary = fc.record({ record: fc.nat({ max: 3 }), owner: fc.constantFrom(...OWNERS), state: fc.constantFrom(...STATES) });
type Grant = { record: number; owner: (typeof OWNERS)[number]; state: (typeof STATES)[number] };

async function store(grants: Grant[]): Promise<void> {
  await system.clinicalDb.query('DELETE FROM emergency_accesses');
  const hour = 3_600_000;
  const now = Date.now();
  for (const grant of grants) {
    const record = records[grant.record] as StoredEhr;
    const start = { 'in force': now - hour, expired: now - 2 * hour, 'not yet started': now + hour }[grant.state];
    const end = { 'in force': now + hour, expired: now - hour, 'not yet started': now + 2 * hour }[grant.state];
    const sub = grant.owner === 'other sub' ? 'dr-x' : CALLER.sub;
    const org = grant.owner === 'other org' ? 'org-x' : CALLER.org;
    const jti = grant.owner === 'other token' ? randomUUID() : callerJti;
    await system.clinicalDb.query(
      `INSERT INTO emergency_accesses (id, ehr_id, ehr_org, sub, org, jti, roles, reason, started_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'property test: a stated reason', $8, $9)`,
      [randomUUID(), record.ehrId, record.org, sub, org, jti, CALLER.roles, new Date(start), new Date(end)],
    );
  }
}

describe.each(['clinical', 'gateway'] as const)('%s: access iff own network or an access of the caller to that EHR in force', (target) => {
  it('holds for random stored accesses', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(grantArbitrary, { maxLength: 5 }), async (grants) => {
        await store(grants);
        for (const [index, record] of records.entries()) {
          const granted = grants.some((grant) => grant.record === index && grant.owner === 'caller' && grant.state === 'in force');
          const readable = record.org === CALLER.org || granted;
          const response = await system[target].request(READ, { id: record.ehrId, uid: record.uid }, caller);
          expect(response.errors).toBeUndefined();
          expect(response.data).toEqual(readable ? { ehr: { id: record.ehrId }, composition: { uid: record.uid } } : { ehr: null, composition: null });
        }
      }),
      { numRuns: 15 },
    );
  });
});
