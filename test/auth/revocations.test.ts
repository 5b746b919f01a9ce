import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../platform/observability/logger.ts';
import { createSharedBus, type SharedBus } from '../../platform/redis/bus.ts';
import { openRedisConnection, type RedisConnection } from '../../platform/redis/connection.ts';
import { RevocationList } from '../../platform/auth/revocations.ts';
import { recordingLogger, silentLogger } from '../kit/loggers.ts';
import { eventually } from '../kit/eventually.ts';
import { dropRedisKeys } from '../kit/redis-keys.ts';

const inAnHour = () => new Date(Date.now() + 3600_000);
const prefix = () => `test-${randomBytes(6).toString('hex')}:`;

const opened: { bus: SharedBus; list: RevocationList; redis: RedisConnection | undefined }[] = [];
async function replica(options: { redisUrl?: string | undefined; keyPrefix: string; logger?: Logger }) {
  const logger = options.logger ?? silentLogger();
  const redis = options.redisUrl ? await openRedisConnection(options.redisUrl, logger) : undefined;
  const bus = createSharedBus({ redis, keyPrefix: options.keyPrefix, logger });
  const list = new RevocationList({ bus, logger });
  await list.start();
  opened.push({ bus, list, redis });
  return list;
}

afterEach(async () => {
  for (const { bus, list, redis } of opened.splice(0)) {
    list.stop();
    await bus.close();
    await redis?.close();
  }
});

describe('revocation list, in-process bus', () => {
  it('a revoke on one list is seen at once by another in the same process, and not across prefixes', async () => {
    const keyPrefix = prefix();
    const [a, b, stranger] = [await replica({ keyPrefix }), await replica({ keyPrefix }), await replica({ keyPrefix: prefix() })];
    const jti = randomUUID();
    expect(b.isRevoked(jti)).toBe(false);
    await a.revoke(jti, inAnHour());
    expect(a.isRevoked(jti)).toBe(true);
    expect(b.isRevoked(jti)).toBe(true);
    expect(stranger.isRevoked(jti)).toBe(false);
  });

  it('loads revocations from the database, ignores those long expired, and prunes on expiry', async () => {
    const list = await replica({ keyPrefix: prefix() });
    await list.load([
      { jti: 'current', expiresAt: inAnHour() },
      { jti: 'old', expiresAt: new Date(Date.now() - 3600_000) },
    ]);
    expect(list.isRevoked('current')).toBe(true);
    expect(list.isRevoked('old')).toBe(false);
    list.prune(Date.now() + 2 * 3600_000);
    expect(list.isRevoked('current')).toBe(false);
  });

  it('hands revocations loaded from the database to services started later in the same process', async () => {
    const keyPrefix = prefix();
    const clinical = await replica({ keyPrefix });
    await clinical.load([{ jti: 'from-the-database', expiresAt: inAnHour() }]);
    const startedLater = await replica({ keyPrefix });
    expect(startedLater.isRevoked('from-the-database')).toBe(true);
    const otherSystem = await replica({ keyPrefix: prefix() });
    expect(otherSystem.isRevoked('from-the-database')).toBe(false);
  });
});

const REDIS_URL = process.env.REDIS_URL;

describe.skipIf(!REDIS_URL)('[redis] revocation list shared through Redis', () => {
  const keyPrefix = prefix();
  afterAll(() => dropRedisKeys(REDIS_URL, [keyPrefix]));

  it('a revoke on one replica reaches another replica', async () => {
    const [a, b] = [await replica({ redisUrl: REDIS_URL, keyPrefix }), await replica({ redisUrl: REDIS_URL, keyPrefix })];
    const jti = randomUUID();
    await a.revoke(jti, inAnHour());
    await eventually(() => b.isRevoked(jti), 3000); // messages cross Redis asynchronously
  });

  it('a replica started after a revoke loads it from Redis; expired entries are dropped', async () => {
    const a = await replica({ redisUrl: REDIS_URL, keyPrefix });
    const jti = randomUUID();
    await a.revoke(jti, inAnHour());
    const redis = new Redis(REDIS_URL as string);
    await redis.zadd(`${keyPrefix}revoked-tokens`, Date.now() - 3600_000, 'long-expired');
    await redis.quit();
    const late = await replica({ redisUrl: REDIS_URL, keyPrefix });
    expect(late.isRevoked(jti)).toBe(true);
    expect(late.isRevoked('long-expired')).toBe(false);
  });
});

describe('revocation list with Redis down', () => {
  it('degrades to the local list with a warning, never throwing', async () => {
    const { logger, warnings } = recordingLogger();
    const list = await replica({ redisUrl: 'redis://127.0.0.1:1', keyPrefix: prefix(), logger });
    const jti = randomUUID();
    await expect(list.revoke(jti, inAnHour())).resolves.toBeUndefined();
    expect(list.isRevoked(jti)).toBe(true);
    expect(list.isRevoked(randomUUID())).toBe(false);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.join('\n')).toMatch(/Redis/);
  }, 20_000);
});
