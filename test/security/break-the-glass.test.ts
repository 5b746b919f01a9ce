/**
 * Break the glass: a clinician of org-c (outside the care network `north` of org-a and org-b)
 * opens an emergency access to one org-a EHR with a stated reason, reads that EHR only, for a
 * bounded time, every read audited with the reason; org-a's admins see the access. Through the
 * gateway and on the clinical subgraph directly.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer, claimsOf, type Headers, type TokenClaims } from '../kit/tokens.ts';
import { commit, createEhr, expectNothingStored, expectOneError, headersFor, systemSnapshot } from './support.ts';

const REASON = 'unconscious patient in the emergency department, no other records';
const BREAK = `mutation($e: UUID!, $r: String!, $m: Int) { breakGlass(ehrId: $e, reason: $r, minutes: $m) { id ehrId sub org reason startedAt expiresAt active readCount } }`;
const EHR = `query($id: UUID!) { ehr(id: $id) { id subjectId compositions { edges { node { uid withheldEntryCount entries { codes } } } } } }`;
const EHR_ID = `query($id: UUID!) { ehr(id: $id) { id } }`;
const COMPOSITION = `query($uid: String!) { composition(uid: $uid) { uid ehr { id } } }`;
const ACCESSES = `query($since: DateTime, $first: Int, $after: String) {
  emergencyAccesses(since: $since, first: $first, after: $after) { edges { node { id ehrId sub org reason active readCount } } pageInfo { hasNextPage endCursor } } }`;

const STAFF = {
  adminA: { sub: 'admin-a', org: 'org-a', roles: ['admin'] },
  adminB: { sub: 'admin-b', org: 'org-b', roles: ['admin'] },
  adminC: { sub: 'admin-c', org: 'org-c', roles: ['admin'] },
  clinicianA: { sub: 'dr-a', org: 'org-a', roles: ['clinician'] },
} satisfies Record<string, TokenClaims>;

let system: TestSystem;
let as: Record<keyof typeof STAFF, Headers>;
let ehrA: string;
let otherEhrA: string;
let labUid: string;
let otherUid: string;

beforeAll(async () => {
  system = await startSystem();
  as = Object.fromEntries(await Promise.all(Object.entries(STAFF).map(async ([who, claims]) => [who, await headersFor(system, claims)]))) as typeof as;
  ehrA = (await createEhr(system.gateway, as.clinicianA)).id;
  otherEhrA = (await createEhr(system.gateway, as.clinicianA)).id;
  labUid = (await commit(system.gateway, as.clinicianA, ehrA, labReportComposition([HBA1C(7.1), ANCA(40)], '2026-04-02T08:00:00Z'))).uid;
  otherUid = (await commit(system.gateway, as.clinicianA, otherEhrA, bloodPressureComposition(150, 95, '2026-04-01T08:00:00Z'))).uid;
}, 120_000);

afterAll(async () => {
  await system?.stop();
});

/** A fresh org-c clinician (own sub, own token) for each test, so grants and counts never mix. */
async function clinicianOfOrgC(roles: string[] = ['clinician']): Promise<{ headers: Headers; token: string; sub: string }> {
  const sub = `dr-c-${randomUUID().slice(0, 8)}`;
  const token = await system.token({ sub, org: 'org-c', roles });
  return { headers: bearer(token), token, sub };
}

interface AccessPage {
  edges: { node: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const withoutId = (response: GraphQLResponse, id: string) => JSON.parse(JSON.stringify(response).replaceAll(id, '<id>')) as unknown;

async function breakGlass(client: TestSystem['gateway'], headers: Headers, ehrId: string, minutes?: number) {
  const response = await client.request(BREAK, { e: ehrId, r: REASON, m: minutes ?? null }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.breakGlass as { id: string; expiresAt: string; startedAt: string; readCount: number; active: boolean };
}

async function accessesSeenBy(
  headers: Headers,
): Promise<{ id: string; ehrId: string; sub: string; org: string; reason: string; active: boolean; readCount: number }[]> {
  const response = await system.gateway.request(ACCESSES, { first: 100 }, headers);
  expect(response.errors).toBeUndefined();
  return response.data.emergencyAccesses.edges.map((edge: { node: unknown }) => edge.node);
}

describe.each(['gateway', 'clinical'] as const)('%s: break the glass', (target) => {
  const client = () => system[target];

  it('an org-c clinician cannot read the org-a EHR; breaking the glass opens it, its compositions and entries, and nothing else', async () => {
    const { headers, sub } = await clinicianOfOrgC();
    expect((await client().request(EHR, { id: ehrA }, headers)).data).toEqual({ ehr: null });
    expect((await client().request(COMPOSITION, { uid: labUid }, headers)).data).toEqual({ composition: null });

    const access = await breakGlass(client(), headers, ehrA, 15);
    expect(access).toMatchObject({ ehrId: ehrA, sub, org: 'org-c', reason: REASON, active: true, readCount: 0 });
    expect(Date.parse(access.expiresAt) - Date.parse(access.startedAt)).toBe(15 * 60_000);

    const read = await client().request(EHR, { id: ehrA }, headers);
    expect(read.errors).toBeUndefined();
    // as a clinician of org-a's network reads it: every entry, the restricted ANCA included
    expect(read.data.ehr.id).toBe(ehrA);
    expect(read.data.ehr.compositions.edges).toEqual([{ node: { uid: labUid, withheldEntryCount: 0, entries: [expect.anything(), expect.anything()] } }]);
    expect((await client().request(COMPOSITION, { uid: labUid }, headers)).data).toEqual({ composition: { uid: labUid, ehr: { id: ehrA } } });
    // another EHR of the same organisation stays closed
    expect((await client().request(EHR, { id: otherEhrA }, headers)).data).toEqual({ ehr: null });
    expect((await client().request(COMPOSITION, { uid: otherUid }, headers)).data).toEqual({ composition: null });
  });

  it('reads only: the grant writes nothing to the EHR, and its patient stays out of reach', async () => {
    const { headers } = await clinicianOfOrgC();
    await breakGlass(client(), headers, ehrA);
    const before = await systemSnapshot(system);
    const write = await client().request(
      `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`,
      { e: ehrA, c: bloodPressureComposition(120, 80, '2026-04-03T08:00:00Z') },
      headers,
    );
    // the EHR is visible now, so the refusal is FORBIDDEN (not the NOT_FOUND of an EHR it cannot see)
    expectOneError(write, 'FORBIDDEN');
    await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
    if (target === 'gateway') {
      const linked = await client().request(`query($id: UUID!) { ehr(id: $id) { id patient { id } } }`, { id: ehrA }, headers);
      expect(linked.data?.ehr?.patient ?? null).toBeNull();
    }
  });

  it.each([['nurse'], ['researcher'], ['registrar'], ['admin']])(
    'a %s cannot break the glass: NOT_FOUND worded as for no EHR, nothing stored',
    async (role) => {
      const { headers } = await clinicianOfOrgC([role]);
      const before = await systemSnapshot(system);
      const refused = await client().request(BREAK, { e: ehrA, r: REASON, m: null }, headers);
      expectOneError(refused, 'NOT_FOUND', ['breakGlass']);
      const unknown = randomUUID();
      const nothing = await client().request(BREAK, { e: unknown, r: REASON, m: null }, headers);
      expect(withoutId(refused, ehrA)).toEqual(withoutId(nothing, unknown));
      // whatever the arguments: the policy's bounds are not told either
      expect(withoutId(await client().request(BREAK, { e: ehrA, r: 'x', m: 9999 }, headers), ehrA)).toEqual(withoutId(nothing, unknown));
      await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
      expect((await client().request(EHR_ID, { id: ehrA }, headers)).data).toEqual({ ehr: null });
    },
  );

  it.each([
    ['a blank reason', '      ', null],
    ['a reason of 9 characters', ' too short ', null],
    ['minutes beyond the policy maximum', REASON, 61],
    ['zero minutes', REASON, 0],
  ])('%s is BAD_USER_INPUT, nothing stored', async (_what, reason, minutes) => {
    const { headers } = await clinicianOfOrgC();
    const before = await systemSnapshot(system);
    expectOneError(await client().request(BREAK, { e: ehrA, r: reason, m: minutes }, headers), 'BAD_USER_INPUT', ['breakGlass']);
    await expectNothingStored(system, before, 'any');
    expect((await client().request(EHR_ID, { id: ehrA }, headers)).data).toEqual({ ehr: null });
  });

  it('an expired grant opens nothing, although it was opened for this caller and EHR', async () => {
    const { headers } = await clinicianOfOrgC();
    const access = await breakGlass(client(), headers, ehrA);
    expect((await client().request(EHR_ID, { id: ehrA }, headers)).data).toEqual({ ehr: { id: ehrA } });
    // the clock moves past its end
    await system.clinicalDb.query(
      `UPDATE emergency_accesses SET started_at = started_at - interval '2 hours', expires_at = expires_at - interval '2 hours' WHERE id = $1`,
      [access.id],
    );
    expect((await client().request(EHR, { id: ehrA }, headers)).data).toEqual({ ehr: null });
    expect((await client().request(COMPOSITION, { uid: labUid }, headers)).data).toEqual({ composition: null });
    const listed = (await accessesSeenBy(as.adminA)).find((each) => each.id === access.id);
    expect(listed).toMatchObject({ active: false, readCount: 1 });
  });

  it('a grant never outlives its token: minutes beyond the token end at its expiry; no minutes means the policy maximum', async () => {
    const sub = `dr-c-${randomUUID().slice(0, 8)}`;
    const token = await system.token({ sub, org: 'org-c', roles: ['clinician'], ttl: '5m' });
    const access = await breakGlass(client(), bearer(token), ehrA, 30);
    expect(Date.parse(access.expiresAt)).toBe(Number(claimsOf(token).exp) * 1000);
    const long = await system.token({ sub, org: 'org-c', roles: ['clinician'], ttl: '2h' });
    const byDefault = await breakGlass(client(), bearer(long), ehrA);
    expect(Date.parse(byDefault.expiresAt) - Date.parse(byDefault.startedAt)).toBe(60 * 60_000);
  });

  it('revoking the token ends the grant; another token of the same clinician does not carry it', async () => {
    const { headers, token, sub } = await clinicianOfOrgC();
    await breakGlass(client(), headers, ehrA);
    const other = bearer(await system.token({ sub, org: 'org-c', roles: ['clinician'] }));
    expect((await client().request(EHR_ID, { id: ehrA }, other)).data).toEqual({ ehr: null });
    const admin = await headersFor(system, { sub: 'admin-c', org: 'org-c', roles: ['admin'] });
    const revoked = await system.clinical.request(`mutation($j: String!) { revokeToken(jti: $j) { jti } }`, { j: String(claimsOf(token).jti) }, admin);
    expect(revoked.errors).toBeUndefined();
    expect((await client().request(EHR_ID, { id: ehrA }, headers)).status).toBe(401);
  });
});

describe('who sees an emergency access, and the audit trail of its reads', () => {
  it("org-a's admins see it with the reason and the read count; org-b's and org-c's admins do not; a clinician may not list", async () => {
    const { headers, sub } = await clinicianOfOrgC();
    const access = await breakGlass(system.gateway, headers, ehrA);
    const reads = 3;
    for (let i = 0; i < reads; i += 1) expect((await system.gateway.request(EHR_ID, { id: ehrA }, headers)).data).toEqual({ ehr: { id: ehrA } });
    const seen = (await accessesSeenBy(as.adminA)).find((each) => each.id === access.id);
    expect(seen).toEqual({ id: access.id, ehrId: ehrA, sub, org: 'org-c', reason: REASON, active: true, readCount: reads });
    for (const admin of [as.adminB, as.adminC]) expect((await accessesSeenBy(admin)).map((each) => each.id)).not.toContain(access.id);
    expectOneError(await system.gateway.request(ACCESSES, {}, headers), 'FORBIDDEN', ['emergencyAccesses']);
  });

  it('every read under the grant is audited with `emergency: <reason>` and the access id', async () => {
    const { headers, sub } = await clinicianOfOrgC();
    const access = await breakGlass(system.gateway, headers, ehrA);
    expect((await system.gateway.request(EHR, { id: ehrA }, headers)).errors).toBeUndefined();
    expect((await system.clinical.request(COMPOSITION, { uid: labUid }, headers)).errors).toBeUndefined();
    const events = await system.clinicalDb.query<{
      action: string;
      subjectType: string;
      subjectIds: string[];
      reason: string;
      emergency: string | null;
      allowed: boolean;
    }>(
      `SELECT action, subject_type AS "subjectType", subject_ids AS "subjectIds", reason, emergency_access_id::text AS emergency, allowed
       FROM audit_events WHERE sub = $1 AND action <> 'break-glass' ORDER BY id`,
      [sub],
    );
    const reads = events.rows.filter((event) => event.allowed);
    // Each decision about the EHR or its composition names the access. (A composition's uid is also
    // checked against the EHR id rule of EHRs in general, as the identity table does for every
    // caller: that check is about no EHR and keeps the role's reason.)
    const aboutTheRecords = reads.filter(
      (event) => (event.subjectType === 'Ehr' && event.subjectIds.includes(ehrA)) || (event.subjectType === 'Composition' && event.subjectIds.includes(labUid)),
    );
    expect(aboutTheRecords.length).toBeGreaterThan(3);
    for (const event of aboutTheRecords)
      expect(event).toMatchObject({ reason: `emergency: ${REASON}`, emergency: access.id, subjectIds: [event.subjectIds[0]] });
    const read = (type: string) => reads.filter((event) => event.action === 'read' && event.subjectType === type).flatMap((event) => event.subjectIds);
    expect(new Set(read('Ehr'))).toEqual(new Set([ehrA]));
    expect(new Set(read('Composition'))).toEqual(new Set([labUid]));
    for (const event of reads.filter((each) => each.action === 'read')) expect(event.emergency).toBe(access.id);
    // and the trail says so to an admin of the clinician's organisation: the access's decisions, found by its id
    const trail = await system.gateway.request(
      `query($a: UUID!) { auditEvents(filter: { emergencyAccessId: $a }, first: 100) { edges { node { sub action subjectType subjectIds reason emergencyAccessId } } } }`,
      { a: access.id },
      as.adminC,
    );
    expect(trail.errors).toBeUndefined();
    const nodes: { sub: string; action: string; subjectType: string; subjectIds: string[]; reason: string; emergencyAccessId: string }[] =
      trail.data.auditEvents.edges.map((edge: { node: unknown }) => edge.node);
    expect(nodes.length).toBe(aboutTheRecords.length + 1); // and the break-glass itself
    for (const node of nodes) expect(node).toMatchObject({ sub, reason: `emergency: ${REASON}`, emergencyAccessId: access.id });
    expect(new Set(nodes.filter((node) => node.action === 'read').flatMap((node) => node.subjectIds))).toEqual(new Set([ehrA, labUid]));
    // org-a's admin reads org-c's callers' events no more than before
    const elsewhere = await system.gateway.request(
      `query($a: UUID!) { auditEvents(filter: { emergencyAccessId: $a }) { edges { node { id } } } }`,
      { a: access.id },
      as.adminA,
    );
    expect(elsewhere.data.auditEvents.edges).toEqual([]);
  });

  it('pages are keyset-paged and bounded, newest first, and `since` leaves older ones out', async () => {
    const { headers } = await clinicianOfOrgC();
    const opened = [];
    for (let i = 0; i < 3; i += 1) opened.push(await breakGlass(system.gateway, headers, ehrA));
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const response: GraphQLResponse<{ emergencyAccesses: AccessPage }> = await system.gateway.request(ACCESSES, { first: 2, after }, as.adminA);
      expect(response.errors).toBeUndefined();
      const page = response.data?.emergencyAccesses as AccessPage;
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 3)).toEqual(opened.map((each) => each.id).reverse());
    const since = await system.gateway.request(ACCESSES, { since: opened[2]?.startedAt, first: 100 }, as.adminA);
    expect(since.data.emergencyAccesses.edges.map((edge: { node: { id: string } }) => edge.node.id)).toEqual([opened[2]?.id]);
    expectOneError(await system.gateway.request(ACCESSES, { first: 101 }, as.adminA), 'BAD_USER_INPUT');
  });
});
