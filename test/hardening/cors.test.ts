import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config/load-config.ts';
import { configProblems } from '../kit/config-errors.ts';
import { LOCALHOST_ORIGINS, limitsConfigSchema } from '../../platform/limits/config.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const APP = 'https://app.example.org';
const EVIL = 'https://evil.example';

/** The gateway serves one configured front-end with credentials; the subgraphs keep the development default (localhost). */
let system: TestSystem;
beforeAll(async () => {
  system = await startSystem({ gatewayEnv: { CORS_ORIGINS: `${APP}, https://admin.example.org`, CORS_ALLOW_CREDENTIALS: 'true' } });
});
afterAll(async () => {
  await system?.stop();
});

const preflight = (url: string, origin: string) =>
  fetch(url, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
  });

const post = async (url: string, origin: string, token?: string) =>
  fetch(url, {
    method: 'POST',
    headers: { origin, 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query: '{ __typename }' }),
  });

const corsHeaders = (response: Response) => Object.fromEntries([...response.headers].filter(([name]) => name.startsWith('access-control-')));

describe('gateway with CORS_ORIGINS', () => {
  it('answers the preflight of an allowed origin: 204, its origin, methods, headers and credentials spelled out', async () => {
    const response = await preflight(system.gateway.url, APP);
    expect(response.status).toBe(204);
    expect(corsHeaders(response)).toEqual({
      'access-control-allow-origin': APP,
      'access-control-allow-credentials': 'true',
      'access-control-allow-methods': 'GET, POST, OPTIONS',
      'access-control-allow-headers': 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id',
      'access-control-expose-headers': 'retry-after, x-request-id',
      'access-control-max-age': '600',
    });
    expect(response.headers.get('vary')).toContain('Origin');
  });

  it.each([EVIL, 'https://app.example.org.evil.example', 'http://app.example.org', 'null', 'http://localhost:5173'])(
    'gives no CORS header to %s, on the preflight or the request',
    async (origin) => {
      const answer = await preflight(system.gateway.url, origin);
      expect(answer.status).toBe(204);
      expect(corsHeaders(answer)).toEqual({});
      expect(corsHeaders(await post(system.gateway.url, origin, await system.token()))).toEqual({});
    },
  );

  it('lets the allowed front-end read answers, refusals included', async () => {
    const ok = await post(system.gateway.url, APP, await system.token());
    expect(await ok.json()).toEqual({ data: { __typename: 'Query' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(APP);
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const unauthenticated = await post(system.gateway.url, APP);
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(APP);
  });
});

describe('subgraphs with the development default', () => {
  it.each(['clinical', 'demographic'] as const)('%s: any localhost port is allowed, without credentials; others are not', async (name) => {
    const url = system[name].url;
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:3000', 'http://localhost']) {
      const response = await preflight(url, origin);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin'), origin).toBe(origin);
      expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    }
    expect(corsHeaders(await preflight(url, APP))).toEqual({});
    expect(corsHeaders(await preflight(url, 'https://localhost:5173'))).toEqual({});
  });
});

describe('CORS configuration', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig(limitsConfigSchema, env);

  it('localhost in development, nothing in production, unless CORS_ORIGINS says otherwise', () => {
    expect(load({}).CORS_ORIGINS).toEqual(LOCALHOST_ORIGINS);
    const saved = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      expect(load({}).CORS_ORIGINS).toEqual([]);
      expect(load({ CORS_ORIGINS: `${APP},http://localhost:*` }).CORS_ORIGINS).toEqual([APP, 'http://localhost:*']);
    } finally {
      process.env.NODE_ENV = saved;
    }
  });

  it('refuses anything that is not an origin, in one line naming the bad entries', () => {
    expect(configProblems(() => load({ CORS_ORIGINS: `${APP}, https://app.example.org/path, *, ftp://files.example` }))).toEqual([
      'CORS_ORIGINS: must be a comma-separated list of origins such as https://app.example.org or http://localhost:*; not valid: https://app.example.org/path, *, ftp://files.example',
    ]);
  });
});
