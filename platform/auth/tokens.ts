import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { TokenKeys } from './keys.ts';

export interface TokenRequest {
  issuer: string;
  audience: string;
  sub: string;
  org: string | null;
  roles: string[];
  /** SMART scopes, space-separated; omitted → the token does not narrow the roles. */
  scope?: string | undefined;
  /** Launch context for `patient/` scopes. */
  ehrId?: string | undefined;
  /** Purpose of use (HL7 v3 PurposeOfUse code, e.g. TREAT); omitted → the one purpose of the roles. */
  purpose?: string | undefined;
  /** Lifetime: `30d`, `12h`, `15m`, `3600s`, or seconds as a number. */
  ttl: string | number;
}

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds of a lifetime written as a positive integer and one unit: `30d`, `12h`, `15m`, `3600s`. */
export function parseTtl(text: string): number {
  const match = /^(\d{1,9})([smhd])$/.exec(text.trim());
  const seconds = match ? Number(match[1]) * (UNIT_SECONDS[match[2] ?? ''] ?? 0) : 0;
  if (seconds <= 0) throw new Error(`Invalid ttl "${text}": expected a positive number followed by s, m, h or d (e.g. 30d, 12h, 15m, 3600s)`);
  return seconds;
}

/** A compact JWT signed with the platform's private key, carrying a fresh `jti` for revocation. */
export async function signToken(keys: TokenKeys, request: TokenRequest): Promise<string> {
  if (!keys.privateKey) throw new Error('No token signing key: set TOKEN_SIGNING_KEY (only TOKEN_PUBLIC_KEY is configured)');
  const ttl = typeof request.ttl === 'number' ? request.ttl : parseTtl(request.ttl);
  if (!Number.isInteger(ttl) || ttl <= 0) throw new Error(`Invalid ttl ${ttl}: expected a positive whole number of seconds`);
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { roles: request.roles };
  if (request.org !== null) claims.org = request.org;
  if (request.scope !== undefined) claims.scope = request.scope;
  if (request.ehrId !== undefined) claims.ehrId = request.ehrId;
  if (request.purpose !== undefined) claims.purpose = request.purpose;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: keys.alg, kid: keys.kid, typ: 'JWT' })
    .setIssuer(request.issuer)
    .setAudience(request.audience)
    .setSubject(request.sub)
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .sign(keys.privateKey);
}
