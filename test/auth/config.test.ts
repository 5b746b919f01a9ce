import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportPKCS8, exportSPKI } from 'jose';
import { describe, expect, it } from 'vitest';
import { authConfigSchema, resolveTokenKeys } from '../../platform/auth/config.ts';
import { ConfigError, loadConfig } from '../../platform/config/load-config.ts';
import { keyPair } from '../kit/tokens.ts';

const load = (env: NodeJS.ProcessEnv) => loadConfig(authConfigSchema, env);
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    load(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('auth configuration', () => {
  it('defaults to the platform as issuer and audience, with nothing else set', () => {
    expect(load({})).toEqual({
      AUTH_ISSUER: 'clinical-federation',
      AUTH_AUDIENCE: 'clinical-federation',
      TOKEN_MAX_LIFETIME: 30 * 86_400,
      TOKEN_SERVICE_CLIENTS: new Map(),
      TOKEN_REQUIRE_JTI: false,
    });
  });

  it('takes trusted issuers with a JWKS URL or a public key', async () => {
    const pem = await exportSPKI((await keyPair('RS256')).publicKey);
    const trusted = [
      { issuer: 'https://idp.example', audience: 'api', jwksUrl: 'https://idp.example/jwks' },
      { issuer: 'local', audience: 'api', publicKey: pem, algorithms: ['RS256'] },
    ];
    expect(load({ TRUSTED_ISSUERS: JSON.stringify(trusted) }).TRUSTED_ISSUERS).toEqual(trusted);
  });

  it('says in one line what is wrong with TRUSTED_ISSUERS, REDIS_URL and the keys', async () => {
    const cases: [NodeJS.ProcessEnv, RegExp][] = [
      [{ TRUSTED_ISSUERS: 'not json' }, /^TRUSTED_ISSUERS: must be a JSON array .*not JSON$/],
      [{ TRUSTED_ISSUERS: '{}' }, /^TRUSTED_ISSUERS: must be a JSON array/],
      [{ TRUSTED_ISSUERS: '[{"issuer":"a","audience":"b"}]' }, /exactly one of jwksUrl or publicKey/],
      [{ TRUSTED_ISSUERS: '[{"issuer":"a","audience":"b","jwksUrl":"http://idp.example/jwks"}]' }, /\[0\.jwksUrl\] jwksUrl must be an https/],
      [{ TRUSTED_ISSUERS: '[{"issuer":"a","audience":"b","jwksUrl":"https://x/j","algorithms":["HS256"]}]' }, /\[0\.algorithms\.0\]/],
      [{ TRUSTED_ISSUERS: '[{"issuer":"a","audience":"b","publicKey":"nope"}]' }, /\[0\.publicKey\] is neither a PEM key nor JWK JSON/],
      [{ REDIS_URL: 'http://localhost:6379' }, /^REDIS_URL: must be a redis:\/\/ or rediss:\/\/ URL$/],
      [{ TOKEN_PUBLIC_KEY: 'garbage' }, /^TOKEN_PUBLIC_KEY: is neither a PEM key nor JWK JSON/],
      [{ TOKEN_PUBLIC_KEY: JSON.stringify((await keyPair()).privateJwk) }, /^TOKEN_PUBLIC_KEY: is a private key/],
      [{ TOKEN_SIGNING_KEY: JSON.stringify((await keyPair('RS256')).privateJwk) }, /^TOKEN_SIGNING_KEY: must be an Ed25519 \(EdDSA\) or P-256 \(ES256\) key$/],
    ];
    for (const [env, expected] of cases) {
      const found = problems(env);
      expect(found, JSON.stringify(env)).toHaveLength(1);
      expect(found[0], JSON.stringify(env)).toMatch(expected);
    }
  });
});

describe('token keys', () => {
  it('embedded default: one Ed25519 key file (0600) shared by every service on the data folder', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'keys-'));
    const warnings: string[] = [];
    const [a, b] = await Promise.all([resolveTokenKeys({ DATA_DIR: dataDir }, (m) => warnings.push(m)), resolveTokenKeys({ DATA_DIR: dataDir })]);
    expect(a.kid).toBe(b.kid);
    expect(a.alg).toBe('EdDSA');
    expect(warnings).toEqual([expect.stringMatching(/Generated a token signing key at .*token-signing-key\.json/)]);
    const file = join(dataDir, 'keys', 'token-signing-key.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ kty: 'OKP', crv: 'Ed25519', d: expect.any(String), x: expect.any(String) });
  });

  it('reads PEM keys, derives the public half from the signing key, and refuses a mismatched pair', async () => {
    const pair = await keyPair('ES256');
    const fromPem = await resolveTokenKeys({ DATA_DIR: '/nonexistent', TOKEN_SIGNING_KEY: await exportPKCS8(pair.privateKey) });
    const verifyOnly = await resolveTokenKeys({ DATA_DIR: '/nonexistent', TOKEN_PUBLIC_KEY: await exportSPKI(pair.publicKey) });
    expect(fromPem).toMatchObject({ alg: 'ES256', kid: verifyOnly.kid });
    expect(verifyOnly.privateKey).toBeNull();
    const other = await keyPair('ES256');
    await expect(
      resolveTokenKeys({ DATA_DIR: '/nonexistent', TOKEN_SIGNING_KEY: JSON.stringify(pair.privateJwk), TOKEN_PUBLIC_KEY: JSON.stringify(other.publicJwk) }),
    ).rejects.toThrow(/not the public half/);
  });
});
