import type { Principal } from '../../../platform/auth/principal.ts';
import type { ResearchBudget } from './budget.ts';
import type { Disclosure } from './noise.ts';

export { ResearchBudget } from './budget.ts';
export { Disclosure, stickyLaplace, type NoiseKey, type Spread } from './noise.ts';

/** What the access layer needs for one caller's research numbers. */
export interface ResearchControl {
  budget: ResearchBudget;
  disclosure: Disclosure;
  principal: Principal;
}
