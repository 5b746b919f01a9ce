import { z } from 'zod';
import { dataDir } from '../config/load-config.ts';
import { flag, production } from '../config/settings.ts';
import { readKeyText, tokenAlgorithmOf } from './keys.ts';
import { parseTtl } from './tokens.ts';

export { resolveTokenKeys, type KeyLike, type TokenKeys } from './keys.ts';

export const DEFAULT_ISSUER = 'clinical-federation';

/** Asymmetric signatures only: no `none`, no HS* (whose secret would be the public key). */
export const TRUSTED_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function keyProblem(text: string, kind: 'public' | 'private', platform: boolean): string | null {
  try {
    const key = readKeyText(text, kind);
    if (platform && !tokenAlgorithmOf(key)) return 'must be an Ed25519 (EdDSA) or P-256 (ES256) key';
    return null;
  } catch (error) {
    return `${(error as Error).message} (expected ${kind === 'public' ? 'PEM SPKI' : 'PEM PKCS8'} or JWK JSON)`;
  }
}

const keyText = (kind: 'public' | 'private', platform: boolean) =>
  z.string().superRefine((text, ctx) => {
    const problem = keyProblem(text, kind, platform);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** https, or plain http on loopback only (a JWKS fetched in clear text from elsewhere could be swapped). */
const jwksUrl = z.string().refine((value) => {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}, 'jwksUrl must be an https:// URL (http:// only on loopback)');

export const trustedIssuerSchema = z
  .strictObject({
    issuer: z.string().min(1),
    audience: z.string().min(1),
    jwksUrl: jwksUrl.optional(),
    publicKey: keyText('public', false).optional(),
    algorithms: z.array(z.enum(TRUSTED_ALGORITHMS)).min(1).optional(),
  })
  .refine((entry) => (entry.jwksUrl === undefined) !== (entry.publicKey === undefined), 'give exactly one of jwksUrl or publicKey');

export type TrustedIssuer = z.infer<typeof trustedIssuerSchema>;

const TRUSTED_ISSUERS_SHAPE = 'must be a JSON array of {"issuer","audience","jwksUrl"} or {"issuer","audience","publicKey"} objects (optional "algorithms")';

const trustedIssuers = z.string().transform((text, ctx): TrustedIssuer[] => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${TRUSTED_ISSUERS_SHAPE}; it is not JSON` });
    return z.NEVER;
  }
  const result = z.array(trustedIssuerSchema).safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `[${issue.path.join('.')}] ` : '';
  ctx.addIssue({ code: 'custom', message: `${TRUSTED_ISSUERS_SHAPE}; ${where}${issue?.message ?? 'invalid'}` });
  return z.NEVER;
});

export const redisUrl = z
  .string()
  .refine((value) => /^rediss?:\/\//.test(value) && URL.canParse(value), 'must be a redis:// or rediss:// URL')
  .optional();

/** A lifetime written as `1h`, `30d`, `15m` or `3600s`, in seconds. */
const lifetime = (fallback: () => string) =>
  z
    .string()
    .default(fallback)
    .transform((text, ctx) => {
      try {
        return parseTtl(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^Invalid ttl/, 'invalid lifetime') });
        return z.NEVER;
      }
    });

/** `sub=lifetime` pairs, comma-separated: the service clients allowed longer-lived tokens than users. */
const serviceClients = z.string().transform((text, ctx): ReadonlyMap<string, number> => {
  const clients = new Map<string, number>();
  for (const pair of text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)) {
    const match = /^([^=\s]+)=(\S+)$/.exec(pair);
    try {
      if (!match) throw new Error(`"${pair}" is not sub=lifetime`);
      clients.set(match[1] ?? '', parseTtl(match[2] ?? ''));
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: `must be comma-separated sub=lifetime pairs (e.g. etl-loader=7d); ${(error as Error).message}` });
      return z.NEVER;
    }
  }
  return clients;
});

/**
 * Authentication settings of every service, to spread into its config schema
 * (`z.object({ ...ownFields, ...authConfigFields })`). Key files go under the service's DATA_DIR.
 */
export const authConfigFields = {
  AUTH_ISSUER: z.string().min(1).default(DEFAULT_ISSUER).meta({ description: "`iss` of the platform's own tokens" }),
  AUTH_AUDIENCE: z.string().min(1).default(DEFAULT_ISSUER).meta({ description: '`aud` every accepted token must carry' }),
  TOKEN_PUBLIC_KEY: keyText('public', true).optional().meta({
    description:
      "public key (PEM SPKI or JWK JSON, Ed25519 or P-256) that verifies the platform's tokens; unset → the key pair in `$DATA_DIR/keys/token-signing-key.json`, generated on first start with a warning",
    defaultText: 'generated',
  }),
  TOKEN_SIGNING_KEY: keyText('private', true).optional().meta({
    description:
      'private key (PEM PKCS8 or JWK JSON) that signs tokens, for the token tools; `npm start` never hands it to a service, and a service refuses it in production (services only verify)',
    defaultText: 'generated',
  }),
  TRUSTED_ISSUERS: trustedIssuers.optional().meta({
    description:
      'JSON array of external issuers: `[{"issuer":"https://idp.example","audience":"clinical","jwksUrl":"https://idp.example/jwks"}]` (or `"publicKey"` instead of `jwksUrl`; optional `"algorithms"`)',
  }),
  TOKEN_MAX_LIFETIME: lifetime(() => (production() ? '1h' : '30d')).meta({
    description:
      'longest lifetime a token may have (`exp` − `iat`, and `exp` − now): longer ones are refused as `token lifetime too long`; `npm run token` refuses to sign them',
    defaultText: '`30d`, `1h` when `NODE_ENV=production`',
  }),
  TOKEN_SERVICE_CLIENTS: serviceClients
    .default(() => new Map<string, number>())
    .meta({
      description:
        'comma-separated `sub=lifetime` pairs (`etl-loader=7d,bench=1d`): named service clients whose tokens may live longer than `TOKEN_MAX_LIFETIME`',
      defaultText: 'none',
    }),
  TOKEN_REQUIRE_JTI: flag(production).meta({
    description: 'refuse tokens without a `jti` (such tokens could not be revoked)',
    defaultText: '`false`, `true` when `NODE_ENV=production`',
  }),
  REDIS_URL: redisUrl.meta({
    description:
      'Redis (`redis://…` or `rediss://…`) that carries token revocations, policy reloads, caches and rate-limit counters between replicas; unset → in-process (one process, as `npm start`)',
  }),
};

export const authConfigSchema = z.object(authConfigFields);
export type AuthConfig = z.infer<typeof authConfigSchema>;

/** What the token tools (`npm run token`, `npm start`) read: the auth settings and the data folder. */
export const tokenToolConfigSchema = z.object({ ...authConfigFields, DATA_DIR: dataDir });
export type TokenToolConfig = z.infer<typeof tokenToolConfigSchema>;

/** The longest lifetime, in seconds, a token of `sub` may have. */
export const maxLifetimeOf = (config: Pick<AuthConfig, 'TOKEN_MAX_LIFETIME' | 'TOKEN_SERVICE_CLIENTS'>, sub: string): number =>
  config.TOKEN_SERVICE_CLIENTS.get(sub) ?? config.TOKEN_MAX_LIFETIME;

/** The longest lifetime any token may have: how long a revocation must be kept. */
export const longestLifetime = (config: Pick<AuthConfig, 'TOKEN_MAX_LIFETIME' | 'TOKEN_SERVICE_CLIENTS'>): number =>
  Math.max(config.TOKEN_MAX_LIFETIME, ...config.TOKEN_SERVICE_CLIENTS.values());
