import { createPrivateKey, createPublicKey, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/** jose 6 dropped its `KeyLike`; keys here are Web Crypto keys. */
export type KeyLike = CryptoKey;
export type TokenAlgorithm = 'EdDSA' | 'ES256';

/** The platform issuer's keys: every service verifies with `publicKey`; only the token tools sign. */
export interface TokenKeys {
  publicKey: KeyLike;
  privateKey: KeyLike | null;
  /** RFC 7638 thumbprint of the public key, sent as the `kid` header. */
  kid: string;
  alg: TokenAlgorithm;
}

export interface TokenKeyConfig {
  TOKEN_PUBLIC_KEY?: string | undefined;
  TOKEN_SIGNING_KEY?: string | undefined;
  DATA_DIR: string;
}

const PUBLIC_JWK_MEMBERS = ['kty', 'crv', 'x', 'y', 'n', 'e'] as const;

/** Node's view of a PEM or JWK JSON key; throws a short message when it is neither, or is of the wrong kind. */
export function readKeyText(text: string, kind: 'public' | 'private'): KeyObject {
  const pem = text.trimStart().startsWith('-----BEGIN');
  let jwk: JWK | undefined;
  if (!pem) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error('is neither a PEM key nor JWK JSON');
    }
    if (typeof parsed !== 'object' || parsed === null) throw new Error('is neither a PEM key nor JWK JSON');
    jwk = parsed;
  }
  const isPrivate = pem ? /PRIVATE KEY/.test(text) : jwk?.d !== undefined;
  if (kind === 'public' && isPrivate) throw new Error('is a private key; give the public key only');
  if (kind === 'private' && !isPrivate) throw new Error('is not a private key');
  const input = pem ? text : { key: jwk as JsonWebKey, format: 'jwk' as const };
  try {
    return kind === 'public' ? createPublicKey(input) : createPrivateKey(input);
  } catch (error) {
    throw new Error(`cannot be read as a key (${(error as Error).message})`, { cause: error });
  }
}

/** The platform signs with Ed25519 or P-256 only. */
export function tokenAlgorithmOf(key: KeyObject): TokenAlgorithm | null {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  return null;
}

function platformKey(text: string, kind: 'public' | 'private', variable: string): { jwk: JWK; alg: TokenAlgorithm } {
  let key: KeyObject;
  try {
    key = readKeyText(text, kind);
  } catch (error) {
    throw new Error(`${variable} ${(error as Error).message}`, { cause: error });
  }
  const alg = tokenAlgorithmOf(key);
  if (!alg) throw new Error(`${variable} must be an Ed25519 (EdDSA) or P-256 (ES256) key`);
  return { jwk: key.export({ format: 'jwk' }), alg };
}

const publicPart = (jwk: JWK): JWK => Object.fromEntries(PUBLIC_JWK_MEMBERS.filter((name) => jwk[name] !== undefined).map((name) => [name, jwk[name]]));

async function keysFrom(publicJwk: JWK, privateJwk: JWK | null, alg: TokenAlgorithm): Promise<TokenKeys> {
  const publicKey = (await importJWK(publicPart(publicJwk), alg, { extractable: true })) as KeyLike;
  const privateKey = privateJwk ? ((await importJWK(privateJwk, alg, { extractable: true })) as KeyLike) : null;
  return { publicKey, privateKey, kid: await calculateJwkThumbprint(publicPart(publicJwk)), alg };
}

const generated = new Map<string, Promise<TokenKeys>>();

/**
 * TOKEN_SIGNING_KEY and/or TOKEN_PUBLIC_KEY; when neither is set (embedded default), the key pair
 * in `$DATA_DIR/keys/token-signing-key.json`, generated on first use, so that every service started
 * on the same data folder verifies what `npm run token` signs.
 */
export async function resolveTokenKeys(config: TokenKeyConfig, warn: (message: string) => void = console.warn): Promise<TokenKeys> {
  const { TOKEN_PUBLIC_KEY: publicText, TOKEN_SIGNING_KEY: privateText } = config;
  if (privateText) {
    const signing = platformKey(privateText, 'private', 'TOKEN_SIGNING_KEY');
    const keys = await keysFrom(signing.jwk, signing.jwk, signing.alg);
    if (publicText) {
      const given = platformKey(publicText, 'public', 'TOKEN_PUBLIC_KEY');
      if ((await calculateJwkThumbprint(publicPart(given.jwk))) !== keys.kid) {
        throw new Error('TOKEN_PUBLIC_KEY is not the public half of TOKEN_SIGNING_KEY');
      }
    }
    return keys;
  }
  if (publicText) {
    const given = platformKey(publicText, 'public', 'TOKEN_PUBLIC_KEY');
    return keysFrom(given.jwk, null, given.alg);
  }
  const path = resolve(config.DATA_DIR, 'keys', 'token-signing-key.json');
  let keys = generated.get(path);
  if (!keys) {
    keys = loadOrCreateKeyFile(path, warn);
    generated.set(path, keys);
    keys.catch(() => generated.delete(path));
  }
  return keys;
}

async function loadOrCreateKeyFile(path: string, warn: (message: string) => void): Promise<TokenKeys> {
  if (!existsSync(path)) {
    const pair = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const jwk = { ...(await exportJWK(pair.privateKey)), alg: 'EdDSA' };
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Written aside and hard-linked into place: services starting together on one data folder
    // must all end up with the same key, never a half-written file.
    const temp = join(dirname(path), `.${randomUUID()}.tmp`);
    writeFileSync(temp, `${JSON.stringify(jwk, null, 2)}\n`, { mode: 0o600 });
    try {
      linkSync(temp, path);
      warn(
        `WARNING: Generated a token signing key at ${path}. Tokens signed with it are valid on every service using this data folder. ` +
          'Set TOKEN_SIGNING_KEY (token tools) and TOKEN_PUBLIC_KEY (services) in production.',
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      unlinkSync(temp);
    }
  }
  const { jwk, alg } = platformKey(readFileSync(path, 'utf8'), 'private', path);
  return keysFrom(jwk, jwk, alg);
}
