import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { principal } from '../kit/principals.ts';
import { RevocationList } from '../../platform/auth/revocations.ts';
import { loadConfig } from '../../platform/config/load-config.ts';
import { limitsConfigSchema } from '../../platform/limits/config.ts';
import { createRateLimits } from '../../platform/limits/rate-limit.ts';
import type { Logger } from '../../platform/observability/logger.ts';
import { createSharedBus } from '../../platform/redis/bus.ts';
import { COMMAND_TIMEOUT_MS, openRedisConnection, UNAVAILABLE, type RedisConnection } from '../../platform/redis/connection.ts';
import { openSharedCache } from '../../platform/redis/open-shared-cache.ts';
import { randomPrefix, REDIS_URL, startClinicalInstance, type ClinicalInstance } from '../cache/support.ts';
import { eventually } from '../kit/eventually.ts';
import { dropRedisKeys } from '../kit/redis-keys.ts';
import { createTestDatabase, type TestDatabase } from '../kit/databases.ts';
import { jtiOf, testIssuer } from '../kit/tokens.ts';
import { recordingLogger, silentLogger } from '../kit/loggers.ts';
import { freePort } from '../kit/ports.ts';
import { startTcpProxy, type TcpProxy } from '../kit/tcp-proxy.ts';

/** What a caller may wait for an answer while Redis is known to be down: well under the command timeout. */
const AT_ONCE_MS = COMMAND_TIMEOUT_MS / 2;

const connections: RedisConnection[] = [];
const proxies: TcpProxy[] = [];
const services: ClinicalInstance[] = [];
const stores: TestDatabase[] = [];
const prefixes: string[] = [];

async function connect(url: string, logger: Logger = silentLogger()): Promise<RedisConnection> {
  const redis = await openRedisConnection(url, logger);
  connections.push(redis);
  return redis;
}

function prefix(): string {
  const keyPrefix = randomPrefix();
  prefixes.push(keyPrefix);
  return keyPrefix;
}

/** A TCP proxy to the test Redis, and the Redis URL through it. */
async function proxiedRedis(): Promise<{ proxy: TcpProxy; url: string }> {
  const redis = new URL(REDIS_URL as string);
  const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  proxies.push(proxy);
  const url = new URL(redis);
  url.hostname = '127.0.0.1';
  url.port = String(proxy.port);
  return { proxy, url: url.toString() };
}

/** Runs `work` and fails when it took AT_ONCE_MS or longer. */
async function atOnce<T>(work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(AT_ONCE_MS);
  return result;
}

const caller = principal({ sub: 'someone', issuer: 'https://idp.example', org: null });
const twoPerMinute = loadConfig(limitsConfigSchema, { RATE_LIMIT_PER_CALLER: '2' });

afterEach(async () => {
  for (const service of services.splice(0)) await service.stop();
  for (const redis of connections.splice(0)) await redis.close();
  for (const proxy of proxies.splice(0)) await proxy.close();
});
afterAll(async () => {
  await dropRedisKeys(REDIS_URL, prefixes);
  for (const store of stores) await store.drop();
});

describe('Redis connection with nothing listening', () => {
  it('answers every command at once (no queue, no wait for the timeout) and logs the outage once', async () => {
    const { logger, warnings } = recordingLogger();
    const deadPort = await freePort();
    const redis = await connect(`redis://127.0.0.1:${deadPort}`, logger);
    const keyPrefix = prefix();
    const bus = createSharedBus({ redis, keyPrefix, logger });
    const cache = openSharedCache({ redis, keyPrefix, namespace: 'test' });
    const limits = createRateLimits(twoPerMinute, { redis, keyPrefix, logger });

    for (let i = 0; i < 20; i += 1) {
      expect(await atOnce(() => redis.run('ping', (client) => client.ping()))).toBe(UNAVAILABLE);
      expect(await atOnce(() => bus.command('ping', (client) => client.ping()))).toBeUndefined();
      await atOnce(() => bus.publish('news', 'hello'));
      await atOnce(() => cache.set('k', 'v'));
      expect(await atOnce(() => cache.get('k'))).toBeUndefined();
    }
    await atOnce(() => bus.subscribe('news', () => undefined)); // made once Redis is there
    // The rate limits count in this process meanwhile.
    expect(await atOnce(() => limits.checkCaller(caller))).toBeNull();
    expect(await atOnce(() => limits.checkCaller(caller))).toBeNull();
    expect(await atOnce(() => limits.checkCaller(caller))).toMatchObject({ retryAfter: expect.any(Number) });

    await new Promise((resolve) => setTimeout(resolve, 1500)); // several reconnect attempts fail meanwhile
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toBe(
      `WARNING: Redis at 127.0.0.1:${deadPort} unavailable (connect ECONNREFUSED 127.0.0.1:${deadPort}); ` +
        'caches, rate limits, revocations and policy reloads stay within each process until it is back.',
    );
    await bus.close();
  });
});

describe.skipIf(!REDIS_URL)('[redis] Redis cut off mid-run (TCP proxy to the real Redis)', () => {
  it('falls back while cut, recovers once restored, and subscriptions hear what is published after recovery', async () => {
    const { proxy, url } = await proxiedRedis();
    const { logger, warnings } = recordingLogger();
    const redis = await connect(url, logger);
    const keyPrefix = prefix();
    const bus = createSharedBus({ redis, keyPrefix, logger });
    const elsewhere = createSharedBus({ redis: await connect(REDIS_URL as string), keyPrefix, logger: silentLogger() });
    const cache = openSharedCache({ redis, keyPrefix, namespace: 'test' });
    const limits = createRateLimits(twoPerMinute, { redis, keyPrefix, logger });
    const madeBefore: string[] = [];
    await bus.subscribe('news', (message) => madeBefore.push(message));
    await elsewhere.publish('news', 'before');
    await eventually(() => madeBefore.includes('before'));
    await cache.set('k', 'shared');
    expect(await limits.checkCaller(caller)).toBeNull(); // counted in Redis

    await proxy.cut('refuse');
    await eventually(async () => (await cache.get('k')) === undefined);
    expect(await atOnce(() => redis.run('ping', (client) => client.ping()))).toBe(UNAVAILABLE);
    await atOnce(() => bus.publish('news', 'during'));
    const madeDuring: string[] = [];
    await atOnce(() => bus.subscribe('later', (message) => madeDuring.push(message)));
    expect(await atOnce(() => limits.checkCaller(caller))).toBeNull(); // this process's own count

    await proxy.restore();
    await eventually(async () => (await cache.get('k')) === 'shared');
    await eventually(async () => {
      await elsewhere.publish('news', 'after');
      await elsewhere.publish('later', 'after');
      return madeBefore.includes('after') && madeDuring.includes('after');
    });
    // Counted in Redis again: the one before the cut and this one spend the budget of two.
    expect(await limits.checkCaller(caller)).toBeNull();
    expect(await limits.checkCaller(caller)).toMatchObject({ retryAfter: expect.any(Number) });
    expect(warnings.filter((line) => /unavailable/.test(line))).toHaveLength(1);
    expect(warnings.filter((line) => /available again/.test(line))).toHaveLength(1);
    expect(warnings.at(-1)).toBe(`Redis at 127.0.0.1:${proxy.port} is available again.`);
    await Promise.all([bus.close(), elsewhere.close()]);
  });

  it('gives up on a command Redis does not answer after the timeout, then skips Redis without waiting', async () => {
    const { proxy, url } = await proxiedRedis();
    const { logger, warnings } = recordingLogger();
    const redis = await connect(url, logger);
    const cache = openSharedCache({ redis, keyPrefix: prefix(), namespace: 'test' });
    await cache.set('k', 'v');

    await proxy.cut('stall'); // the connection stays up, answers stop
    const started = performance.now();
    expect(await cache.get('k')).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2 * COMMAND_TIMEOUT_MS);
    expect(await atOnce(() => cache.get('k'))).toBeUndefined(); // cooling off: no second wait
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(new RegExp(`unavailable \\(test\\.store read: no answer within ${COMMAND_TIMEOUT_MS} ms\\)`));

    await proxy.restore();
    await eventually(async () => (await cache.get('k')) === 'v');
    expect(warnings.at(-1)).toMatch(/available again/);
  });

  it('a service whose Redis was cut hears revocations published after it is back', async () => {
    const { proxy, url } = await proxiedRedis();
    const store = await createTestDatabase('clinical');
    stores.push(store);
    const issuer = await testIssuer();
    const token = await issuer.token();
    const keyPrefix = prefix();
    const service = await startClinicalInstance({ db: store.db, keyPrefix, token, authEnv: issuer.authEnv, env: { REDIS_URL: url } });
    services.push(service);
    const logger = silentLogger();
    const revocations = new RevocationList({ bus: createSharedBus({ redis: await connect(REDIS_URL as string), keyPrefix, logger }), logger });

    await proxy.cut('refuse');
    const during = await service.client.request('mutation { createEhr { id } }');
    expect(during.errors).toBeUndefined(); // the service works without Redis

    await proxy.restore();
    const expiresAt = new Date(Date.now() + 3600_000);
    await eventually(async () => {
      await revocations.revoke(jtiOf(token), expiresAt);
      return (await service.client.request('{ __typename }')).status === 401;
    });
    const refused = await service.client.request('{ __typename }');
    expect(refused.errors?.[0]?.message).toBe('Unauthenticated: token revoked');
  });
});
