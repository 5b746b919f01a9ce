import { isIP } from 'node:net';
import { z } from 'zod';
import { count, flag, production } from '../config/settings.ts';
import { MAX_FETCH_ROWS, MAX_PAGE_SIZE } from './caps.ts';

const commaList = (isValid: (item: string) => boolean, expected: string) =>
  z.string().transform((text, ctx) => {
    const items = text
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
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
 * Defaults let every legitimate query of the platform through with room to spare; docs/operations.md
 * ("Limits") explains each and how to tune it.
 */
export const limitsConfigFields = {
  GRAPHQL_MAX_DEPTH: count(15, 1).meta({ description: 'deepest field nesting (the deepest legitimate query of the platform is 11)' }),
  GRAPHQL_MAX_ALIASES: count(60, 0).meta({ description: 'aliases in one operation (`__typename` aliases count too)' }),
  GRAPHQL_MAX_DIRECTIVES: count(20, 0).meta({ description: 'directives in one operation' }),
  GRAPHQL_MAX_FIELD_REPEATS: count(10, 1).meta({ description: 'copies of one field in one selection set' }),
  GRAPHQL_MAX_TOKENS: count(5000, 10).meta({ description: 'lexical tokens of a document (variables do not count)' }),
  GRAPHQL_MAX_COST: count(500_000, 1).meta({
    description: 'cost (fields × list sizes); 100 patients with their EHR and 5 compositions each with their entries (bench scenario 5) cost about 240,000',
  }),
  GRAPHQL_MAX_PAGE_SIZE: count(MAX_PAGE_SIZE_CEILING, 1, MAX_PAGE_SIZE_CEILING).meta({
    description: `largest \`first\`/\`last\`; may only lower the data layer's cap of ${MAX_PAGE_SIZE_CEILING}`,
  }),
  GRAPHQL_MAX_FETCH: count(MAX_FETCH_CEILING, 1, MAX_FETCH_CEILING).meta({
    description: `largest AQL \`fetch\`; may only lower the cap of ${MAX_FETCH_CEILING.toLocaleString('en')} rows`,
  }),
  GRAPHQL_MAX_BATCH: count(0, 0, 100).meta({ description: 'operations in one batched POST (a JSON array), at most 100; `0` refuses batches' }),
  GRAPHQL_INTROSPECTION: flag(() => !production()).meta({
    description: 'answer `__schema`/`__type` (and `_service` on subgraphs)',
    defaultText: '`true`, `false` when `NODE_ENV=production`',
  }),
  GRAPHQL_FIELD_SUGGESTIONS: flag(() => !production()).meta({
    description: 'keep "Did you mean …" in errors',
    defaultText: '`true`, `false` when `NODE_ENV=production`',
  }),
  HTTP_MAX_BODY_BYTES: count(10 * 1024 * 1024, 1024).meta({
    description: 'largest request body in bytes, at least 1024 (canonical compositions can be large)',
  }),
  CORS_ORIGINS: commaList(isOriginPattern, 'origins such as https://app.example.org or http://localhost:*')
    .default(() => (production() ? [] : LOCALHOST_ORIGINS))
    .meta({
      description:
        'comma-separated origins allowed to call from a browser; `:*` allows any port; `npm start` adds the web console’s origin to a list it is given (gateway and clinical)',
      defaultText: `\`${LOCALHOST_ORIGINS.join(',')}\`, none when \`NODE_ENV=production\``,
    }),
  CORS_ALLOW_CREDENTIALS: flag(() => false).meta({ description: 'send `access-control-allow-credentials: true`' }),
  RATE_LIMIT_PER_CALLER: count(() => (production() ? 600 : 0), 0).meta({
    description: 'requests per window per caller (issuer + `sub`)',
    defaultText: '`0` (off), `600` when `NODE_ENV=production`',
  }),
  RATE_LIMIT_PER_IP: count(() => (production() ? 1200 : 0), 0).meta({
    description: 'requests per window per client address',
    defaultText: '`0` (off), `1200` when `NODE_ENV=production`',
  }),
  RATE_LIMIT_WINDOW_SECONDS: count(60, 1, 86_400).meta({ description: 'length of the rate-limit window in seconds, at most 86400 (a day)' }),
  RATE_LIMIT_EXEMPT_IPS: commaList((item) => isIP(item) !== 0, 'IP addresses')
    .default([])
    .meta({ description: "comma-separated addresses the per-address limit skips (a subgraph: the gateway's)" }),
};

export const limitsConfigSchema = z.object(limitsConfigFields);
export type LimitsConfig = z.infer<typeof limitsConfigSchema>;
