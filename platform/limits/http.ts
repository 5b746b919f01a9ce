import type { CorsPolicy } from '../http/cors.ts';
import { createRateLimits, type RateLimitOptions, type RateLimits } from './rate-limit.ts';
import type { LimitsConfig } from './config.ts';

/** The limits `listen` applies before a request reaches Apollo. */
export interface HttpLimits {
  cors: CorsPolicy;
  rateLimits: RateLimits;
  /** Largest batch of operations in one POST; 0 leaves batches to Apollo, which refuses them. */
  maxBatchSize: number;
  maxBodyBytes: number;
}

/** Builds a service's HTTP limits (rate limits count in the service's Redis connection, when it has one). */
export function httpLimits(config: LimitsConfig, rateLimitOptions: RateLimitOptions): HttpLimits {
  return {
    cors: { origins: config.CORS_ORIGINS, allowCredentials: config.CORS_ALLOW_CREDENTIALS },
    rateLimits: createRateLimits(config, rateLimitOptions),
    maxBatchSize: config.GRAPHQL_MAX_BATCH,
    maxBodyBytes: config.HTTP_MAX_BODY_BYTES,
  };
}

/** Why a batched body is refused, or null (not a batch, or within the limit). */
export function batchProblem(body: unknown, maxBatchSize: number): string | null {
  if (!Array.isArray(body) || maxBatchSize === 0 || body.length <= maxBatchSize) return null;
  return `A batch may hold at most ${maxBatchSize} operations, found ${body.length}`;
}
