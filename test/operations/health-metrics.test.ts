import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countCacheEvent, ServiceMetrics } from '../../platform/observability/metrics.ts';
import type { Database } from '../../subgraphs/kit/db/db.ts';
import { subgraphReadiness } from '../../subgraphs/kit/bootstrap/subgraph-readiness.ts';
import { usingRealPostgres } from '../kit/databases.ts';
import { freePort } from '../kit/ports.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

let system: TestSystem;
const at = (graphqlUrl: string, path: string) => new URL(path, graphqlUrl).toString();

async function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** `name{labels…} value` samples of a Prometheus exposition whose labels include every given one. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .filter((line) => Object.entries(labels).every(([key, value]) => line.includes(`${key}="${value}"`)))
    .map((line) => Number(line.slice(line.lastIndexOf(' ') + 1)));
}
const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

describe('/health and /ready', () => {
  it('every service is live and ready: subgraphs check their database and migrations, the gateway its supergraph', async () => {
    for (const client of [system.gateway, system.clinical, system.demographic]) {
      expect(await getJson(at(client.url, '/health'))).toEqual({ status: 200, body: { status: 'ok' } });
    }
    for (const client of [system.clinical, system.demographic]) {
      const ready = await getJson(at(client.url, '/ready'));
      expect(ready).toEqual({
        status: 200,
        body: { status: 'ready', checks: { database: { ok: true }, migrations: { ok: true, detail: expect.stringMatching(/^\d+ applied$/) } } },
      });
    }
    expect(await getJson(at(system.gateway.url, '/ready'))).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: { supergraph: { ok: true }, 'subgraph clinical': { ok: true, required: false }, 'subgraph demographic': { ok: true, required: false } },
      },
    });
  });

  it('a subgraph whose database lacks a migration of this build answers 503, naming it', async () => {
    const { rows } = await system.clinicalDb.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version DESC LIMIT 1');
    const latest = rows[0]?.version as string;
    await system.clinicalDb.query('DELETE FROM schema_migrations WHERE version = $1', [latest]);
    try {
      expect(await getJson(at(system.clinical.url, '/ready'))).toEqual({
        status: 503,
        body: {
          status: 'not ready',
          notReady: ['migrations'],
          checks: { database: { ok: true }, migrations: { ok: false, detail: `1 not applied: ${latest}` } },
        },
      });
      expect((await getJson(at(system.demographic.url, '/ready'))).status).toBe(200);
    } finally {
      await system.clinicalDb.query('INSERT INTO schema_migrations (version) VALUES ($1)', [latest]);
    }
    expect((await getJson(at(system.clinical.url, '/ready'))).status).toBe(200);
  });

  it('with a subgraph down, that subgraph is unreachable and the gateway stays ready, reporting it', async () => {
    await using partial = await startSystem();
    await partial.stopSubgraph('demographic');
    await expect(fetch(at(partial.demographic.url, '/ready'))).rejects.toThrow();
    expect(await getJson(at(partial.gateway.url, '/ready'))).toEqual({
      status: 200,
      body: {
        status: 'ready',
        checks: {
          supergraph: { ok: true },
          'subgraph clinical': { ok: true, required: false },
          'subgraph demographic': { ok: false, detail: 'not ready or unreachable', required: false },
        },
      },
    });
  });
});

describe('subgraph readiness checks against a database that fails', () => {
  const MIGRATIONS = new URL('../../subgraphs/clinical/migrations/', import.meta.url).pathname;
  const databaseWhere = (query: () => Promise<never>) => ({ query }) as unknown as Database;

  it('a database that hangs is not ready within the check bound, saying it timed out', async () => {
    const started = Date.now();
    const report = await subgraphReadiness(
      databaseWhere(() => new Promise<never>(() => undefined)),
      MIGRATIONS,
    )();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(report).toEqual({
      database: { ok: false, detail: 'timed out after 1000 ms' },
      migrations: { ok: false, detail: 'timed out after 1000 ms' },
    });
  });

  it('a database that refuses is unreachable, without its error text', async () => {
    const refuse = () => Promise.reject(new Error('connect ECONNREFUSED 10.1.2.3:5432 password=hunter2'));
    expect(await subgraphReadiness(databaseWhere(refuse), MIGRATIONS)()).toEqual({
      database: { ok: false, detail: 'unreachable' },
      migrations: { ok: false, detail: 'cannot be read' },
    });
  });
});

describe('/metrics', () => {
  it('counts operations by name, errors by code, refusals, authorisation denials and cache events', async () => {
    const ehrId = (await system.gateway.request(`mutation MetricsEhr { createEhr { id } }`)).data.createEhr.id as string;
    await system.gateway.request(`query MetricsRead($e: UUID!) { ehr(id: $e) { id } }`, { e: ehrId });
    await system.gateway.request(`query MetricsRead($e: UUID!) { ehr(id: $e) { id } }`, { e: ehrId });
    const outsider = `Bearer ${await system.token({ sub: 'dr-c', org: 'org-c', roles: ['clinician'] })}`;
    const refused = await system.gateway.request(`query MetricsOutsider($e: UUID!) { ehr(id: $e) { id } }`, { e: ehrId }, { authorization: outsider });
    expect(refused.data?.ehr ?? null).toBeNull();
    await system.gateway.request(`mutation MetricsBad($e: UUID!) { commitComposition(ehrId: $e, composition: {}) { uid } }`, { e: ehrId });
    await system.gateway.request(`{ __typename }`, {}, { authorization: 'Bearer not-a-token' });
    countCacheEvent({ cache: 'metrics-test', outcome: 'hit' });

    const gateway = await (await fetch(at(system.gateway.url, '/metrics'))).text();
    expect(samples(gateway, 'graphql_requests_total', { operation: 'MetricsRead', type: 'query', outcome: 'success', service: 'gateway' })).toEqual([2]);
    expect(samples(gateway, 'graphql_request_duration_seconds_count', { operation: 'MetricsRead', service: 'gateway' })).toEqual([2]);
    expect(samples(gateway, 'graphql_requests_total', { operation: 'MetricsBad', outcome: 'error' })).toEqual([1]);
    expect(total(samples(gateway, 'graphql_errors_total', { code: 'BAD_USER_INPUT', service: 'gateway' }))).toBeGreaterThanOrEqual(1);
    expect(samples(gateway, 'http_responses_total', { route: '/graphql', status: '401' })).toEqual([1]);
    expect(samples(gateway, 'cache_events_total', { cache: 'metrics-test', outcome: 'hit' })).toEqual([1]);
    expect(samples(gateway, 'process_resident_memory_bytes').length).toBe(1);

    const clinical = await (await fetch(at(system.clinical.url, '/metrics'))).text();
    expect(total(samples(clinical, 'authz_denials_total', { action: 'read', subject: 'Ehr', service: 'clinical' }))).toBeGreaterThanOrEqual(1);
    const denied = await system.clinicalDb.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_events WHERE NOT allowed AND sub = 'dr-c'`);
    expect(denied.rows[0]?.n).toBeGreaterThanOrEqual(1);
    expect(total(samples(clinical, 'graphql_requests_total', { service: 'clinical' }))).toBeGreaterThanOrEqual(4);
    // Query text and variables never become labels.
    expect(gateway + clinical).not.toContain(ehrId);
  });

  it.skipIf(!usingRealPostgres)('[postgres] reports the database pool of each subgraph', async () => {
    for (const client of [system.clinical, system.demographic]) {
      const text = await (await fetch(at(client.url, '/metrics'))).text();
      expect(samples(text, 'db_pool_connections')[0]).toBeGreaterThanOrEqual(1);
      expect(samples(text, 'db_pool_idle_connections')).toHaveLength(1);
      expect(samples(text, 'db_pool_waiting_requests')).toHaveLength(1);
    }
  });

  it('keeps operation labels bounded: unnamed, overlong, and names past the cap', async () => {
    await system.gateway.request(`{ __typename }`);
    await system.gateway.request(`query ${'L'.repeat(120)} { __typename }`);
    const text = await (await fetch(at(system.gateway.url, '/metrics'))).text();
    expect(samples(text, 'graphql_requests_total', { operation: 'anonymous', service: 'gateway' })).toEqual([1]);
    expect(samples(text, 'graphql_requests_total', { operation: 'other', service: 'gateway' })).toEqual([1]);

    const metrics = new ServiceMetrics('cap-test');
    const labels = Array.from({ length: 250 }, (_, i) => metrics.operationLabel(`Operation${i}`));
    expect(new Set(labels).size).toBe(201);
    expect(labels.slice(200).every((label) => label === 'other')).toBe(true);
    expect(metrics.operationLabel('Operation7')).toBe('Operation7');
  });

  it('in production, /metrics is not on the service port but on METRICS_PORT only', async () => {
    const metricsPort = await freePort();
    const production = await startSystem({ gatewayEnv: { NODE_ENV: 'production', METRICS_PORT: String(metricsPort) } });
    try {
      expect((await fetch(at(production.gateway.url, '/metrics'))).status).toBe(404);
      const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
      expect(scraped.status).toBe(200);
      expect(scraped.headers.get('content-type')).toContain('text/plain');
      expect(await scraped.text()).toContain('graphql_requests_total');
      expect((await fetch(`http://127.0.0.1:${metricsPort}/graphql`)).status).toBe(404);
    } finally {
      await production.stop();
    }
    await expect(fetch(`http://127.0.0.1:${metricsPort}/metrics`)).rejects.toThrow();
  });
});
