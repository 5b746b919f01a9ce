import { Redis } from 'ioredis';

/** Deletes every Redis key under the run's prefixes, so that a bench run leaves nothing behind. */
export async function dropRedisKeys(url: string, prefixes: Iterable<string>): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const prefix of prefixes) {
      for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 1000 })) {
        if ((keys as string[]).length) await redis.unlink(...(keys as string[]));
      }
    }
  } finally {
    redis.disconnect();
  }
}
