import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../auth/principal.ts';
import type { Logger } from '../observability/logger.ts';
import { UNAVAILABLE, type RedisConnection } from '../redis/connection.ts';
import type { LimitsConfig } from './config.ts';

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
}

export interface RateLimitOptions {
  /** The service's Redis connection, shared by its replicas' counters; without it each process counts on its own. */
  redis?: RedisConnection | undefined;
  /** Key prefix in Redis: the bus prefix plus the service name, so that services and test systems never share counters. */
  keyPrefix: string;
  logger: Logger;
}

/** One budget: how many points, and a consume that answers with the refusal or null (go ahead). */
interface Budget {
  points: number;
  consume(key: string): Promise<RateLimiterRes | null>;
}

/**
 * Rate limits with rate-limiter-flexible: atomic counters in Redis when the service has a Redis
 * connection, each backed by an in-memory limiter that takes over (per process) while Redis is
 * unavailable, so an outage never fails a request. A budget of 0 turns that limit off.
 */
export function createRateLimits(config: LimitsConfig, options: RateLimitOptions): RateLimits {
  const duration = config.RATE_LIMIT_WINDOW_SECONDS;
  const byAddress = budget(config.RATE_LIMIT_PER_IP, `${options.keyPrefix}ratelimit:ip`, duration, options.redis);
  const byCaller = budget(config.RATE_LIMIT_PER_CALLER, `${options.keyPrefix}ratelimit:caller`, duration, options.redis);
  const exempt = new Set(config.RATE_LIMIT_EXEMPT_IPS.map(plainAddress));

  const consume = async (target: Budget | null, key: string, who: string): Promise<RateLimitRefusal | null> => {
    if (!target) return null;
    let refusal: RateLimiterRes | null;
    try {
      refusal = await target.consume(key);
    } catch (error) {
      options.logger.warn(`Rate limit not checked (${(error as Error).message}); request let through`);
      return null;
    }
    if (!refusal) return null;
    const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    return { message: `Too many requests from this ${who}: at most ${target.points} per ${duration} s. Retry in ${retryAfter} s.`, retryAfter };
  };

  return {
    async checkAddress(address) {
      const plain = plainAddress(address ?? 'unknown');
      return exempt.has(plain) ? null : consume(byAddress, plain, 'address');
    },
    checkCaller: (principal) => consume(byCaller, `${principal.issuer} ${principal.sub}`, 'caller'),
  };
}

/** `points` per `duration` s, counted in Redis, or in this process while the connection answers UNAVAILABLE; null when 0 (off). */
function budget(points: number, keyPrefix: string, duration: number, redis: RedisConnection | undefined): Budget | null {
  if (points === 0) return null;
  const memory = new RateLimiterMemory({ points, duration, keyPrefix });
  const shared = redis && new RateLimiterRedis({ storeClient: redis.client, points, duration, keyPrefix });
  return {
    points,
    async consume(key) {
      if (redis && shared) {
        const counted = await redis.run('rate limit', () => refusalOf(shared.consume(key)));
        if (counted !== UNAVAILABLE) return counted;
      }
      return refusalOf(memory.consume(key));
    },
  };
}

/** rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent, and with an Error when it could not count. */
export const refusalOf = (consumed: Promise<RateLimiterRes>): Promise<RateLimiterRes | null> =>
  consumed.then(
    () => null,
    (rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    },
  );

/** `::ffff:10.0.0.1` (IPv4 on a dual-stack socket) is the address 10.0.0.1. */
const plainAddress = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
