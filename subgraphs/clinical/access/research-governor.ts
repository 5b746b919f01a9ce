import type { Principal } from '../../../platform/auth/principal.ts';
import { badInput } from '../../../platform/errors/errors.ts';
import { currentRequest } from '../../../platform/http/request-context.ts';
import { ConcurrencyGate } from '../../../platform/limits/concurrency-gate.ts';
import { AND_SIBLINGS, aqlTooComplex, queryTimeout, type ResearchLimits } from '../../../platform/limits/query-limits.ts';
import type { AqlShape } from '../aql/index.ts';
import { isCancelled, type ResearchResult, type ResearchRun } from '../store/research-store.ts';

export type ResearchKind = 'aql' | 'storedQuery' | 'cohort';

const DEADLINES: Record<ResearchKind, { limit: 'AQL_TIMEOUT_MS' | 'STORED_QUERY_TIMEOUT_MS' | 'COHORT_TIMEOUT_MS'; advice: string }> = {
  aql: { limit: 'AQL_TIMEOUT_MS', advice: 'narrow the query (an archetype, a template, fewer CONTAINS classes) or fetch fewer rows' },
  storedQuery: { limit: 'STORED_QUERY_TIMEOUT_MS', advice: 'pass narrower parameters or fetch fewer rows' },
  cohort: { limit: 'COHORT_TIMEOUT_MS', advice: 'narrow the cohort (a shorter period, fewer codes or groups)' },
};

/** The engine research statements run on: on PGlite, one thread (a copy of the primary, ended at the deadline). */
export type ResearchEngine = 'postgres' | 'pglite';

/** The shape limits of AQL, with the engine's AQL_MAX_AND_SIBLINGS when it is unset. */
type ShapeLimits = Pick<ResearchLimits, 'AQL_MAX_CONTAINS_CLASSES' | 'AQL_MAX_OR_BRANCHES' | 'AQL_MAX_UNANCHORED_LIKE'> & { AQL_MAX_AND_SIBLINGS: number };

/**
 * Research work of the whole service (ad-hoc AQL, stored queries, cohorts): refused before it runs
 * when its shape or planned cost is over a limit, run a few at a time (and fewer per caller), each
 * statement with its deadline and cancelled when its client goes away. On PGlite they run one at a
 * time whatever RESEARCH_POOL_SIZE says: they share one thread holding a copy of the primary
 * (pglite-research.ts), which runs one statement at a time.
 */
export class ResearchGovernor {
  private readonly gate: ConcurrencyGate;
  private readonly shapeLimits: ShapeLimits;

  constructor(
    readonly limits: ResearchLimits,
    engine: ResearchEngine,
  ) {
    const poolSize = engine === 'pglite' ? 1 : limits.RESEARCH_POOL_SIZE;
    this.gate = new ConcurrencyGate(poolSize, Math.min(poolSize, limits.RESEARCH_PER_CALLER), limits.RESEARCH_QUEUE_TIMEOUT_MS, () =>
      queryTimeout('RESEARCH_QUEUE_TIMEOUT_MS', limits.RESEARCH_QUEUE_TIMEOUT_MS, 'research queries of this service are all busy: retry shortly'),
    );
    this.shapeLimits = { ...limits, AQL_MAX_AND_SIBLINGS: limits.AQL_MAX_AND_SIBLINGS ?? AND_SIBLINGS[engine] };
  }

  /** Refuses an AQL query too costly to run: BAD_USER_INPUT for its paging, QUERY_TOO_COMPLEX for its shape. */
  checkShape(shape: AqlShape, apiOffset: number, maxRows: number): void {
    const { limits, shapeLimits } = this;
    if (shape.limit !== null && shape.limit > maxRows) {
      throw badInput(`LIMIT must be at most ${maxRows}, found ${shape.limit}`, { argument: 'query', limit: 'LIMIT', max: maxRows });
    }
    const offset = shape.offset + apiOffset;
    if (offset > limits.AQL_MAX_OFFSET) {
      const max = limits.AQL_MAX_OFFSET;
      throw badInput(`OFFSET must be at most ${max}, found ${offset}`, { argument: 'query', limit: 'AQL_MAX_OFFSET', max });
    }
    const counted: [keyof ShapeLimits, number, string][] = [
      ['AQL_MAX_CONTAINS_CLASSES', shape.classes, 'classes in FROM/CONTAINS'],
      ['AQL_MAX_AND_SIBLINGS', shape.andSiblings, 'classes side by side under one AND in CONTAINS'],
      ['AQL_MAX_OR_BRANCHES', shape.orBranches, 'OR branches'],
      ['AQL_MAX_UNANCHORED_LIKE', shape.unanchoredLikes, 'LIKE patterns starting with a wildcard'],
    ];
    for (const [limit, found, what] of counted) {
      if (found > shapeLimits[limit]) throw aqlTooComplex(limit, shapeLimits[limit], found, what);
    }
  }

  checkJoins(joins: number): void {
    if (joins > this.limits.AQL_MAX_JOINS) throw aqlTooComplex('AQL_MAX_JOINS', this.limits.AQL_MAX_JOINS, joins, 'joins once compiled');
  }

  /**
   * Runs one research statement for `caller` within the limits of its kind. `disclosed`: the
   * caller's numbers are suppressed or noised (a researcher), so a copy of the primary up to
   * RESEARCH_COPY_MAX_LAG_MS old serves them; anyone else reads everything committed.
   */
  async run<Row>(caller: Principal, kind: ResearchKind, disclosed: boolean, work: (run: ResearchRun) => Promise<ResearchResult<Row>>): Promise<Row[]> {
    const { limit, advice } = DEADLINES[kind];
    const signal = currentRequest()?.signal;
    const run: ResearchRun = {
      timeoutMs: this.limits[limit],
      maxPlanCost: kind === 'cohort' ? 0 : this.limits.AQL_MAX_PLAN_COST,
      signal,
      maxStalenessMs: disclosed ? this.limits.RESEARCH_COPY_MAX_LAG_MS : 0,
    };
    const result = await this.gate.run(
      `${caller.issuer} ${caller.sub}`,
      () =>
        work(run).catch((error: unknown) => {
          if (isCancelled(error) && !signal?.aborted) throw queryTimeout(limit, run.timeoutMs, advice);
          throw error;
        }),
      signal,
    );
    if (result.refused) throw aqlTooComplex('AQL_MAX_PLAN_COST', run.maxPlanCost, Math.round(result.planCost), 'planner cost units (EXPLAIN)');
    return result.rows;
  }
}
