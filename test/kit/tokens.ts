/**
 * Every token the tests and benchmarks make: a throw-away platform issuer that signs as the token
 * tools do (`testIssuer`), and hand-crafted tokens for attack tests (any key, algorithm or claims,
 * unsigned, HS256 keyed with a public key).
 */
import { createHmac, randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { resolveTokenKeys, type TokenKeys } from '../../platform/auth/config.ts';
import { signToken, type TokenRequest } from '../../platform/auth/tokens.ts';

export const ISSUER = 'clinical-federation';
export const AUDIENCE = 'clinical-federation';

export type Headers = Record<string, string>;
export const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });
export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

// ---------------------------------------------------------------------------------------------
// The throw-away platform issuer

/** What a test token carries unless the call says otherwise. */
export const STAFF_CLAIMS = { sub: 'test-staff', org: 'org-a', roles: ['clinician', 'registrar'], ttl: '1h' } satisfies Partial<TokenRequest>;

export type TokenClaims = Partial<TokenRequest>;

export interface TestIssuer {
  /** The signing key stays with the tests; services get the public key through `authEnv`. */
  keys: TokenKeys;
  /** TOKEN_PUBLIC_KEY for every service that must verify this issuer's tokens. */
  authEnv: { TOKEN_PUBLIC_KEY: string };
  /** A platform token; defaults: `defaults` given to `testIssuer`, then STAFF_CLAIMS (sub `test-staff`, org `org-a`, clinician and registrar, 1 hour). */
  token: (claims?: TokenClaims) => Promise<string>;
}

/** Signs platform tokens with `keys` (e.g. the key a service generated in its DATA_DIR). */
export function tokenSigner(keys: TokenKeys, defaults: TokenClaims = {}): (claims?: TokenClaims) => Promise<string> {
  return (claims = {}) => signToken(keys, { issuer: ISSUER, audience: AUDIENCE, ...STAFF_CLAIMS, ...defaults, ...claims });
}

/** A throw-away platform issuer with a fresh EdDSA key. */
export async function testIssuer(defaults: TokenClaims = {}): Promise<TestIssuer> {
  const pair = await keyPair('EdDSA');
  const keys = await resolveTokenKeys({ TOKEN_SIGNING_KEY: JSON.stringify(pair.privateJwk), DATA_DIR: '/nonexistent' });
  return { keys, authEnv: { TOKEN_PUBLIC_KEY: JSON.stringify(pair.publicJwk) }, token: tokenSigner(keys, defaults) };
}

// ---------------------------------------------------------------------------------------------
// Hand-crafted tokens

export interface KeyPair {
  alg: 'EdDSA' | 'ES256' | 'RS256';
  publicKey: CryptoKey;
  privateKey: CryptoKey;
  publicJwk: JWK;
  privateJwk: JWK;
}

/** A fresh extractable key pair, with both halves as JWKs. */
export async function keyPair(alg: KeyPair['alg'] = 'EdDSA'): Promise<KeyPair> {
  const pair = await generateKeyPair(alg, { extractable: true });
  return { ...pair, alg, publicJwk: await exportJWK(pair.publicKey), privateJwk: await exportJWK(pair.privateKey) };
}

/** What a crafted token claims unless told otherwise: everything, so that accepting it by mistake would matter. */
const ATTACKER_CLAIMS = { sub: 'attacker', org: 'org-a', roles: ['admin', 'clinician', 'registrar'] };

/** A JWT signed with any key and algorithm, with any claims (defaults: platform issuer and audience, an hour, ATTACKER_CLAIMS). */
export function craftToken(privateKey: CryptoKey, alg: string, claims: JWTPayload = {}, kid?: string): Promise<string> {
  return new SignJWT({ roles: ATTACKER_CLAIMS.roles, org: ATTACKER_CLAIMS.org, ...claims })
    .setProtectedHeader({ alg, typ: 'JWT', ...(kid ? { kid } : {}) })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setSubject(claims.sub ?? ATTACKER_CLAIMS.sub)
    .setJti(claims.jti ?? randomUUID())
    .setIssuedAt(nowSeconds() - 300)
    .setExpirationTime(claims.exp ?? nowSeconds() + 3600)
    .sign(privateKey);
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const attackerPayload = (claims: JWTPayload) => b64({ iss: ISSUER, aud: AUDIENCE, exp: nowSeconds() + 3600, ...ATTACKER_CLAIMS, ...claims });

/** `alg: none`, hand-written: valid claims, empty signature. */
export const unsignedToken = (claims: JWTPayload = {}): string => `${b64({ alg: 'none', typ: 'JWT' })}.${attackerPayload(claims)}.`;

/** HS256 keyed with `secret`, e.g. the public key's bytes (the classic algorithm-confusion attack). */
export function hs256Token(secret: string | Buffer, claims: JWTPayload = {}): string {
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${attackerPayload(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
}

/** The (unverified) claims of a compact token. */
export const claimsOf = (token: string): JWTPayload => JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as JWTPayload;

/** The jti of a compact token (unverified). */
export const jtiOf = (token: string): string => String(claimsOf(token).jti);
