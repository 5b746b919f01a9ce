import { exportJWK, generateKeyPair } from 'jose';
import { resolveTokenKeys, type TokenKeys } from '../../platform/auth/config.ts';
import { signToken, type TokenRequest } from '../../platform/auth/tokens.ts';

export interface TestIssuer {
  /** The signing key stays with the tests; services get the public key through `authEnv`. */
  keys: TokenKeys;
  /** TOKEN_PUBLIC_KEY for every service that must verify this issuer's tokens. */
  authEnv: { TOKEN_PUBLIC_KEY: string };
  /** A token; defaults: sub `test-staff`, org `org-a`, roles clinician and registrar, 1 hour. */
  token: (claims?: Partial<TokenRequest>) => Promise<string>;
}

/** A throw-away token issuer with a fresh EdDSA key. */
export async function testIssuer(): Promise<TestIssuer> {
  const pair = await generateKeyPair('EdDSA', { extractable: true });
  const keys = await resolveTokenKeys({ TOKEN_SIGNING_KEY: JSON.stringify(await exportJWK(pair.privateKey)), DATA_DIR: '/nonexistent' });
  return {
    keys,
    authEnv: { TOKEN_PUBLIC_KEY: JSON.stringify(await exportJWK(pair.publicKey)) },
    token: (claims = {}) =>
      signToken(keys, {
        issuer: 'clinical-federation',
        audience: 'clinical-federation',
        sub: 'test-staff',
        org: 'org-a',
        roles: ['clinician', 'registrar'],
        ttl: '1h',
        ...claims,
      }),
  };
}
