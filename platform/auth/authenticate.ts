import type { KeyObject } from 'node:crypto';
import { createRemoteJWKSet, decodeJwt, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { Logger } from '../observability/logger.ts';
import { maxLifetimeOf, type AuthConfig } from './config.ts';
import { readKeyText, type KeyLike } from './keys.ts';
import type { Principal } from './principal.ts';
import { VerifiedTokens } from './verified-tokens.ts';

export type AuthFailureReason =
  | 'missing bearer token'
  | 'malformed token'
  | 'invalid signature'
  | 'unknown issuer'
  | 'wrong audience'
  | 'token expired'
  | 'token not yet valid'
  | 'token revoked'
  | 'token lifetime too long'
  | 'token has no jti'
  | 'issuer keys unavailable'
  | 'token roles span purposes: name one in the purpose claim'
  | 'unknown purpose'
  | 'token has no role of its purpose';

/** Why a request is unauthenticated, in one short phrase: callers are told nothing more. */
export class AuthenticationError extends Error {
  constructor(readonly reason: AuthFailureReason) {
    super(`Unauthenticated: ${reason}`);
    this.name = 'AuthenticationError';
  }
}

export interface Authenticator {
  /** The verified caller of an `Authorization` header value; throws `AuthenticationError`. */
  authenticate(authorization: string | undefined): Promise<Principal>;
}

export interface AuthenticatorOptions {
  config: Pick<AuthConfig, 'AUTH_ISSUER' | 'AUTH_AUDIENCE' | 'TRUSTED_ISSUERS' | 'TOKEN_MAX_LIFETIME' | 'TOKEN_SERVICE_CLIENTS' | 'TOKEN_REQUIRE_JTI'>;
  keys: { publicKey: KeyLike };
  revocations?: { isRevoked(jti: string): boolean };
  logger: Logger;
}

interface IssuerSource {
  issuer: string;
  audience: string;
  algorithms: string[];
  key: KeyLike | KeyObject | JWTVerifyGetKey;
  remote: boolean;
}

const PLATFORM_ALGORITHMS = ['EdDSA', 'ES256'];
const DEFAULT_TRUSTED_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];
const CLOCK_TOLERANCE_SECONDS = 30;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

export function createAuthenticator({ config, keys, revocations, logger }: AuthenticatorOptions): Authenticator {
  const sources = new Map<string, IssuerSource>();
  for (const trusted of config.TRUSTED_ISSUERS ?? []) {
    const key = trusted.jwksUrl ? createRemoteJWKSet(new URL(trusted.jwksUrl), { timeoutDuration: 5000 }) : readKeyText(trusted.publicKey ?? '', 'public');
    sources.set(trusted.issuer, {
      issuer: trusted.issuer,
      audience: trusted.audience,
      algorithms: trusted.algorithms ?? DEFAULT_TRUSTED_ALGORITHMS,
      key,
      remote: trusted.jwksUrl !== undefined,
    });
  }
  // The platform's own issuer wins over a trusted entry of the same name.
  sources.set(config.AUTH_ISSUER, {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    algorithms: PLATFORM_ALGORITHMS,
    key: keys.publicKey,
    remote: false,
  });

  const verified = new VerifiedTokens(CLOCK_TOLERANCE_SECONDS * 1000);
  const notRevoked = (principal: Principal) => {
    if (principal.jti !== null && revocations?.isRevoked(principal.jti)) throw new AuthenticationError('token revoked');
    return principal;
  };

  return {
    async authenticate(authorization) {
      const token = bearerToken(authorization);
      const known = verified.get(token);
      if (known) return notRevoked(known);
      const source = sources.get(unverifiedIssuer(token));
      if (!source) throw new AuthenticationError('unknown issuer');
      let payload: JWTPayload;
      try {
        const options = {
          issuer: source.issuer,
          audience: source.audience,
          algorithms: source.algorithms,
          requiredClaims: ['exp', 'sub'],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
        };
        const result = typeof source.key === 'function' ? await jwtVerify(token, source.key, options) : await jwtVerify(token, source.key, options);
        payload = result.payload;
      } catch (error) {
        throw failure(error, source, logger);
      }
      const principal = toPrincipal(payload);
      refuseUnrevocable(payload, principal, config);
      verified.remember(token, principal);
      return notRevoked(principal);
    },
  };
}

/**
 * A token must be revocable: it carries a `jti` (required when TOKEN_REQUIRE_JTI is on) and lives no
 * longer than its subject's maximum lifetime, so a revocation kept that long outlives it.
 */
function refuseUnrevocable(payload: JWTPayload, principal: Principal, config: AuthenticatorOptions['config']): void {
  if (config.TOKEN_REQUIRE_JTI && principal.jti === null) throw new AuthenticationError('token has no jti');
  const max = maxLifetimeOf(config, principal.sub) + CLOCK_TOLERANCE_SECONDS;
  const exp = payload.exp ?? 0;
  const now = Math.floor(Date.now() / 1000);
  if (exp - now > max || (typeof payload.iat === 'number' && exp - payload.iat > max)) throw new AuthenticationError('token lifetime too long');
}

function bearerToken(authorization: string | undefined): string {
  const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization?.trim() ?? '');
  if (!match || match[1]?.toLowerCase() !== 'bearer') throw new AuthenticationError('missing bearer token');
  const token = match[2] ?? '';
  if (!COMPACT_JWS.test(token)) throw new AuthenticationError('malformed token');
  return token;
}

function unverifiedIssuer(token: string): string {
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch {
    throw new AuthenticationError('malformed token');
  }
  if (typeof payload.iss !== 'string') throw new AuthenticationError('unknown issuer');
  return payload.iss;
}

function failure(error: unknown, source: IssuerSource, logger: Logger): unknown {
  if (error instanceof errors.JWTExpired) return new AuthenticationError('token expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return new AuthenticationError('token not yet valid');
    if (error.claim === 'aud') return new AuthenticationError('wrong audience');
    if (error.claim === 'iss') return new AuthenticationError('unknown issuer');
    return new AuthenticationError('malformed token');
  }
  if (error instanceof errors.JWSInvalid || error instanceof errors.JWTInvalid) return new AuthenticationError('malformed token');
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JOSEAlgNotAllowed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys ||
    error instanceof errors.JOSENotSupported
  ) {
    return new AuthenticationError('invalid signature');
  }
  if (source.remote) {
    // The issuer's JWKS could not be fetched or read: fail closed, and tell the operator why.
    logger.warn(`Could not get a trusted issuer's keys: ${(error as Error).message}`);
    return new AuthenticationError('issuer keys unavailable');
  }
  return error;
}

function words(value: unknown): string[] | null {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return null;
}

/** HL7's code system of PurposeOfUse codes (v3 ActReason), by URL or OID, as a claim may prefix the code with it. */
const ACT_REASON_SYSTEM = /^(?:http:\/\/terminology\.hl7\.org\/CodeSystem\/v3-ActReason|urn:oid:2\.16\.840\.1\.113883\.5\.8)[|#]/;

/** The code of a `purpose` claim: `TREAT`, or `TREAT` qualified by its code system (`…/v3-ActReason|TREAT`). */
const purposeCode = (claim: string | null) => (claim === null ? null : claim.trim().replace(ACT_REASON_SYSTEM, ''));

function toPrincipal(payload: JWTPayload): Principal {
  if (typeof payload.sub !== 'string' || payload.sub === '') throw new AuthenticationError('malformed token');
  const text = (name: string) => (typeof payload[name] === 'string' ? payload[name] : null);
  // A purpose that cannot be read must not fall back to "the purpose of the roles".
  if (payload.purpose !== undefined && typeof payload.purpose !== 'string') throw new AuthenticationError('malformed token');
  return {
    sub: payload.sub,
    org: text('org'),
    roles: words(payload.roles) ?? [],
    // A `scope` claim that cannot be read narrows to nothing rather than to "no narrowing".
    scopes: payload.scope === undefined ? null : (words(payload.scope) ?? []),
    jti: text('jti') || null,
    ehrId: text('ehrId'),
    purpose: purposeCode(text('purpose')),
    issuer: payload.iss ?? '',
    expiresAt: typeof payload.exp === 'number' ? new Date(payload.exp * 1000) : null,
  };
}
