import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type GatewayService } from '../../gateway/service.ts';
import { createSharedBus } from '../../platform/redis/bus.ts';
import { RevocationList } from '../../platform/auth/revocations.ts';
import { silentLogger } from '../kit/loggers.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { FAILURE_CASES, post, serveJwks } from './support.ts';
import { craftToken, jtiOf, keyPair } from '../kit/tokens.ts';

const IDP = 'https://idp.example.test';
const CREATE_EHR = 'mutation { createEhr { id } }';

describe('gateway authentication (real gateway and subgraphs)', () => {
  let system: TestSystem;
  let jwks: Awaited<ReturnType<typeof serveJwks>>;
  let idpKey: Awaited<ReturnType<typeof keyPair>>;
  let revokedToken: string;
  let gatewayUrl: string;

  beforeAll(async () => {
    idpKey = await keyPair('ES256');
    jwks = await serveJwks({ keys: [{ ...idpKey.publicJwk, kid: 'idp-es', alg: 'ES256' }] });
    system = await startSystem({
      gatewayEnv: { TRUSTED_ISSUERS: JSON.stringify([{ issuer: IDP, audience: 'clinical-api', jwksUrl: jwks.url, algorithms: ['ES256'] }]) },
    });
    gatewayUrl = system.gateway.url;
    revokedToken = await system.token({ sub: 'leaver' });
    const logger = silentLogger();
    const elsewhere = createSharedBus({ keyPrefix: system.keyPrefix, logger });
    await new RevocationList({ bus: elsewhere, logger }).revoke(jtiOf(revokedToken), new Date(Date.now() + 3600_000));
    await elsewhere.close();
  });

  afterAll(async () => {
    await system?.stop();
    await jwks?.close();
  });

  it.each(FAILURE_CASES)('$name → 401 "$reason" from the gateway, nothing reaches a subgraph', async ({ headers, reason }) => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const answer = await post(gatewayUrl, CREATE_EHR, await headers({ keys: system.keys, revokedToken }));
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ errors: [{ message: `Unauthenticated: ${reason}`, extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('accepts a valid platform token', async () => {
    const answer = await post(gatewayUrl, '{ __typename }', { authorization: `Bearer ${await system.token({ roles: ['clinician'] })}` });
    expect(answer.status).toBe(200);
    expect(answer.body.data).toEqual({ __typename: 'Query' });
  });

  it('accepts a token of an issuer trusted through its JWKS, and refuses one signed by another key', async () => {
    const good = await craftToken(idpKey.privateKey, 'ES256', { iss: IDP, aud: 'clinical-api' }, 'idp-es');
    expect((await post(gatewayUrl, '{ __typename }', { authorization: `Bearer ${good}` })).status).toBe(200);
    const forged = await craftToken((await keyPair('ES256')).privateKey, 'ES256', { iss: IDP, aud: 'clinical-api' }, 'idp-es');
    const refused = await post(gatewayUrl, '{ __typename }', { authorization: `Bearer ${forged}` });
    expect(refused.status).toBe(401);
    expect(refused.body.errors[0].message).toBe('Unauthenticated: invalid signature');
  });
});

describe('what the gateway forwards', () => {
  let gateway: GatewayService;
  const seen: IncomingHttpHeaders[] = [];
  const subgraph = createServer((request, response) => {
    seen.push(request.headers);
    request.resume().on('end', () => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ data: { createEhr: { id: '4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11' } } }));
    });
  });
  let token: string;

  beforeAll(async () => {
    await new Promise<void>((resolve) => subgraph.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(subgraph.address() as AddressInfo).port}/graphql`;
    const platform = await keyPair();
    gateway = await startGateway(
      loadGatewayConfig({ GATEWAY_PORT: '0', CLINICAL_URL: url, DEMOGRAPHIC_URL: url, TOKEN_PUBLIC_KEY: JSON.stringify(platform.publicJwk) }),
    );
    token = await craftToken(platform.privateKey, 'EdDSA', { sub: 'nurse-1' });
  });

  afterAll(async () => {
    await gateway?.stop();
    await new Promise<void>((resolve) => subgraph.close(() => resolve()));
  });

  it("passes on the caller's own token and the gateway's own request id, and no identity header of any kind", async () => {
    const answer = await post(gateway.url, CREATE_EHR, {
      authorization: `Bearer ${token}`,
      'x-request-id': 'req-42',
      'x-user-id': 'admin',
      'x-org': 'org-z',
      'x-roles': 'admin',
      'x-forwarded-user': 'admin',
    });
    expect(answer.status).toBe(200);
    expect(seen).toHaveLength(1);
    const headers = seen[0] ?? {};
    expect(headers.authorization).toBe(`Bearer ${token}`);
    expect(headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(headers['x-request-id']).toBe(answer.headers.get('x-request-id'));
    expect(Object.keys(headers).filter((name) => /^x-(user|org|roles|forwarded-user)/.test(name))).toEqual([]);
  });
});
