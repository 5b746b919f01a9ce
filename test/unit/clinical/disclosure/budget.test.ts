import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../../platform/auth/principal.ts';
import { ResearchBudget } from '../../../../subgraphs/clinical/disclosure/budget.ts';
import { CLINICIAN, RESEARCHER } from './support.ts';

const caller = (sub: string) => ({ issuer: 'test', sub }) as Principal;
const limits = { ...RESEARCHER, budget: { queries: 3, windowSeconds: 3600 } };

async function spendAll(budget: ResearchBudget, who: Principal, times: number, options = limits) {
  const outcomes: string[] = [];
  for (let i = 0; i < times; i += 1) {
    outcomes.push(
      await budget.spend(who, options).then(
        () => 'ok',
        (error: unknown) => (error as { extensions: { code: string } }).extensions.code,
      ),
    );
  }
  return outcomes;
}

describe('ResearchBudget (in-process)', () => {
  it('refuses the query after the budget with RESEARCH_BUDGET_EXHAUSTED, per caller', async () => {
    const budget = new ResearchBudget(undefined, 'test:');
    expect(await spendAll(budget, caller('r1'), 5)).toEqual(['ok', 'ok', 'ok', 'RESEARCH_BUDGET_EXHAUSTED', 'RESEARCH_BUDGET_EXHAUSTED']);
    expect(await spendAll(budget, caller('r2'), 1)).toEqual(['ok']);
    const error = await budget.spend(caller('r1'), limits).catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'RESEARCH_BUDGET_EXHAUSTED', budget: 3, windowSeconds: 3600 } });
    expect((error as { extensions: { retryAfter: number } }).extensions.retryAfter).toBeGreaterThan(0);
  });

  it('does not count callers outside disclosure control, nor anyone when the budget is 0', async () => {
    const budget = new ResearchBudget(undefined, 'test:');
    expect(await spendAll(budget, caller('c'), 5, { ...CLINICIAN, budget: limits.budget })).toEqual(Array(5).fill('ok'));
    expect(await spendAll(budget, caller('r'), 5, { ...limits, budget: { queries: 0, windowSeconds: 60 } })).toEqual(Array(5).fill('ok'));
  });
});
