import { execFile } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../platform/auth/authenticate.ts';
import { authConfigSchema, resolveTokenKeys } from '../../platform/auth/config.ts';
import { loadConfig } from '../../platform/config/load-config.ts';
import { silentLogger } from '../kit/loggers.ts';
import { keyPair } from '../kit/tokens.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EHR_ID = '4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11';

function runToken(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/token.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run token', () => {
  it('prints only a token that the services accept, signed with the key generated under DATA_DIR', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
    const result = await runToken(
      [
        '--sub',
        'api-client',
        '--org',
        'org-a',
        '--role',
        'clinician',
        '--role',
        'nurse',
        '--scope',
        'user/composition.r user/ehr.r',
        '--ehr-id',
        EHR_ID,
        '--ttl',
        '12h',
      ],
      { DATA_DIR: dataDir },
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(result.stderr).toMatch(/Generated a token signing key/);
    const keyFile = join(dataDir, 'keys', 'token-signing-key.json');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);

    // A service on the same data folder verifies it.
    const keys = await resolveTokenKeys({ DATA_DIR: dataDir });
    const authenticator = createAuthenticator({ config: loadConfig(authConfigSchema, {}), keys, logger: silentLogger() });
    const principal = await authenticator.authenticate(`Bearer ${result.stdout.trim()}`);
    expect(principal).toMatchObject({
      sub: 'api-client',
      org: 'org-a',
      roles: ['clinician', 'nurse'],
      scopes: ['user/composition.r', 'user/ehr.r'],
      ehrId: EHR_ID,
      issuer: 'clinical-federation',
    });
    const lifetime = (principal.expiresAt as Date).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(11.9 * 3600_000);
    expect(lifetime).toBeLessThanOrEqual(12 * 3600_000);

    // The key is made once: a second run signs with it, silently.
    const again = await runToken(['--sub', 'b', '--org', 'org-a', '--role', 'admin', '--role', 'clinician', '--purpose', 'HOPERAT'], { DATA_DIR: dataDir });
    expect(again.stderr).toBe('');
    expect(await authenticator.authenticate(`Bearer ${again.stdout.trim()}`)).toMatchObject({ roles: ['admin', 'clinician'], purpose: 'HOPERAT' });
    expect(principal.purpose).toBeNull();
  });

  it('refuses a bad --ttl with exit code 2 and says why on stderr', async () => {
    const result = await runToken(['--sub', 'a', '--org', 'org-a', '--role', 'clinician', '--ttl', '3y'], {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'token-cli-')),
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Invalid ttl "3y".*30d/);
  });

  it('refuses missing or unknown options with exit code 2 and the usage', async () => {
    for (const args of [
      ['--org', 'org-a', '--role', 'x'],
      ['--sub', 'a', '--org', 'o'],
      ['--sub', 'a', '--org', 'o', '--role', 'x', '--bogus'],
      ['--sub', 'a', '--org', 'o', '--role', 'x', '--ehr-id', 'MRN-1'],
    ]) {
      const result = await runToken(args, { DATA_DIR: mkdtempSync(join(tmpdir(), 'token-cli-')) });
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/usage: npm run token/);
    }
  });

  it('signs with TOKEN_SIGNING_KEY when set, and stops with a clear message when only TOKEN_PUBLIC_KEY is', async () => {
    const pair = await keyPair('ES256');
    const dataDir = mkdtempSync(join(tmpdir(), 'token-cli-'));
    const signed = await runToken(['--sub', 'a', '--org', 'o', '--role', 'x'], { DATA_DIR: dataDir, TOKEN_SIGNING_KEY: JSON.stringify(pair.privateJwk) });
    expect(signed.code).toBe(0);
    const keys = await resolveTokenKeys({ DATA_DIR: dataDir, TOKEN_PUBLIC_KEY: JSON.stringify(pair.publicJwk) });
    expect(
      (await createAuthenticator({ config: loadConfig(authConfigSchema, {}), keys, logger: silentLogger() }).authenticate(`Bearer ${signed.stdout.trim()}`))
        .sub,
    ).toBe('a');
    const verifyOnly = await runToken(['--sub', 'a', '--org', 'o', '--role', 'x'], { DATA_DIR: dataDir, TOKEN_PUBLIC_KEY: JSON.stringify(pair.publicJwk) });
    expect(verifyOnly.code).toBe(1);
    expect(verifyOnly.stderr).toMatch(/TOKEN_SIGNING_KEY/);
  });
});
