import { isIP } from 'node:net';
import { z } from 'zod';
import { MAX_FETCH_ROWS, MAX_PAGE_SIZE } from '../../subgraphs/kit/graphql/pagination.ts';

const production = () => process.env.NODE_ENV === 'production';

/** A whole number in decimal digits within min..max. */
const count = (fallback: number | (() => number), min: number, max = Number.MAX_SAFE_INTEGER) => {
  const expected = max === Number.MAX_SAFE_INTEGER ? `must be a whole number >= ${min}` : `must be a whole number ${min}..${max}`;
  return z
    .string()
    .trim()
    .regex(/^\d+$/, expected)
    .transform(Number)
    .refine((value) => value >= min && value <= max, expected)
    .default(typeof fallback === 'number' ? () => fallback : fallback);
};

const flag = (fallback: () => boolean) =>
  z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .transform((value) => value === 'true')
    .default(fallback);

const commaList = (isValid: (item: string) => boolean, expected: string) =>
  z.string().transform((text, ctx) => {
    const items = text.split(',').map((item) => item.trim()).filter(Boolean);
    const bad = items.filter((item) => !isValid(item));
    if (bad.length > 0) {
      ctx.addIssue({ code: 'custom', message: `must be a comma-separated list of ${expected}; not valid: ${bad.join(', ')}` });
      return z.NEVER;
    }
    return items;
  });

/** An origin (`scheme://host[:port]`, nothing after), or one whose port is `*` (any port of that host). */
export function isOriginPattern(value: string): boolean {
  const exact = value.replace(/:\*$/, '');
  return URL.canParse(exact) && new URL(exact).origin === exact && /^https?:/.test(exact);
}

/** Any port of the loopback names: what a front-end under development runs on. */
export const LOCALHOST_ORIGINS = ['http://localhost:*', 'http://127.0.0.1:*', 'http://[::1]:*'];

/** Hard ceilings of the data layers: a setting may lower them, never raise them. */
export const MAX_PAGE_SIZE_CEILING = MAX_PAGE_SIZE;
export const MAX_FETCH_CEILING = MAX_FETCH_ROWS;

/**
 * Abuse limits of every service, to spread into its config schema like `authConfigFields`.
 * Defaults let every legitimate query of the platform through with room to spare; the README's
 * "Limits" section explains each and how to tune it.
 */
export const limitsConfigFields = {
  GRAPHQL_MAX_DEPTH: count(15, 1),
  GRAPHQL_MAX_ALIASES: count(60, 0),
  GRAPHQL_MAX_DIRECTIVES: count(20, 0),
  GRAPHQL_MAX_FIELD_REPEATS: count(10, 1),
  GRAPHQL_MAX_TOKENS: count(5000, 10),
  GRAPHQL_MAX_COST: count(500_000, 1),
  GRAPHQL_MAX_PAGE_SIZE: count(MAX_PAGE_SIZE_CEILING, 1, MAX_PAGE_SIZE_CEILING),
  GRAPHQL_MAX_FETCH: count(MAX_FETCH_CEILING, 1, MAX_FETCH_CEILING),
  GRAPHQL_MAX_BATCH: count(0, 0, 100),
  GRAPHQL_INTROSPECTION: flag(() => !production()),
  GRAPHQL_FIELD_SUGGESTIONS: flag(() => !production()),
  HTTP_MAX_BODY_BYTES: count(10 * 1024 * 1024, 1024),
  CORS_ORIGINS: commaList(isOriginPattern, 'origins such as https://app.example.org or http://localhost:*').default(() =>
    production() ? [] : LOCALHOST_ORIGINS,
  ),
  CORS_ALLOW_CREDENTIALS: flag(() => false),
  RATE_LIMIT_PER_CALLER: count(() => (production() ? 600 : 0), 0),
  RATE_LIMIT_PER_IP: count(() => (production() ? 1200 : 0), 0),
  RATE_LIMIT_WINDOW_SECONDS: count(60, 1, 86_400),
  RATE_LIMIT_EXEMPT_IPS: commaList((item) => isIP(item) !== 0, 'IP addresses').default([]),
};

export const limitsConfigSchema = z.object(limitsConfigFields);
export type LimitsConfig = z.infer<typeof limitsConfigSchema>;
