import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CacheEvent } from '../../platform/redis/cache-events.ts';
import { openRedisConnection, type RedisConnection } from '../../platform/redis/connection.ts';
import { openSharedCache } from '../../platform/redis/open-shared-cache.ts';
import type { SharedCache } from '../../platform/redis/shared-cache.ts';
import { recordingLogger } from '../kit/loggers.ts';
import { eventually } from '../kit/eventually.ts';
import { dropRedisKeys } from '../kit/redis-keys.ts';
import { startTcpProxy, type TcpProxy } from '../kit/tcp-proxy.ts';
import { randomPrefix, REDIS_URL } from './support.ts';

const opened: { cache: SharedCache; redis: RedisConnection | undefined }[] = [];
const proxies: TcpProxy[] = [];
const prefixes: string[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A cache on a Redis connection of its own (what a service has), or in this process. */
async function cache(redisUrl: string | undefined, keyPrefix = randomPrefix()) {
  prefixes.push(keyPrefix);
  const { logger, warnings } = recordingLogger();
  const events: CacheEvent[] = [];
  const redis = redisUrl ? await openRedisConnection(redisUrl, logger) : undefined;
  const opened_ = openSharedCache({ redis, keyPrefix, namespace: 'test', maxEntries: 100, onEvent: (event) => events.push(event) });
  opened.push({ cache: opened_, redis });
  return { cache: opened_, warnings, events };
}

afterEach(async () => {
  for (const each of opened.splice(0)) {
    await each.cache.close();
    await each.redis?.close();
  }
  for (const proxy of proxies.splice(0)) await proxy.close();
});
afterAll(async () => {
  await dropRedisKeys(REDIS_URL, prefixes);
});

const backends: { name: string; redisUrl: string | undefined }[] = [
  { name: 'in-process', redisUrl: undefined },
  ...(REDIS_URL ? [{ name: '[redis] Redis', redisUrl: REDIS_URL }] : []),
];

describe.each(backends)('shared cache, $name', ({ redisUrl }) => {
  it('gets what was set, forgets it after its TTL or a delete, and counts hits and misses', async () => {
    const { cache: kv, events } = await cache(redisUrl);
    await kv.set('a', 'one', { ttl: 0.2 });
    await kv.set('b', 'two');
    expect(await kv.get('a')).toBe('one');
    await kv.delete('b');
    expect(await kv.get('b')).toBeUndefined();
    await sleep(300);
    expect(await kv.get('a')).toBeUndefined();
    expect(events.map((event) => event.outcome)).toEqual(['hit', 'miss', 'miss']);
    expect(events[0]?.cache).toBe('test.store');
  });

  it('setMax never moves a number back', async () => {
    const { cache: kv } = await cache(redisUrl);
    expect(await kv.setMax('n', 3)).toBe(true);
    await kv.setMax('n', 2);
    expect(await kv.get('n')).toBe('3');
    await kv.setMax('n', 4, { ttl: 60 });
    expect(await kv.get('n')).toBe('4');
  });
});

describe('shared cache, Redis unreachable', () => {
  it('at a dead port: reads miss, writes go nowhere, nothing throws or waits, and one warning is logged', async () => {
    const { cache: kv, warnings, events } = await cache('redis://127.0.0.1:1');
    const started = Date.now();
    for (let i = 0; i < 50; i += 1) {
      await kv.set(`k${i}`, 'v');
      expect(await kv.get(`k${i}`)).toBeUndefined();
    }
    expect(await kv.setMax('n', 1)).toBe(false);
    expect(await kv.remove('n')).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/unavailable \(connect ECONNREFUSED 127\.0\.0\.1:1\)/);
    expect(events.filter((event) => event.outcome === 'error').length).toBeGreaterThanOrEqual(100);
  });
});

describe.skipIf(!REDIS_URL)('[redis] shared cache, Redis cut off mid-run', () => {
  it('degrades to no cache while cut, and is used again once restored', async () => {
    const redis = new URL(REDIS_URL as string);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    proxies.push(proxy);
    const keyPrefix = randomPrefix();
    const { cache: kv, warnings } = await cache(`redis://127.0.0.1:${proxy.port}`, keyPrefix);
    const { cache: direct } = await cache(REDIS_URL, keyPrefix);
    let available = 0;
    kv.onAvailable(() => (available += 1));
    await kv.set('k', 'before');
    expect(await direct.get('k')).toBe('before'); // really in Redis

    await proxy.cut('refuse');
    await eventually(async () => (await kv.get('k')) === undefined);
    await kv.set('k', 'during'); // goes nowhere
    expect(await direct.get('k')).toBe('before');
    expect(warnings.filter((w) => /unavailable/.test(w))).toHaveLength(1);

    await proxy.restore();
    await eventually(() => available > 0);
    expect(await kv.get('k')).toBe('before');
    expect(warnings.at(-1)).toMatch(/available again/);
  });

  it('a command that gets no answer (blackholed) gives up after the short timeout', async () => {
    const redis = new URL(REDIS_URL as string);
    const proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
    proxies.push(proxy);
    const { cache: kv } = await cache(`redis://127.0.0.1:${proxy.port}`);
    await kv.set('k', 'v');
    await proxy.cut('blackhole');
    const started = Date.now();
    expect(await kv.get('k')).toBeUndefined();
    expect(await kv.get('k')).toBeUndefined(); // cooling off: no second wait
    expect(Date.now() - started).toBeLessThan(600);
  });
});
