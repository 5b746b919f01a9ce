import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Principal } from '../../../platform/auth/principal.ts';
import { platformError } from '../../../platform/errors/errors.ts';
import { refusalOf } from '../../../platform/limits/rate-limit.ts';
import { UNAVAILABLE, type RedisConnection } from '../../../platform/redis/connection.ts';
import type { ResearchLimits } from '../../kit/authz/types.ts';

/** A caller's research queries in the current window. */
export interface BudgetStanding {
  queries: number;
  windowSeconds: number;
  remaining: number;
  /** When the window ends; null when the caller spent nothing in it. */
  resetsAt: Date | null;
}

/** Whether a budget applies to the caller: only to callers under disclosure control, and only when the policy sets one. */
const budgeted = (limits: ResearchLimits): boolean => limits.suppressed && limits.budget.queries !== 0;

/**
 * The research query budget (policy `research.budget`): every cohort or AQL query of a caller
 * under disclosure control spends one point of a window; once spent, research queries are refused
 * with RESEARCH_BUDGET_EXHAUSTED until the window ends. Counted in Redis, so that replicas share
 * it, and in this process while Redis is unavailable (each replica then counts on its own).
 */
export class ResearchBudget {
  private readonly limiters = new Map<string, { memory: RateLimiterAbstract; shared: RateLimiterAbstract | undefined }>();

  constructor(
    private readonly redis: RedisConnection | undefined,
    private readonly keyPrefix: string,
  ) {}

  /** Spends one query of the caller's budget, or throws RESEARCH_BUDGET_EXHAUSTED. */
  async spend(principal: Principal, limits: ResearchLimits): Promise<void> {
    const { queries, windowSeconds } = limits.budget;
    if (!budgeted(limits)) return;
    const refusal = await this.onCounter(principal, limits, (counter, key) => refusalOf(counter.consume(key)));
    if (!refusal) return;
    const retryAfter = Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
    throw platformError(
      'RESEARCH_BUDGET_EXHAUSTED',
      `Research query budget spent: at most ${queries} research queries per ${windowSeconds} s. Retry in ${retryAfter} s.`,
      { retryAfter, budget: queries, windowSeconds },
    );
  }

  /** What is left of the caller's budget, spending nothing; null when no budget applies to them. */
  async standing(principal: Principal, limits: ResearchLimits): Promise<BudgetStanding | null> {
    const { queries, windowSeconds } = limits.budget;
    if (!budgeted(limits)) return null;
    const spent = await this.onCounter(principal, limits, (counter, key) => counter.get(key));
    return {
      queries,
      windowSeconds,
      remaining: Math.max(0, queries - (spent?.consumedPoints ?? 0)),
      resetsAt: spent ? new Date(Date.now() + spent.msBeforeNext) : null,
    };
  }

  /** `use` on the caller's counter: in Redis, or in this process while Redis is unavailable. */
  private async onCounter<T>(principal: Principal, limits: ResearchLimits, use: (counter: RateLimiterAbstract, key: string) => Promise<T>): Promise<T> {
    const { memory, shared } = this.limiter(limits.budget.queries, limits.budget.windowSeconds);
    const key = `${principal.issuer} ${principal.sub}`;
    const inRedis = this.redis && shared ? await this.redis.run('research budget', () => use(shared, key)) : UNAVAILABLE;
    return inRedis === UNAVAILABLE ? use(memory, key) : inRedis;
  }

  /** One limiter per (points, window): a policy reload that changes the budget starts new counters. */
  private limiter(points: number, duration: number) {
    const name = `${points}:${duration}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const keyPrefix = `${this.keyPrefix}research-budget:${name}`;
      limiter = {
        memory: new RateLimiterMemory({ points, duration, keyPrefix }),
        shared: this.redis && new RateLimiterRedis({ storeClient: this.redis.client, points, duration, keyPrefix }),
      };
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}
