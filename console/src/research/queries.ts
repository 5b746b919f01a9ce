import { consoleConfig } from '../common/config.ts';
import { graphql } from '../common/graphql.ts';
import type { CohortAnswer, CohortElement, Disclosure } from './cohort-data.ts';

// The dashboard talks to the clinical subgraph alone: never the gateway, never the demographic service.
const CELL = 'suppressed ehrCount valueCount mean';
const COHORT = `query Cohort($q: CohortQuery!) { cohort(query: $q) {
  groups { key cell { ${CELL} } } total { ${CELL} } minimumCellSize suppressionApplied } }`;
const ELEMENTS = 'query CohortElements { cohortElements { archetypeId elementPath } }';
const DISCLOSURE = `query ResearchDisclosure { researchDisclosure {
  minimumCellSize countNoiseScale valueNoiseScale orderStatisticsMinimumCellSize
  budget { queries windowSeconds remaining resetsAt } } }`;

async function clinical<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  return graphql<T>((await consoleConfig()).clinicalUrl, query, variables);
}

export const fetchElements = async () => (await clinical<{ cohortElements: CohortElement[] }>(ELEMENTS)).cohortElements;

export const fetchDisclosure = async () => (await clinical<{ researchDisclosure: Disclosure | null }>(DISCLOSURE)).researchDisclosure;

/** The codes of an element's entries over all time: a research query (suppressed, noised, budgeted). */
export const fetchCodes = async (element: CohortElement) => (await clinical<{ cohort: CohortAnswer }>(COHORT, { q: { ...element, groupBy: 'CODE' } })).cohort;

export interface MonthlyQuery extends CohortElement {
  /** Absent: entries with any code. */
  code?: string;
  from: string;
  to: string;
}

export const fetchMonthly = async (query: MonthlyQuery) => (await clinical<{ cohort: CohortAnswer }>(COHORT, { q: { ...query, groupBy: 'MONTH' } })).cohort;
