import { isDatabaseUnavailable } from '../../../platform/errors/db-errors.ts';
import type { Database, Queryable } from '../../kit/db/db.ts';

/** How one research statement runs: its deadline, the planner's ceiling, and the caller's signal. */
export interface ResearchRun {
  timeoutMs: number;
  /** Refuse (before running) a statement the planner estimates above this cost; 0: not checked. */
  maxPlanCost: number;
  signal: AbortSignal | undefined;
  /** How old a copy of the primary the statement may read (PGlite research, see pglite-research.ts); 0: the latest. */
  maxStalenessMs: number;
}

export type ResearchResult<Row> = { refused: false; rows: Row[] } | { refused: true; planCost: number };

/** SQLSTATE 57014: the statement was cancelled, by its deadline or by pg_cancel_backend. */
export const isCancelled = (error: unknown): boolean => error instanceof Error && (error as { code?: unknown }).code === '57014';

/**
 * Research statements (AQL, stored queries, cohorts) on the research database: the primary's own
 * pool, a pool of its own, or a read replica (see service.ts). Each runs in a read-only
 * transaction with its deadline, after the planner's estimate was checked.
 */
export class ResearchStore {
  /** `fallback`: where to run when `db` (a replica) cannot be reached; null answers SERVICE_UNAVAILABLE. */
  constructor(
    private readonly db: Database,
    private readonly fallback: Database | null,
  ) {}

  async run<Row>(run: ResearchRun, statement: Statement): Promise<ResearchResult<Row>> {
    try {
      return await runOn<Row>(this.db, run, statement);
    } catch (error) {
      if (!this.fallback || !isDatabaseUnavailable(error)) throw error;
      return runOn<Row>(this.fallback, run, statement);
    }
  }
}

type Statement = (tx: Queryable) => Promise<{ sql: string; params: unknown[] }>;

function runOn<Row>(db: Database, run: ResearchRun, statement: Statement): Promise<ResearchResult<Row>> {
  return db.transaction(
    async (tx) => {
      if (db.engine === 'postgres') await tx.query('SET TRANSACTION READ ONLY');
      const { sql, params } = await statement(tx);
      if (run.maxPlanCost > 0) {
        const planCost = await estimatedCost(tx, sql, params);
        if (planCost > run.maxPlanCost) return { refused: true, planCost };
      }
      return { refused: false, rows: (await tx.query<Row>(sql, params)).rows };
    },
    { timeoutMs: run.timeoutMs, signal: run.signal, maxStalenessMs: run.maxStalenessMs },
  );
}

/** The planner's total cost of `sql` (EXPLAIN without ANALYZE: nothing runs). */
async function estimatedCost(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, params);
  const plan = rows[0]?.['QUERY PLAN'];
  const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
  const cost = Array.isArray(parsed) ? (parsed[0] as { Plan?: { 'Total Cost'?: unknown } } | undefined)?.Plan?.['Total Cost'] : undefined;
  return typeof cost === 'number' ? cost : 0;
}
