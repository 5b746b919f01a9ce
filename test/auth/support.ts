import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import type { TokenKeys } from '../../platform/auth/config.ts';
import { bearer, craftToken, hs256Token, keyPair, nowSeconds, unsignedToken } from '../kit/tokens.ts';

export interface FailureContext {
  /** The verifier's platform keys (signing key included). */
  keys: TokenKeys;
  /** A valid token of the platform whose jti has been revoked. */
  revokedToken: string;
}

export interface FailureCase {
  name: string;
  reason: string;
  headers: (context: FailureContext) => Promise<Record<string, string>>;
}

const platformToken = async ({ keys }: FailureContext, claims: JWTPayload) => bearer(await craftToken(keys.privateKey as CryptoKey, keys.alg, claims));

/** Every way a caller must be refused by a verifier whose platform issuer has `keys`. */
export const FAILURE_CASES: FailureCase[] = [
  { name: 'no Authorization header', reason: 'missing bearer token', headers: async () => ({}) },
  { name: 'Basic scheme', reason: 'missing bearer token', headers: async () => ({ authorization: `Basic ${Buffer.from('admin:admin').toString('base64')}` }) },
  { name: 'garbage token', reason: 'malformed token', headers: async () => bearer('not-a-jwt') },
  { name: 'three segments of garbage', reason: 'malformed token', headers: async () => bearer('abc.def.ghi') },
  {
    name: 'signed by another key',
    reason: 'invalid signature',
    headers: async ({ keys }) => bearer(await craftToken((await keyPair()).privateKey, 'EdDSA', {}, keys.kid)),
  },
  { name: 'alg none', reason: 'invalid signature', headers: async () => bearer(unsignedToken()) },
  {
    name: 'HS256 keyed with the public key (SPKI PEM)',
    reason: 'invalid signature',
    headers: async ({ keys }) => bearer(hs256Token(await exportSPKI(keys.publicKey))),
  },
  {
    name: 'HS256 keyed with the public key (raw bytes)',
    reason: 'invalid signature',
    headers: async ({ keys }) => bearer(hs256Token(Buffer.from((await exportJWK(keys.publicKey)).x ?? '', 'base64url'))),
  },
  { name: 'expired', reason: 'token expired', headers: (context) => platformToken(context, { exp: nowSeconds() - 120 }) },
  { name: 'not yet valid', reason: 'token not yet valid', headers: (context) => platformToken(context, { nbf: nowSeconds() + 600 }) },
  { name: 'wrong audience', reason: 'wrong audience', headers: (context) => platformToken(context, { aud: 'another-api' }) },
  {
    name: 'unknown issuer',
    reason: 'unknown issuer',
    headers: async () => bearer(await craftToken((await keyPair()).privateKey, 'EdDSA', { iss: 'https://evil.example' })),
  },
  { name: 'empty sub', reason: 'malformed token', headers: (context) => platformToken(context, { sub: '' }) },
  { name: 'revoked', reason: 'token revoked', headers: async ({ revokedToken }) => bearer(revokedToken) },
  {
    name: 'forged identity headers without a token',
    reason: 'missing bearer token',
    headers: async () => ({ 'x-user-id': 'admin', 'x-user': 'admin', 'x-org': 'org-a', 'x-roles': 'admin', 'x-forwarded-user': 'admin' }),
  },
];

export interface HttpAnswer {
  status: number;
  headers: Headers;
  // Loosely typed on purpose: tests read bodies loosely.
  body: any;
}

export async function post(url: string, query: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** A JWKS endpoint on loopback, as an external identity provider would publish it. */
export async function serveJwks(jwks: { keys: JWK[] }) {
  let requests = 0;
  const server = createServer((_request, response) => {
    requests += 1;
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
