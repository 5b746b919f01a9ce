import { Redis } from 'ioredis';

/** Deletes every key under `prefixes` at `url` (a run leaves nothing behind); does nothing without a URL. */
export async function dropRedisKeys(url: string | undefined, prefixes: Iterable<string>): Promise<void> {
  if (!url) return;
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
