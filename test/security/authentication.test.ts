import type { CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { GraphQLClient } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import {
  anonymous,
  castHeaders,
  COMMIT,
  commit,
  createEhr,
  expectNothingStored,
  expectOneError,
  expectUnauthenticated,
  registerPatient,
  systemSnapshot,
  type Actor,
  type Target,
} from './support.ts';
import { bearer, claimsOf, craftToken, keyPair, nowSeconds, unsignedToken, type Headers } from '../kit/tokens.ts';
import { eventually } from '../kit/eventually.ts';

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehrId: string;
let labUid: string;
let patientId: string;

const TARGETS: Target[] = ['gateway', 'clinical', 'demographic'];

/** A write each service would carry out for a clinician-and-registrar of org-a. */
const ATTEMPT: Record<Target, string> = {
  gateway: `mutation { createEhr { id } registerPatient(input: { name: { family: "Intruder" } }) { id } }`,
  clinical: `mutation { createEhr { id } }`,
  demographic: `mutation { registerPatient(input: { name: { family: "Intruder" } }) { id } }`,
};

const clientOf = (target: Target): GraphQLClient => system[target];
const platformKey = () => system.keys.privateKey as CryptoKey;

interface FailureCase {
  name: string;
  reason: string;
  headers: () => Promise<Headers>;
}

const FAILURES: FailureCase[] = [
  { name: 'no Authorization header', reason: 'missing bearer token', headers: async () => ({}) },
  {
    name: 'Basic credentials',
    reason: 'missing bearer token',
    headers: async () => ({ authorization: `Basic ${Buffer.from('admin-1:admin').toString('base64')}` }),
  },
  { name: 'a garbage bearer token', reason: 'malformed token', headers: async () => bearer('not-a-jwt') },
  { name: 'three segments of garbage', reason: 'malformed token', headers: async () => bearer('abc.def.ghi') },
  {
    name: 'a token signed with another key (carrying the platform key id)',
    reason: 'invalid signature',
    headers: async () => bearer(await craftToken((await keyPair('EdDSA')).privateKey, 'EdDSA', {}, system.keys.kid)),
  },
  { name: 'an alg:none token', reason: 'invalid signature', headers: async () => bearer(unsignedToken()) },
  {
    name: 'an expired token of the platform issuer',
    reason: 'token expired',
    headers: async () => bearer(await craftToken(platformKey(), system.keys.alg, { exp: nowSeconds() - 120 })),
  },
  {
    name: 'a token of the platform issuer for another audience',
    reason: 'wrong audience',
    headers: async () => bearer(await craftToken(platformKey(), system.keys.alg, { aud: 'another-api' })),
  },
  {
    name: 'a token of an unconfigured issuer',
    reason: 'unknown issuer',
    headers: async () => bearer(await craftToken((await keyPair('ES256')).privateKey, 'ES256', { iss: 'https://idp.unknown.example' })),
  },
  {
    name: 'a token of an unconfigured issuer signed with the platform key',
    reason: 'unknown issuer',
    headers: async () => bearer(await craftToken(platformKey(), system.keys.alg, { iss: 'https://idp.unknown.example' })),
  },
  {
    name: 'forged identity headers without a token',
    reason: 'missing bearer token',
    headers: async () => ({ 'x-user-id': 'admin-1', 'x-user': 'admin-1', 'x-org': 'org-a', 'x-roles': 'admin', 'x-forwarded-user': 'admin-1' }),
  },
];

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true });
  cast = await castHeaders(system);
  ehrId = (await createEhr(system.gateway, cast.clinicianA)).id;
  labUid = (await commit(system.gateway, cast.clinicianA, ehrId, labReportComposition([HBA1C(7.1), ANCA(40)], '2026-02-01T09:00:00Z'))).uid;
  patientId = await registerPatient(system.gateway, cast.registrar, { name: { given: ['Ada'], family: 'Lovelace' } });
});

afterAll(async () => {
  await system?.stop();
});

describe.each(TARGETS)('%s refuses every unauthenticated request with 401 before anything runs', (target) => {
  it.each(FAILURES)('$name → 401 "$reason"; nothing stored, nothing audited', async ({ headers, reason }) => {
    const before = await systemSnapshot(system);
    const response = await anonymous(clientOf(target)).request(ATTEMPT[target], {}, await headers());
    expectUnauthenticated(response, reason);
    await expectNothingStored(system, before, 'unchanged');
  });

  it('answers 401 with a WWW-Authenticate challenge, also to GET and to introspection', async () => {
    const url = clientOf(target).url;
    const get = await fetch(`${url}?query=${encodeURIComponent('{ __schema { queryType { name } } }')}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(get.status).toBe(401);
    expect(get.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(await get.json()).toEqual({ errors: [{ message: 'Unauthenticated: missing bearer token', extensions: { code: 'UNAUTHENTICATED' } }] });
  });

  it('control: the same write with a valid token is carried out (so the checks above can fail)', async () => {
    const before = await systemSnapshot(system);
    const response = await clientOf(target).request(ATTEMPT[target]);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    const after = await systemSnapshot(system);
    const grown =
      (after.clinical.tables.ehrs ?? 0) -
      (before.clinical.tables.ehrs ?? 0) +
      (after.demographic.tables.patients ?? 0) -
      (before.demographic.tables.patients ?? 0);
    expect(grown).toBe(target === 'gateway' ? 2 : 1);
  });
});

describe('token revocation by an admin', () => {
  const PROBE = '{ __typename }';
  const REVOKE = `mutation($j: String!, $e: DateTime) { revokeToken(jti: $j, expiresAt: $e) { jti revokedAt expiresAt } }`;

  it('a non-admin cannot revoke: FORBIDDEN through the gateway and on the clinical subgraph, nothing stored, the token keeps working', async () => {
    const victim = await system.token({ sub: 'colleague', org: 'org-a', roles: ['clinician'] });
    const { jti } = claimsOf(victim);
    for (const [client, headers] of [
      [system.gateway, cast.clinicianA],
      [system.clinical, cast.clinicianA],
      [system.clinical, cast.registrar],
      [system.gateway, cast.noRoles],
    ] as const) {
      const before = await systemSnapshot(system);
      const response = await client.request(REVOKE, { j: jti }, headers);
      expectOneError(response, 'FORBIDDEN', ['revokeToken']);
      expect(response.data).toBeNull();
      await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
    }
    for (const target of TARGETS) {
      expect(await anonymous(clientOf(target)).request(PROBE, {}, bearer(victim))).toEqual({ status: 200, data: { __typename: 'Query' } });
    }
  });

  it('after revokeToken(jti, expiresAt) the token gets 401 "token revoked" on the gateway and on both subgraphs directly; other tokens of the same user still work', async () => {
    const victim = await system.token({ sub: 'leaver', org: 'org-a', roles: ['clinician', 'registrar'] });
    const { jti, exp } = claimsOf(victim);
    const expiresAt = new Date((exp as number) * 1000).toISOString();
    for (const target of TARGETS) {
      expect(await anonymous(clientOf(target)).request(PROBE, {}, bearer(victim))).toEqual({ status: 200, data: { __typename: 'Query' } });
    }

    const revoked = await system.gateway.request(REVOKE, { j: jti, e: expiresAt }, cast.admin);
    expect(revoked.errors).toBeUndefined();
    expect(revoked.data.revokeToken.jti).toBe(jti);
    // Kept past the token's own expiry: for at least the longest lifetime a token may have (30 days here).
    const kept = new Date(revoked.data.revokeToken.expiresAt).getTime();
    expect(kept).toBeGreaterThanOrEqual(Math.max(Date.parse(expiresAt), Date.now() + 30 * 86_400_000 - 60_000));
    const stored = await system.clinicalDb.query<{ revokedBy: string; expiresAt: Date }>(
      `SELECT revoked_by AS "revokedBy", expires_at AS "expiresAt" FROM revoked_tokens WHERE jti = $1`,
      [jti],
    );
    expect(stored.rows.map((row) => ({ revokedBy: row.revokedBy, expiresAt: new Date(row.expiresAt).getTime() }))).toEqual([
      { revokedBy: 'admin-1', expiresAt: kept },
    ]);

    for (const target of TARGETS) {
      // With Redis the revocation reaches the other services asynchronously: wait on a harmless query first.
      await eventually(async () => expectUnauthenticated(await anonymous(clientOf(target)).request(PROBE, {}, bearer(victim)), 'token revoked'));
      const before = await systemSnapshot(system);
      expectUnauthenticated(await anonymous(clientOf(target)).request(ATTEMPT[target], {}, bearer(victim)), 'token revoked');
      await expectNothingStored(system, before, 'unchanged');
    }

    const sameUser = await system.token({ sub: 'leaver', org: 'org-a', roles: ['clinician', 'registrar'] });
    for (const target of TARGETS) {
      expect(await anonymous(clientOf(target)).request(PROBE, {}, bearer(sameUser))).toEqual({ status: 200, data: { __typename: 'Query' } });
    }
  });
});

describe('identity headers next to a valid token change nothing', () => {
  const FORGED = { 'x-user-id': 'dr-a', 'x-user': 'dr-a', 'x-org': 'org-a', 'x-roles': 'clinician', 'x-forwarded-user': 'dr-a' };

  it.each(['gateway', 'clinical'] as const)('%s: a nurse claiming x-roles: clinician still cannot create EHRs or commit a lab report', async (target) => {
    const headers = { ...cast.nurseA, ...FORGED };
    let before = await systemSnapshot(system);
    const ehr = await clientOf(target).request(`mutation { createEhr { id } }`, {}, headers);
    expectOneError(ehr, 'FORBIDDEN', ['createEhr']);
    expect(ehr.data).toBeNull();
    await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });

    before = await systemSnapshot(system);
    const lab = await clientOf(target).request(COMMIT, { e: ehrId, c: labReportComposition([HBA1C(6.5)], '2026-02-02T09:00:00Z') }, headers);
    expectOneError(lab, 'FORBIDDEN', ['commitComposition']);
    expect(lab.data).toBeNull();
    await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
  });

  it.each(['gateway', 'clinical'] as const)(
    '%s: a nurse claiming x-roles: clinician still gets the nurse view of a lab report (ANCA withheld)',
    async (target) => {
      const response = await clientOf(target).request(
        `query($u: String!) { composition(uid: $u) { withheldEntryCount entries { codes } } }`,
        { u: labUid },
        { ...cast.nurseA, ...FORGED },
      );
      expect(response.errors).toBeUndefined();
      expect(response.data.composition.withheldEntryCount).toBe(1);
      expect(JSON.stringify(response.data)).not.toContain('17351-8');
    },
  );

  it.each(['gateway', 'demographic'] as const)('%s: a nurse claiming x-roles: registrar still cannot register or read patients', async (target) => {
    const headers = { ...cast.nurseA, ...FORGED, 'x-roles': 'registrar' };
    const before = await systemSnapshot(system);
    const response = await clientOf(target).request(ATTEMPT.demographic, {}, headers);
    expectOneError(response, 'FORBIDDEN', ['registerPatient']);
    expect(response.data).toBeNull();
    await expectNothingStored(system, before, { clinical: 'unchanged', demographic: 'grew' });
    const read = await clientOf(target).request(`query($p: UUID!) { patient(id: $p) { id name { family } } }`, { p: patientId }, headers);
    expect(read).toEqual({ status: 200, data: { patient: null } });
  });
});
