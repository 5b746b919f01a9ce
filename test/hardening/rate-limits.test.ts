import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { principal } from '../kit/principals.ts';
import { loadConfig } from '../../platform/config/load-config.ts';
import { limitsConfigSchema } from '../../platform/limits/config.ts';
import { createRateLimits } from '../../platform/limits/rate-limit.ts';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type GatewayService } from '../../gateway/service.ts';
import { graphqlClient, type GraphQLClient, type GraphQLResponse } from '../kit/graphql-client.ts';
import { silentLogger } from '../kit/loggers.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const REDIS_URL = process.env.REDIS_URL;

/** Per-caller limits: 5 a minute at the gateway, 3 at each subgraph. */
let callers: TestSystem;
/** Per-address limits: 4 a minute at the gateway; the subgraphs exempt loopback (where the gateway is). */
let addresses: TestSystem;
beforeAll(async () => {
  callers = await startSystem({ sharedRedis: true, gatewayEnv: { RATE_LIMIT_PER_CALLER: '5' }, subgraphEnv: { RATE_LIMIT_PER_CALLER: '3' } });
  addresses = await startSystem({
    gatewayEnv: { RATE_LIMIT_PER_IP: '4' },
    subgraphEnv: { RATE_LIMIT_PER_IP: '2', RATE_LIMIT_EXEMPT_IPS: '127.0.0.1,::1' },
  });
});
afterAll(async () => {
  await callers?.stop();
  await addresses?.stop();
});

const typename = async (client: GraphQLClient, token?: string) => client.request('{ __typename }', {}, token ? { authorization: `Bearer ${token}` } : {});

/** Sends `count` requests one after the other; every one must get through. */
async function spend(client: GraphQLClient, token: string, count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) expect(await typename(client, token)).toEqual({ status: 200, data: { __typename: 'Query' } });
}

function expectRateLimited(response: GraphQLResponse, who: 'caller' | 'address', points: number): void {
  expect(response.status).toBe(429);
  const [error] = response.errors ?? [];
  expect(error?.extensions?.code).toBe('RATE_LIMITED');
  const retryAfter = error?.extensions?.retryAfter as number;
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(error?.message).toBe(`Too many requests from this ${who}: at most ${points} per 60 s. Retry in ${retryAfter} s.`);
}

/** The raw response, to read the Retry-After header. */
const rawTypename = (url: string, token: string) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ __typename }"}' });

describe(`per caller (${REDIS_URL ? 'Redis' : 'in process'})`, () => {
  it('the gateway refuses the sixth request of a caller with 429 RATE_LIMITED, retryAfter and Retry-After', async () => {
    const alice = await callers.token({ sub: 'alice' });
    await spend(callers.gateway, alice, 5);
    const refused = await rawTypename(callers.gateway.url, alice);
    const body = (await refused.json()) as GraphQLResponse;
    expectRateLimited({ ...body, status: refused.status }, 'caller', 5);
    expect(refused.headers.get('retry-after')).toBe(String(body.errors?.[0]?.extensions?.retryAfter));
  });

  it('counts each caller on their own, even from the same address', async () => {
    const bob = await callers.token({ sub: 'bob' });
    await spend(callers.gateway, bob, 5);
    expectRateLimited(await typename(callers.gateway, bob), 'caller', 5);
    await spend(callers.gateway, await callers.token({ sub: 'bob-2' }), 1);
  });

  it.each(['clinical', 'demographic'] as const)('%s refuses the fourth request of a direct caller', async (name) => {
    const carol = await callers.token({ sub: `carol-${name}` });
    await spend(callers[name], carol, 3);
    expectRateLimited(await typename(callers[name], carol), 'caller', 3);
  });

  it('keys a caller by issuer and sub: the same sub from another issuer is someone else', async () => {
    const limits = createRateLimits(loadConfig(limitsConfigSchema, { RATE_LIMIT_PER_CALLER: '1' }), {
      keyPrefix: `${callers.keyPrefix}unit:`,
      logger: silentLogger(),
    });
    const caller = (issuer: string) => principal({ sub: 'same', issuer, org: null });
    expect(await limits.checkCaller(caller('https://idp-a.example'))).toBeNull();
    expect(await limits.checkCaller(caller('https://idp-b.example'))).toBeNull();
    expect(await limits.checkCaller(caller('https://idp-a.example'))).toMatchObject({ retryAfter: expect.any(Number) });
  });
});

describe('per address', () => {
  it('counts requests before authentication: after four 401s the fifth is 429, even with a valid token', async () => {
    for (let i = 0; i < 4; i += 1) expect((await typename(graphqlClient(addresses.gateway.url))).status).toBe(401);
    expectRateLimited(await typename(addresses.gateway, await addresses.token()), 'address', 4);
  });

  it('exempt addresses (RATE_LIMIT_EXEMPT_IPS, e.g. the gateway at a subgraph) are not counted', async () => {
    await spend(addresses.clinical, await addresses.token(), 6);
  });
});

describe('two gateway replicas', () => {
  let replica: GatewayService;
  beforeAll(async () => {
    if (!REDIS_URL) return;
    const config = loadGatewayConfig({
      ...callers.authEnv,
      REDIS_URL,
      RATE_LIMIT_PER_CALLER: '5',
      GATEWAY_PORT: '0',
      CLINICAL_URL: callers.clinical.url,
      DEMOGRAPHIC_URL: callers.demographic.url,
    });
    replica = await startGateway(config, { keyPrefix: callers.keyPrefix });
  });
  afterAll(async () => {
    await replica?.stop();
  });

  it.skipIf(!REDIS_URL)('[redis] share one budget per caller through Redis', async () => {
    const dave = await callers.token({ sub: 'dave' });
    await spend(callers.gateway, dave, 3);
    await spend(graphqlClient(replica.url), dave, 2);
    expectRateLimited(await typename(graphqlClient(replica.url), dave), 'caller', 5);
    expectRateLimited(await typename(callers.gateway, dave), 'caller', 5);
    const redis = new Redis(REDIS_URL as string);
    const keys = await redis.keys(`${callers.keyPrefix}gateway:ratelimit:caller*`);
    await redis.quit();
    expect(keys.length).toBeGreaterThan(0);
  });
});

describe('Redis down', () => {
  let gateway: GatewayService;
  beforeAll(async () => {
    const config = loadGatewayConfig({
      ...callers.authEnv,
      REDIS_URL: 'redis://127.0.0.1:1',
      RATE_LIMIT_PER_CALLER: '3',
      GATEWAY_PORT: '0',
      CLINICAL_URL: callers.clinical.url,
      DEMOGRAPHIC_URL: callers.demographic.url,
    });
    gateway = await startGateway(config, { keyPrefix: `${callers.keyPrefix}down:` });
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('requests still succeed, and the in-process insurance limiter still limits', async () => {
    const erin = await callers.token({ sub: 'erin' });
    await spend(graphqlClient(gateway.url), erin, 3);
    expectRateLimited(await typename(graphqlClient(gateway.url), erin), 'caller', 3);
  });
});

describe('defaults', () => {
  it('off in development (the test suite sends many requests with one token), on in production', () => {
    expect(loadConfig(limitsConfigSchema, {})).toMatchObject({ RATE_LIMIT_PER_CALLER: 0, RATE_LIMIT_PER_IP: 0, RATE_LIMIT_WINDOW_SECONDS: 60 });
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(loadConfig(limitsConfigSchema, {})).toMatchObject({ RATE_LIMIT_PER_CALLER: 600, RATE_LIMIT_PER_IP: 1200 });
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
});
