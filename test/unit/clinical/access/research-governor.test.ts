import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { principal } from '../../../kit/principals.ts';
import { loadConfig } from '../../../../platform/config/load-config.ts';
import { researchLimitsSchema } from '../../../../platform/limits/query-limits.ts';
import { ResearchGovernor, type ResearchEngine } from '../../../../subgraphs/clinical/access/research-governor.ts';

const caller = (sub: string) => principal({ sub, issuer: 'test' });

/** Starts `callers.length` research statements at once and returns the most that ran together. */
async function mostAtOnce(engine: ResearchEngine, poolSize: number, callers: string[]): Promise<number> {
  const limits = loadConfig(researchLimitsSchema, { RESEARCH_POOL_SIZE: String(poolSize), RESEARCH_PER_CALLER: '100', RESEARCH_QUEUE_TIMEOUT_MS: '60000' });
  const governor = new ResearchGovernor(limits, engine);
  let running = 0;
  let most = 0;
  const statement = async () => {
    running += 1;
    most = Math.max(most, running);
    await new Promise((resolve) => setImmediate(resolve));
    running -= 1;
    return { refused: false as const, rows: [] };
  };
  await Promise.all(callers.map((sub) => governor.run(caller(sub), 'aql', false, statement)));
  return most;
}

describe('research statements at once, by engine', () => {
  const callers = fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: 1, maxLength: 12 });

  it('PGlite runs one at a time whatever RESEARCH_POOL_SIZE says; PostgreSQL up to the pool', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), callers, async (poolSize, subs) => {
        expect(await mostAtOnce('pglite', poolSize, subs)).toBe(1);
        expect(await mostAtOnce('postgres', poolSize, subs)).toBe(Math.min(poolSize, subs.length));
      }),
      { numRuns: 50 },
    );
  });

  it("AQL_MAX_AND_SIBLINGS unset takes the engine's default; set, it applies on both", () => {
    const shape = (andSiblings: number) => ({ classes: andSiblings + 1, andSiblings, orBranches: 0, unanchoredLikes: 0, limit: null, offset: 0 });
    const defaults = loadConfig(researchLimitsSchema, {});
    expect(() => new ResearchGovernor(defaults, 'pglite').checkShape(shape(3), 0, 10)).toThrow(/AQL_MAX_AND_SIBLINGS\) is 2/);
    expect(() => new ResearchGovernor(defaults, 'postgres').checkShape(shape(3), 0, 10)).not.toThrow();
    const set = loadConfig(researchLimitsSchema, { AQL_MAX_AND_SIBLINGS: '4' });
    for (const engine of ['pglite', 'postgres'] as const) expect(() => new ResearchGovernor(set, engine).checkShape(shape(4), 0, 10)).not.toThrow();
  });

  it('only callers whose numbers are disclosed (researchers) may read a lagging research copy, by RESEARCH_COPY_MAX_LAG_MS', async () => {
    const governor = new ResearchGovernor(loadConfig(researchLimitsSchema, { RESEARCH_COPY_MAX_LAG_MS: '7000' }), 'pglite');
    const lagAllowed = async (disclosed: boolean) => {
      let seen = -1;
      await governor.run(caller('a'), 'cohort', disclosed, async (run) => ((seen = run.maxStalenessMs), { refused: false as const, rows: [] }));
      return seen;
    };
    expect(await lagAllowed(true)).toBe(7000);
    expect(await lagAllowed(false)).toBe(0);
  });
});
