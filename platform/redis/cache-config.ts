import { z } from 'zod';

/** A whole number of at least 1, in decimal digits. */
const atLeastOne = (fallback: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number of at least 1')
    .transform(Number)
    .refine((value) => value >= 1 && Number.isSafeInteger(value), 'must be a whole number of at least 1')
    .default(fallback);

/** Gateway cache settings (REDIS_URL comes with the auth settings). */
export const gatewayCacheConfigFields = {
  APQ_TTL_SECONDS: atLeastOne(86_400).meta({ description: 'seconds an automatic persisted query stays registered after its last registration' }),
};

/** Clinical subgraph cache settings of stored composition versions. */
export const compositionCacheConfigFields = {
  COMPOSITION_CACHE_MAX_ENTRIES: atLeastOne(10_000).meta({ description: 'composition versions kept per process (and in the in-process fallback)' }),
  COMPOSITION_CACHE_TTL_SECONDS: atLeastOne(3_600).meta({ description: 'lifetime in seconds of a cached version and of a latest-version pointer' }),
};
