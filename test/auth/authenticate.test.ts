import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApolloServer } from '@apollo/server';
import { exportSPKI } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../platform/auth/authenticate.ts';
import { authConfigSchema, resolveTokenKeys, type TokenKeys } from '../../platform/auth/config.ts';
import type { Principal } from '../../platform/auth/principal.ts';
import { loadConfig } from '../../platform/config/load-config.ts';
import { listen, type RunningHttpServer } from '../../platform/http/http-server.ts';
import { createSharedBus, type SharedBus } from '../../platform/redis/bus.ts';
import { RevocationList } from '../../platform/auth/revocations.ts';
import { recordingLogger, silentLogger } from '../kit/loggers.ts';
import { FAILURE_CASES, post, serveJwks } from './support.ts';
import { AUDIENCE, craftToken, ISSUER, jtiOf, keyPair, tokenSigner } from '../kit/tokens.ts';

const IDP = 'https://idp.example.test';
const EHR_ID = '4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11';
let executed = 0;
let keys: TokenKeys;
let http: RunningHttpServer;
let apollo: ApolloServer<{ principal: Principal | null }>;
let bus: SharedBus;
let revocations: RevocationList;
let jwks: Awaited<ReturnType<typeof serveJwks>>;
let idpKey: Awaited<ReturnType<typeof keyPair>>;
let revokedToken: string;

const typeDefs = `
  type Who { sub: String! org: String roles: [String!]! scopes: [String!] ehrId: String purpose: String jti: String issuer: String! }
  type Query { whoami: Who }
  type Mutation { touch: Int! }
`;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'auth-'));
  keys = await resolveTokenKeys({ DATA_DIR: dataDir }, () => undefined);
  idpKey = await keyPair('RS256');
  jwks = await serveJwks({ keys: [{ ...idpKey.publicJwk, kid: 'idp-1', alg: 'RS256', use: 'sig' }] });
  const config = loadConfig(authConfigSchema, {
    TRUSTED_ISSUERS: JSON.stringify([{ issuer: IDP, audience: 'clinical-api', jwksUrl: jwks.url }]),
  });
  const logger = silentLogger();
  bus = createSharedBus({ keyPrefix: `test-${randomBytes(6).toString('hex')}:`, logger });
  revocations = new RevocationList({ bus, logger });
  await revocations.start();
  const authenticator = createAuthenticator({ config, keys, revocations, logger });
  apollo = new ApolloServer({
    typeDefs,
    resolvers: {
      Query: { whoami: (_: unknown, __: unknown, context: { principal: Principal | null }) => ((executed += 1), context.principal) },
      Mutation: { touch: () => (executed += 1) },
    },
  });
  await apollo.start();
  http = await listen(
    { apollo, authenticate: (request) => authenticator.authenticate(request.headers.authorization), context: async (_request, principal) => ({ principal }) },
    0,
  );
  revokedToken = await craftToken(keys.privateKey!, keys.alg);
  // Revoked through another list on the bus: the server's list hears of it.
  const other = new RevocationList({ bus: createSharedBus({ keyPrefix: bus.keyPrefix, logger }), logger });
  await other.revoke(jtiOf(revokedToken), new Date(Date.now() + 3600_000));
});

afterAll(async () => {
  await http?.close();
  await apollo?.stop();
  await jwks?.close();
  revocations?.stop();
  await bus?.close();
});

describe('authentication on a GraphQL server', () => {
  it.each(FAILURE_CASES)('$name → 401 UNAUTHENTICATED "$reason", nothing runs', async ({ headers, reason }) => {
    const before = executed;
    const answer = await post(http.url, 'mutation { touch }', await headers({ keys, revokedToken }));
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toBe('Bearer error="invalid_token"');
    expect(answer.body).toEqual({ errors: [{ message: `Unauthenticated: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(executed).toBe(before);
  });

  it('refuses GET, introspection and _service-style requests without a token; /health stays open', async () => {
    const get = await fetch(`${http.url}?query=${encodeURIComponent('{ __schema { types { name } } }')}`);
    expect(get.status).toBe(401);
    expect((await post(http.url, '{ __schema { queryType { name } } }')).status).toBe(401);
    expect((await fetch(http.url.replace('/graphql', '/health'))).status).toBe(200);
  });

  it('accepts a platform token and hands the verified principal to the context', async () => {
    const token = await tokenSigner(keys)({
      sub: 'demo-nurse',
      org: 'org-a',
      roles: ['nurse', 'triage'],
      scope: 'patient/composition.r  patient/ehr.r',
      ehrId: EHR_ID,
      ttl: '15m',
    });
    const answer = await post(http.url, '{ whoami { sub org roles scopes ehrId jti issuer } }', { authorization: `Bearer ${token}`, 'x-roles': 'admin' });
    expect(answer.status).toBe(200);
    expect(answer.body.data.whoami).toMatchObject({
      sub: 'demo-nurse',
      org: 'org-a',
      roles: ['nurse', 'triage'],
      scopes: ['patient/composition.r', 'patient/ehr.r'],
      ehrId: EHR_ID,
      issuer: ISSUER,
    });
    expect(answer.body.data.whoami.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reads roles as a space-separated string, no scope claim as null, other role types as none', async () => {
    const ask = async (claims: Record<string, unknown>) =>
      (await post(http.url, '{ whoami { roles scopes org } }', { authorization: `Bearer ${await craftToken(keys.privateKey!, keys.alg, claims)}` })).body.data
        .whoami;
    expect(await ask({ roles: 'clinician nurse' })).toEqual({ roles: ['clinician', 'nurse'], scopes: null, org: 'org-a' });
    expect(await ask({ roles: { admin: true }, org: 7 })).toEqual({ roles: [], scopes: null, org: null });
    expect(await ask({ scope: 42 })).toMatchObject({ scopes: [] });
  });

  it('reads the purpose of use as its HL7 code, also when qualified by its code system; one that cannot be read is refused', async () => {
    const purposeOf = async (purpose: unknown) => {
      const token = await craftToken(keys.privateKey!, keys.alg, purpose === undefined ? {} : { purpose });
      return post(http.url, '{ whoami { purpose } }', { authorization: `Bearer ${token}` });
    };
    expect((await purposeOf(undefined)).body.data.whoami).toEqual({ purpose: null });
    expect((await purposeOf('TREAT')).body.data.whoami).toEqual({ purpose: 'TREAT' });
    expect((await purposeOf('http://terminology.hl7.org/CodeSystem/v3-ActReason|HRESCH')).body.data.whoami).toEqual({ purpose: 'HRESCH' });
    expect((await purposeOf('urn:oid:2.16.840.1.113883.5.8#HOPERAT')).body.data.whoami).toEqual({ purpose: 'HOPERAT' });
    // Another code system's code is not taken for an ActReason code: it stays as it is (and names no purpose of a policy).
    expect((await purposeOf('http://example.org/reasons|TREAT')).body.data.whoami).toEqual({ purpose: 'http://example.org/reasons|TREAT' });
    for (const unreadable of [['TREAT'], 7, { code: 'TREAT' }, null]) {
      const answer = await purposeOf(unreadable);
      expect([answer.status, answer.body.errors?.[0]?.message], JSON.stringify(unreadable)).toEqual([401, 'Unauthenticated: malformed token']);
    }
  });

  it('accepts a token of an issuer trusted through its JWKS URL, and refuses one signed by another key', async () => {
    const good = await craftToken(idpKey.privateKey, 'RS256', { iss: IDP, aud: 'clinical-api', sub: 'idp-user' }, 'idp-1');
    const answer = await post(http.url, '{ whoami { sub issuer } }', { authorization: `Bearer ${good}` });
    expect(answer.status).toBe(200);
    expect(answer.body.data.whoami).toEqual({ sub: 'idp-user', issuer: IDP });
    expect(jwks.requests()).toBeGreaterThan(0);
    const forger = await keyPair('RS256');
    for (const kid of ['idp-1', 'unknown-kid']) {
      const bad = await craftToken(forger.privateKey, 'RS256', { iss: IDP, aud: 'clinical-api' }, kid);
      const refused = await post(http.url, 'mutation { touch }', { authorization: `Bearer ${bad}` });
      expect(refused.status, kid).toBe(401);
      expect(refused.body.errors[0].message, kid).toBe('Unauthenticated: invalid signature');
    }
    const platformAudience = await craftToken(idpKey.privateKey, 'RS256', { iss: IDP, aud: AUDIENCE }, 'idp-1');
    expect((await post(http.url, '{ whoami { sub } }', { authorization: `Bearer ${platformAudience}` })).body.errors[0].message).toBe(
      'Unauthenticated: wrong audience',
    );
  });
});

describe('authenticator', () => {
  it('fails closed with "issuer keys unavailable" when a trusted JWKS cannot be fetched', async () => {
    const config = loadConfig(authConfigSchema, {
      TRUSTED_ISSUERS: JSON.stringify([{ issuer: IDP, audience: 'clinical-api', jwksUrl: 'http://127.0.0.1:1/jwks.json' }]),
    });
    const { logger, warnings } = recordingLogger();
    const authenticator = createAuthenticator({ config, keys, logger });
    const token = await craftToken(idpKey.privateKey, 'RS256', { iss: IDP, aud: 'clinical-api' }, 'idp-1');
    await expect(authenticator.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ reason: 'issuer keys unavailable' });
    expect(warnings).toHaveLength(1);
  });

  it('accepts a trusted issuer configured with a PEM public key, only with its algorithms', async () => {
    const es = await keyPair('ES256');
    const trusted = { issuer: 'https://pem.example.test', audience: 'clinical-api', publicKey: await exportSPKI(es.publicKey) };
    const accept = createAuthenticator({ config: loadConfig(authConfigSchema, { TRUSTED_ISSUERS: JSON.stringify([trusted]) }), keys, logger: silentLogger() });
    const token = await craftToken(es.privateKey, 'ES256', { iss: trusted.issuer, aud: 'clinical-api', sub: 'pem-user' });
    expect((await accept.authenticate(`bearer ${token}`)).sub).toBe('pem-user');
    const narrow = createAuthenticator({
      config: loadConfig(authConfigSchema, { TRUSTED_ISSUERS: JSON.stringify([{ ...trusted, algorithms: ['RS256'] }]) }),
      keys,
      logger: silentLogger(),
    });
    await expect(narrow.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ reason: 'invalid signature' });
  });
});
