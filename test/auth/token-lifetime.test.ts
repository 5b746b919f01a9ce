import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../platform/auth/authenticate.ts';
import { authConfigSchema } from '../../platform/auth/config.ts';
import { loadConfig, type ConfigError } from '../../platform/config/load-config.ts';
import { silentLogger } from '../kit/loggers.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { AUDIENCE, bearer, ISSUER, keyPair, nowSeconds, type KeyPair } from '../kit/tokens.ts';

const HOUR = 3600;
const SERVICE_CLIENT = 'etl-loader';

interface Claims {
  sub: string;
  iat?: number;
  exp: number;
  jti?: string;
}

/** A platform-signed token with exactly these claims (no `jti` or `iat` unless given). */
function sign(pair: Pick<KeyPair, 'privateKey'>, claims: Claims): Promise<string> {
  const jwt = new SignJWT({ roles: ['clinician'], org: 'org-a', ...(claims.jti !== undefined ? { jti: claims.jti } : {}) })
    .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(claims.sub)
    .setExpirationTime(claims.exp);
  if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
  return jwt.sign(pair.privateKey);
}

describe('token lifetime and jti (authenticator)', () => {
  let pair: KeyPair;
  beforeAll(async () => {
    pair = await keyPair('EdDSA');
  });
  const authenticatorWith = (env: Record<string, string>) =>
    createAuthenticator({
      config: loadConfig(authConfigSchema, env),
      keys: { publicKey: pair.publicKey },
      logger: silentLogger(),
    });

  it('accepts a token exactly when it lives no longer than its subject may, by exp − iat and by exp − now', async () => {
    const authenticator = authenticatorWith({ TOKEN_MAX_LIFETIME: '1h', TOKEN_SERVICE_CLIENTS: `${SERVICE_CLIENT}=7d` });
    // Lifetimes spread around the bounds; the property only judges those whose measured lifetime is
    // well away from a bound (the verifier allows 30 s of clock skew).
    const seconds = fc.oneof(
      fc.integer({ min: 60, max: HOUR - 120 }),
      fc.integer({ min: HOUR + 120, max: 7 * 24 * HOUR - 120 }),
      fc.integer({ min: 7 * 24 * HOUR + 120, max: 400 * 24 * HOUR }),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('dr-who', SERVICE_CLIENT, '__proto__', 'constructor', 'toString'),
        seconds,
        fc.integer({ min: 0, max: 50 * 60 }),
        fc.boolean(),
        async (sub, lifetime, age, withIat) => {
          const now = nowSeconds();
          const exp = now - age + lifetime;
          fc.pre(exp > now + 60);
          const allowed = sub === SERVICE_CLIENT ? 7 * 24 * HOUR : HOUR;
          // Without iat only what is left (exp − now) can be measured.
          const measured = withIat ? lifetime : lifetime - age;
          fc.pre(Math.abs(measured - allowed) > 120);
          const token = await sign(pair, { sub, exp, jti: `t-${lifetime}`, ...(withIat ? { iat: now - age } : {}) });
          const outcome = await authenticator.authenticate(`Bearer ${token}`).then(
            () => 'accepted',
            (error: unknown) => (error as { reason?: string }).reason,
          );
          expect(outcome).toBe(measured <= allowed ? 'accepted' : 'token lifetime too long');
        },
      ),
      { numRuns: 150 },
    );
  });

  it('refuses a token without jti (or with an empty one) when TOKEN_REQUIRE_JTI is on, and accepts it when off', async () => {
    const exp = nowSeconds() + 600;
    const strict = authenticatorWith({ TOKEN_REQUIRE_JTI: 'true' });
    const lax = authenticatorWith({ TOKEN_REQUIRE_JTI: 'false' });
    for (const jti of [undefined, '']) {
      const token = await sign(pair, { sub: 'dr-who', exp, ...(jti !== undefined ? { jti } : {}) });
      await expect(strict.authenticate(`Bearer ${token}`)).rejects.toMatchObject({ reason: 'token has no jti' });
      expect((await lax.authenticate(`Bearer ${token}`)).jti).toBeNull();
    }
    expect((await strict.authenticate(`Bearer ${await sign(pair, { sub: 'dr-who', exp, jti: 'j-1' })}`)).jti).toBe('j-1');
  });

  it('rejects unreadable settings with one line each', () => {
    const problems = (() => {
      try {
        loadConfig(authConfigSchema, { TOKEN_MAX_LIFETIME: '1 week', TOKEN_SERVICE_CLIENTS: 'etl-loader', TOKEN_REQUIRE_JTI: 'yes' });
        return [];
      } catch (error) {
        return (error as ConfigError).problems;
      }
    })();
    expect(problems).toHaveLength(3);
    expect(problems.join('\n')).toMatch(/TOKEN_MAX_LIFETIME: .*invalid lifetime/);
    expect(problems.join('\n')).toMatch(/TOKEN_SERVICE_CLIENTS: must be comma-separated sub=lifetime pairs/);
    expect(problems.join('\n')).toMatch(/TOKEN_REQUIRE_JTI: must be true or false/);
  });

  it('defaults: 30 days and jti optional in development, 1 hour and jti required in production', () => {
    const saved = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      expect(loadConfig(authConfigSchema, {})).toMatchObject({ TOKEN_MAX_LIFETIME: HOUR, TOKEN_REQUIRE_JTI: true });
      process.env.NODE_ENV = 'development';
      expect(loadConfig(authConfigSchema, {})).toMatchObject({ TOKEN_MAX_LIFETIME: 30 * 24 * HOUR, TOKEN_REQUIRE_JTI: false });
    } finally {
      process.env.NODE_ENV = saved;
    }
  });
});

describe('token lifetime through HTTP: the gateway and both subgraphs refuse what lives too long or cannot be revoked', () => {
  let system: TestSystem;
  const env = { TOKEN_MAX_LIFETIME: '1h', TOKEN_REQUIRE_JTI: 'true' };
  beforeAll(async () => {
    system = await startSystem({ gatewayEnv: env, subgraphEnv: env });
  });
  afterAll(() => system.stop());

  it.each(['gateway', 'clinical', 'demographic'] as const)('%s', async (target) => {
    const client = system[target];
    const probe = '{ __typename }';
    expect(await client.request(probe, {}, bearer(await system.token({ ttl: '1h' })))).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    for (const [ttl, reason] of [
      ['2h', 'token lifetime too long'],
      ['30d', 'token lifetime too long'],
    ] as const) {
      const answer = await client.request(probe, {}, bearer(await system.token({ ttl })));
      expect(answer.status).toBe(401);
      expect(JSON.stringify(answer.errors)).toContain(reason);
    }
    const privateKey = system.keys.privateKey;
    if (!privateKey) throw new Error('the test issuer signs');
    const withoutJti = await sign({ privateKey }, { sub: 'dr-who', exp: nowSeconds() + 600 });
    const answer = await client.request(probe, {}, bearer(withoutJti));
    expect(answer.status).toBe(401);
    expect(JSON.stringify(answer.errors)).toContain('token has no jti');
  });
});
