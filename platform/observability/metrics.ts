import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Cache look-ups of every cache in the process: `cacheEvents.inc({ cache: 'clinical.templates',
 * outcome: 'hit' })`. `cache` is a short fixed name (never a key); a process running several
 * services (`npm start`, tests) shares this one counter, which every service's /metrics shows as
 * `cache_events_total{cache, outcome}`.
 */
export const cacheEvents = new Counter<'cache' | 'outcome'>({
  name: 'cache_events_total',
  help: 'Cache look-ups by cache and outcome (hit, miss, or error: the cache store failed)',
  labelNames: ['cache', 'outcome'],
  registers: [],
});

/**
 * Process-wide metrics (CPU, memory, event loop, GC, and `cache_events_total`), created once per
 * process and appended to every service's /metrics.
 */
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    processRegistry.registerMetric(cacheEvents);
  }
  return processRegistry;
}

/** The same as a hook: `countCacheEvent({ cache: 'composition-version', outcome: 'hit' })` (fits platform/redis's CacheEventHook). */
export function countCacheEvent(event: { cache: string; outcome: 'hit' | 'miss' | 'error' }): void {
  cacheEvents.inc({ cache: event.cache, outcome: event.outcome });
}

export interface PoolStats {
  total: number;
  idle: number;
  waiting: number;
}

/** Distinct operation names kept as labels; past this, `other` (callers choose names, labels must stay bounded). */
const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const ROUTES = new Set(['/graphql', '/health', '/ready', '/metrics']);

/** One registry per service instance (tests run several services in one process). */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly operations = new Set<string>();
  private readonly requests: Counter<'operation' | 'type' | 'outcome'>;
  private readonly duration: Histogram<'operation' | 'type'>;
  private readonly errors: Counter<'code'>;
  private readonly responses: Counter<'route' | 'status'>;
  private readonly denials: Counter<'action' | 'subject'>;

  constructor(service: string) {
    processMetrics();
    const registers = [this.registry];
    this.registry.setDefaultLabels({ service });
    this.requests = new Counter({
      name: 'graphql_requests_total',
      help: 'GraphQL operations by operation name, type and outcome (success, or error when the response has errors)',
      labelNames: ['operation', 'type', 'outcome'],
      registers,
    });
    this.duration = new Histogram({
      name: 'graphql_request_duration_seconds',
      help: 'GraphQL operation latency, from request start to response',
      labelNames: ['operation', 'type'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.errors = new Counter({ name: 'graphql_errors_total', help: 'GraphQL errors by extensions.code', labelNames: ['code'], registers });
    this.responses = new Counter({
      name: 'http_responses_total',
      help: 'HTTP responses by route and status, including refusals before GraphQL runs (401, 413, 429)',
      labelNames: ['route', 'status'],
      registers,
    });
    this.denials = new Counter({
      name: 'authz_denials_total',
      help: 'Authorisation decisions that refused, by action and subject type',
      labelNames: ['action', 'subject'],
      registers,
    });
  }

  /** A bounded label for a caller-chosen operation name. */
  operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (this.operations.has(name)) return name;
    if (this.operations.size >= MAX_OPERATION_LABELS) return 'other';
    this.operations.add(name);
    return name;
  }

  countOperation(operation: string, type: string, seconds: number, errorCodes: readonly string[]): void {
    this.requests.inc({ operation, type, outcome: errorCodes.length ? 'error' : 'success' });
    this.duration.observe({ operation, type }, seconds);
    for (const code of errorCodes) this.errors.inc({ code });
  }

  countResponse(path: string, status: number): void {
    this.responses.inc({ route: ROUTES.has(path) ? path : 'other', status: String(status) });
  }

  countDenial(action: string, subject: string): void {
    this.denials.inc({ action, subject });
  }

  /** Gauges of a connection pool, read when /metrics is scraped. */
  observePool(stats: () => PoolStats): void {
    const gauge = (name: string, help: string, pick: (s: PoolStats) => number) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        collect() {
          this.set(pick(stats()));
        },
      });
    gauge('db_pool_connections', 'Connections the database pool holds (busy and idle)', (s) => s.total);
    gauge('db_pool_idle_connections', 'Idle connections in the database pool', (s) => s.idle);
    gauge('db_pool_waiting_requests', 'Queries waiting for a pool connection', (s) => s.waiting);
  }

  /** The text exposition format Prometheus scrapes. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    const [own, shared] = await Promise.all([this.registry.metrics(), processMetrics().metrics()]);
    return { contentType: this.registry.contentType, body: `${own}\n${shared}` };
  }
}
