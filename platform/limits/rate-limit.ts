import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Principal } from '../auth/principal.ts';
import type { LimitsConfig } from './config.ts';
import type { Logger } from '../redis/bus.ts';

export interface RateLimitRefusal {
  message: string;
  /** Whole seconds until the caller or address has points again (at least 1). */
  retryAfter: number;
}

/** Per-address and per-caller request budgets of one service; null means go ahead. */
export interface RateLimits {
  /** Counts a request from `address` (before authentication, so floods of bad tokens count too). */
  checkAddress(address: string | undefined): Promise<RateLimitRefusal | null>;
  /** Counts a request of an authenticated caller, keyed by issuer and `sub`. */
  checkCaller(principal: Principal): Promise<RateLimitRefusal | null>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Redis shared by the replicas of the service; without it each process counts on its own. */
  redisUrl?: string | undefined;
  /** Key prefix in Redis: the bus prefix plus the service name, so that services and test systems never share counters. */
  keyPrefix: string;
  logger?: Logger;
}

const REDIS_TIMEOUT_MS = 500;

/**
 * Rate limits with rate-limiter-flexible: atomic counters in Redis when REDIS_URL is set, each
 * backed by an in-memory insurance limiter that takes over (per process) while Redis is down, so
 * an outage never fails a request. A budget of 0 turns that limit off.
 */
export function createRateLimits(config: LimitsConfig, options: RateLimitOptions): RateLimits {
  const logger = options.logger ?? console;
  const redis = options.redisUrl ? connect(options.redisUrl, logger) : null;
  const duration = config.RATE_LIMIT_WINDOW_SECONDS;
  const limiter = (points: number, name: string): RateLimiterAbstract | null => {
    if (points === 0) return null;
    const keyPrefix = `${options.keyPrefix}ratelimit:${name}`;
    const memory = new RateLimiterMemory({ points, duration, keyPrefix });
    if (!redis) return memory;
    return new RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, insuranceLimiter: memory, rejectIfRedisNotReady: true });
  };
  const byAddress = limiter(config.RATE_LIMIT_PER_IP, 'ip');
  const byCaller = limiter(config.RATE_LIMIT_PER_CALLER, 'caller');
  const exempt = new Set(config.RATE_LIMIT_EXEMPT_IPS.map(plainAddress));

  const consume = async (target: RateLimiterAbstract | null, key: string, who: string): Promise<RateLimitRefusal | null> => {
    if (!target) return null;
    try {
      await target.consume(key);
      return null;
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) {
        logger.warn(`Rate limit not checked (${(rejection as Error).message}); request let through`);
        return null;
      }
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      return { message: `Too many requests from this ${who}: at most ${target.points} per ${duration} s. Retry in ${retryAfter} s.`, retryAfter };
    }
  };

  return {
    async checkAddress(address) {
      const plain = plainAddress(address ?? 'unknown');
      return exempt.has(plain) ? null : consume(byAddress, plain, 'address');
    },
    checkCaller: (principal) => consume(byCaller, `${principal.issuer} ${principal.sub}`, 'caller'),
    async close() {
      redis?.disconnect();
    },
  };
}

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is the address 10.0.0.1. */
const plainAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');

/** Fails fast while Redis is down (no offline queue) so the insurance limiter answers at once. */
function connect(url: string, logger: Logger): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    connectTimeout: REDIS_TIMEOUT_MS * 4,
    commandTimeout: REDIS_TIMEOUT_MS,
    maxRetriesPerRequest: 0,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn(`WARNING: Redis (rate limits) unavailable: ${error.message}. Each process counts on its own until it is back.`);
  });
  redis.on('ready', () => {
    down = false;
  });
  return redis;
}
