import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../platform/config/load-config.ts';
import { DEVELOPMENT_RESEARCH_NOISE_SECRET } from '../platform/config/production.ts';
import { configError } from './kit/config-errors.ts';
import { limitsConfigSchema } from '../platform/limits/config.ts';
import { researchLimitsSchema, statementLimitsConfigFields } from '../platform/limits/query-limits.ts';
import { z } from 'zod';
import { loadGatewayConfig } from '../gateway/config.ts';
import { loadClinicalConfig } from '../subgraphs/clinical/config.ts';
import { loadDemographicConfig } from '../subgraphs/demographic/config.ts';

const base64Key = randomBytes(32).toString('base64');
const hexKey = randomBytes(32).toString('hex');

/** Settings every subgraph has besides its own: token verification and the policy. */
const AUTH_DEFAULTS = {
  AUTH_ISSUER: 'clinical-federation',
  AUTH_AUDIENCE: 'clinical-federation',
  TOKEN_MAX_LIFETIME: 30 * 86_400,
  TOKEN_SERVICE_CLIENTS: new Map(),
  TOKEN_REQUIRE_JTI: false,
};
/** Abuse limits every service has (test/hardening/limits.test.ts checks their values). */
const LIMITS_DEFAULTS = loadConfig(limitsConfigSchema, {});
const STATEMENT_DEFAULTS = loadConfig(z.object(statementLimitsConfigFields), {});
const RESEARCH_DEFAULTS = { ...loadConfig(researchLimitsSchema, {}), RESEARCH_FALLBACK: 'primary' };
const POLICY_DEFAULT = { POLICY_PATH: expect.stringMatching(/\/policies$/) };
/** Cache settings (test/cache checks what they do). */
const COMPOSITION_CACHE_DEFAULTS = { COMPOSITION_CACHE_MAX_ENTRIES: 10_000, COMPOSITION_CACHE_TTL_SECONDS: 3600 };
const GATEWAY_CACHE_DEFAULTS = { APQ_TTL_SECONDS: 86_400 };

describe('defaults for an empty environment', () => {
  it('clinical: port 4001, loopback host, embedded store in ./data, system id clinical.local', () => {
    expect(loadClinicalConfig({})).toEqual({
      CLINICAL_PORT: 4001,
      HOST: '127.0.0.1',
      DATA_DIR: './data',
      SYSTEM_ID: 'clinical.local',
      ALLOW_COMMITS_WITHOUT_TEMPLATE: true,
      RESEARCH_NOISE_SECRET: DEVELOPMENT_RESEARCH_NOISE_SECRET,
      ...AUTH_DEFAULTS,
      ...LIMITS_DEFAULTS,
      ...STATEMENT_DEFAULTS,
      ...RESEARCH_DEFAULTS,
      ...POLICY_DEFAULT,
      ...COMPOSITION_CACHE_DEFAULTS,
    });
  });

  it('demographic: port 4002, loopback host, embedded store and key file in ./data', () => {
    expect(loadDemographicConfig({})).toEqual({
      DEMOGRAPHIC_PORT: 4002,
      HOST: '127.0.0.1',
      CLINICAL_URL: 'http://127.0.0.1:4001/graphql',
      DATA_DIR: './data',
      ...AUTH_DEFAULTS,
      ...LIMITS_DEFAULTS,
      ...STATEMENT_DEFAULTS,
      ...POLICY_DEFAULT,
    });
  });

  it('gateway: port 4000, loopback host, subgraphs on their default ports', () => {
    expect(loadGatewayConfig({})).toEqual({
      GATEWAY_PORT: 4000,
      HOST: '127.0.0.1',
      CLINICAL_URL: 'http://127.0.0.1:4001/graphql',
      DEMOGRAPHIC_URL: 'http://127.0.0.1:4002/graphql',
      DATA_DIR: './data',
      GATEWAY_SUBGRAPH_TIMEOUT_MS: 60_000,
      ...AUTH_DEFAULTS,
      ...LIMITS_DEFAULTS,
      ...GATEWAY_CACHE_DEFAULTS,
    });
  });

  it('an empty string counts as unset, even for settings that would be wrong or forbidden if set', () => {
    expect(
      loadClinicalConfig({
        CLINICAL_PORT: '',
        HOST: '',
        CLINICAL_DATABASE_URL: '',
        DATA_DIR: '',
        SYSTEM_ID: '',
        DEMOGRAPHIC_DATABASE_URL: '',
        LINK_ENCRYPTION_KEY: '',
      }),
    ).toEqual(loadClinicalConfig({}));
    expect(loadDemographicConfig({ DEMOGRAPHIC_PORT: '', DEMOGRAPHIC_DATABASE_URL: '', LINK_ENCRYPTION_KEY: '', CLINICAL_DATABASE_URL: '' })).toEqual(
      loadDemographicConfig({}),
    );
    expect(loadGatewayConfig({ GATEWAY_PORT: '', CLINICAL_URL: '', DEMOGRAPHIC_URL: '' })).toEqual(loadGatewayConfig({}));
  });

  it('ignores variables that belong to nobody (the rest of process.env)', () => {
    expect(loadGatewayConfig({ PATH: '/usr/bin', HOME: '/root', GATEWAY_PORT: '8080' })).toMatchObject({ GATEWAY_PORT: 8080 });
  });
});

describe('valid settings are taken', () => {
  it('clinical', () => {
    expect(
      loadClinicalConfig({
        CLINICAL_PORT: '0',
        HOST: '0.0.0.0',
        CLINICAL_DATABASE_URL: 'postgresql://clinical@db:5432/clinical',
        DATA_DIR: '/var/lib/clinical',
        SYSTEM_ID: 'clinical.example.org',
      }),
    ).toEqual({
      CLINICAL_PORT: 0,
      HOST: '0.0.0.0',
      CLINICAL_DATABASE_URL: 'postgresql://clinical@db:5432/clinical',
      DATA_DIR: '/var/lib/clinical',
      SYSTEM_ID: 'clinical.example.org',
      ALLOW_COMMITS_WITHOUT_TEMPLATE: true,
      RESEARCH_NOISE_SECRET: DEVELOPMENT_RESEARCH_NOISE_SECRET,
      ...AUTH_DEFAULTS,
      ...LIMITS_DEFAULTS,
      ...STATEMENT_DEFAULTS,
      ...RESEARCH_DEFAULTS,
      ...COMPOSITION_CACHE_DEFAULTS,
      ...POLICY_DEFAULT,
    });
  });

  it('demographic, with a base64 or a hex key', () => {
    for (const key of [base64Key, hexKey, hexKey.toUpperCase()]) {
      expect(
        loadDemographicConfig({ DEMOGRAPHIC_PORT: '65535', DEMOGRAPHIC_DATABASE_URL: 'postgres://demo@db/demographic', LINK_ENCRYPTION_KEY: key }),
      ).toEqual({
        DEMOGRAPHIC_PORT: 65535,
        HOST: '127.0.0.1',
        CLINICAL_URL: 'http://127.0.0.1:4001/graphql',
        DATA_DIR: './data',
        DEMOGRAPHIC_DATABASE_URL: 'postgres://demo@db/demographic',
        LINK_ENCRYPTION_KEY: key,
        ...AUTH_DEFAULTS,
        ...LIMITS_DEFAULTS,
        ...STATEMENT_DEFAULTS,
        ...POLICY_DEFAULT,
      });
    }
  });

  it('gateway', () => {
    expect(
      loadGatewayConfig({
        GATEWAY_PORT: '80',
        CLINICAL_URL: 'https://clinical.internal/graphql',
        DEMOGRAPHIC_URL: 'http://demographic:4002/graphql',
        GATEWAY_SUBGRAPH_TIMEOUT_MS: '90000',
      }),
    ).toEqual({
      GATEWAY_PORT: 80,
      HOST: '127.0.0.1',
      CLINICAL_URL: 'https://clinical.internal/graphql',
      DEMOGRAPHIC_URL: 'http://demographic:4002/graphql',
      DATA_DIR: './data',
      GATEWAY_SUBGRAPH_TIMEOUT_MS: 90_000,
      ...AUTH_DEFAULTS,
      ...LIMITS_DEFAULTS,
      ...GATEWAY_CACHE_DEFAULTS,
    });
  });
});

describe('several wrong settings at once: one line per wrong variable', () => {
  it('clinical', () => {
    const error = configError(() =>
      loadClinicalConfig({ CLINICAL_PORT: 'abc', CLINICAL_DATABASE_URL: 'mysql://x', SYSTEM_ID: 'a::b', HOST: 'fine', DATA_DIR: '/fine' }),
    );
    expect(error.name).toBe('ConfigError');
    expect(error.problems).toEqual([
      'CLINICAL_PORT: must be an integer 0..65535',
      'CLINICAL_DATABASE_URL: must be a postgres:// or postgresql:// URL',
      'SYSTEM_ID: must be a host-like name such as clinical.example.org (letters, digits, dots, dashes)',
    ]);
    expect(error.message).toBe(
      [
        'Invalid configuration:',
        '  - CLINICAL_PORT: must be an integer 0..65535',
        '  - CLINICAL_DATABASE_URL: must be a postgres:// or postgresql:// URL',
        '  - SYSTEM_ID: must be a host-like name such as clinical.example.org (letters, digits, dots, dashes)',
      ].join('\n'),
    );
  });

  it('demographic', () => {
    const error = configError(() => loadDemographicConfig({ DEMOGRAPHIC_PORT: '70000', DEMOGRAPHIC_DATABASE_URL: 'mysql://x', LINK_ENCRYPTION_KEY: 'short' }));
    expect(error.problems).toEqual([
      'DEMOGRAPHIC_PORT: must be an integer 0..65535',
      'DEMOGRAPHIC_DATABASE_URL: must be a postgres:// or postgresql:// URL',
      'LINK_ENCRYPTION_KEY: must be a 32-byte key: 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
    ]);
    expect(error.message.split('\n')).toHaveLength(1 + 3);
  });

  it('gateway, including a value that fails more than one check (still one line)', () => {
    const error = configError(() => loadGatewayConfig({ GATEWAY_PORT: '-1', CLINICAL_URL: 'ftp://x', DEMOGRAPHIC_URL: 'not a url' }));
    expect(error.problems).toEqual([
      'GATEWAY_PORT: must be an integer 0..65535',
      'CLINICAL_URL: must be an http(s) URL',
      'DEMOGRAPHIC_URL: must be an http(s) URL',
    ]);
    expect(error.message.split('\n')).toHaveLength(1 + 3);
  });

  it('every service together, with the forbidden cross-service settings', () => {
    expect(
      configError(() =>
        loadClinicalConfig({ CLINICAL_PORT: '4001.5', SYSTEM_ID: '-lead', DEMOGRAPHIC_DATABASE_URL: 'postgres://x/d', LINK_ENCRYPTION_KEY: base64Key }),
      ).problems.map((line) => line.split(':')[0]),
    ).toEqual(['CLINICAL_PORT', 'SYSTEM_ID', 'DEMOGRAPHIC_DATABASE_URL', 'LINK_ENCRYPTION_KEY']);
    expect(
      configError(() => loadDemographicConfig({ DEMOGRAPHIC_PORT: 'x', LINK_ENCRYPTION_KEY: 'short', CLINICAL_DATABASE_URL: 'postgres://x/c' })).problems.map(
        (line) => line.split(':')[0],
      ),
    ).toEqual(['DEMOGRAPHIC_PORT', 'LINK_ENCRYPTION_KEY', 'CLINICAL_DATABASE_URL']);
  });
});

describe('ports', () => {
  it.each(['0', '1', '4000', '65535', '08080', ' 80', '80\n'])('accepts %j', (value) => {
    expect(loadGatewayConfig({ GATEWAY_PORT: value }).GATEWAY_PORT).toBe(Number(value));
  });

  it.each(['abc', '70000', '65536', '-1', '1.5', '1e3', '0x50', ' ', '8 0', 'Infinity', '123456'])('rejects %j', (value) => {
    expect(configError(() => loadGatewayConfig({ GATEWAY_PORT: value })).problems).toEqual(['GATEWAY_PORT: must be an integer 0..65535']);
    expect(configError(() => loadClinicalConfig({ CLINICAL_PORT: value })).problems).toEqual(['CLINICAL_PORT: must be an integer 0..65535']);
    expect(configError(() => loadDemographicConfig({ DEMOGRAPHIC_PORT: value })).problems).toEqual(['DEMOGRAPHIC_PORT: must be an integer 0..65535']);
  });
});

describe('other values', () => {
  it.each(['mysql://x', 'http://db/x', 'postgres:/x', 'db:5432'])('rejects database URL %j', (value) => {
    expect(configError(() => loadClinicalConfig({ CLINICAL_DATABASE_URL: value })).problems).toEqual([
      'CLINICAL_DATABASE_URL: must be a postgres:// or postgresql:// URL',
    ]);
    expect(configError(() => loadDemographicConfig({ DEMOGRAPHIC_DATABASE_URL: value })).problems).toEqual([
      'DEMOGRAPHIC_DATABASE_URL: must be a postgres:// or postgresql:// URL',
    ]);
  });

  it.each(['a::b', '-lead', '.lead', 'with space', 'clinical/local', 'ünicode'])('rejects SYSTEM_ID %j', (value) => {
    expect(configError(() => loadClinicalConfig({ SYSTEM_ID: value })).problems).toEqual([
      'SYSTEM_ID: must be a host-like name such as clinical.example.org (letters, digits, dots, dashes)',
    ]);
  });

  it.each(['short', randomBytes(16).toString('base64'), randomBytes(33).toString('hex'), randomBytes(31).toString('hex')])(
    'rejects LINK_ENCRYPTION_KEY %j (not 32 bytes)',
    (value) => {
      expect(configError(() => loadDemographicConfig({ LINK_ENCRYPTION_KEY: value })).problems).toEqual([
        'LINK_ENCRYPTION_KEY: must be a 32-byte key: 64 hex characters or base64 (e.g. `openssl rand -base64 32`)',
      ]);
    },
  );

  it.each(['ftp://x', 'not a url', 'file:///etc/passwd', 'ws://clinical/graphql', '127.0.0.1:4001'])('rejects subgraph URL %j', (value) => {
    expect(configError(() => loadGatewayConfig({ CLINICAL_URL: value, DEMOGRAPHIC_URL: value })).problems).toEqual([
      'CLINICAL_URL: must be an http(s) URL',
      'DEMOGRAPHIC_URL: must be an http(s) URL',
    ]);
  });
});
