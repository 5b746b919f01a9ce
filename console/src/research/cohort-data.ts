/**
 * The research dashboard's data, with no browser or chart code: what the clinical subgraph
 * answers (cohort, its disclosure control) turned into the months, notes and series the page
 * draws and lists.
 */

/** A cohort cell as the dashboard asks for it. */
export interface CohortCell {
  suppressed: boolean;
  ehrCount: number | null;
  valueCount: number | null;
  mean: number | null;
}

export interface CohortAnswer {
  groups: { key: string; cell: CohortCell }[];
  total: CohortCell;
  minimumCellSize: number | null;
  suppressionApplied: boolean;
}

export interface ResearchBudget {
  queries: number;
  windowSeconds: number;
  remaining: number;
  resetsAt: string | null;
}

/** `researchDisclosure`: null for a caller whose numbers are exact. */
export interface Disclosure {
  minimumCellSize: number;
  countNoiseScale: number;
  valueNoiseScale: number;
  orderStatisticsMinimumCellSize: number;
  budget: ResearchBudget | null;
}

export interface CohortElement {
  archetypeId: string;
  elementPath: string;
}

/** How a month is shown: its numbers, hidden by small-cell suppression, or no values at all. */
export type MonthStatus = 'reported' | 'suppressed' | 'empty';

export interface MonthPoint {
  /** `YYYY-MM` (UTC). */
  month: string;
  status: MonthStatus;
  ehrCount: number | null;
  valueCount: number | null;
  mean: number | null;
  /** What a reader must know about the numbers: "suppressed (<5)", "noised ±2", "exact" or "no values". */
  note: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

const monthKey = (year: number, month: number) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;

/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? monthKey(year + 1, 1) : monthKey(year, number + 1);
}

/** A cohort window of whole months (`YYYY-MM`, both included): whole UTC days, as research windows must be. */
export function windowOf(fromMonth: string, toMonth: string): { from: string; to: string; months: string[] } | { error: string } {
  if (!MONTH.test(fromMonth) || !MONTH.test(toMonth)) return { error: 'Choose a first and a last month.' };
  if (fromMonth > toMonth) return { error: 'The first month must not be after the last.' };
  const months = [fromMonth];
  while ((months.at(-1) as string) < toMonth) months.push(nextMonth(months.at(-1) as string));
  if (months.length > 120) return { error: 'Choose at most 120 months.' };
  return { from: `${fromMonth}-01T00:00:00Z`, to: `${nextMonth(toMonth)}-01T00:00:00Z`, months };
}

/** Every month of the window, those without a group as `empty`, each with its note. */
export function monthlyPoints(answer: CohortAnswer, months: string[], disclosure: Disclosure | null): MonthPoint[] {
  const cells = new Map(answer.groups.map((group) => [group.key, group.cell]));
  const k = answer.minimumCellSize ?? disclosure?.minimumCellSize ?? null;
  return months.map((month) => {
    const cell = cells.get(month);
    if (!cell) return { month, status: 'empty', ehrCount: null, valueCount: null, mean: null, note: 'no values' };
    if (cell.suppressed) {
      return { month, status: 'suppressed', ehrCount: null, valueCount: null, mean: null, note: k === null ? 'suppressed' : `suppressed (<${k})` };
    }
    const note = disclosure ? `noised ±${disclosure.countNoiseScale}` : 'exact';
    return { month, status: 'reported', ehrCount: cell.ehrCount, valueCount: cell.valueCount, mean: cell.mean, note };
  });
}

/** The chart's series: reported EHR counts, suppressed months as a bar up to k (drawn hatched), means. */
export function chartSeries(points: MonthPoint[], minimumCellSize: number | null) {
  return {
    labels: points.map((point) => point.month),
    ehrCounts: points.map((point) => (point.status === 'reported' ? point.ehrCount : null)),
    suppressed: points.map((point) => (point.status === 'suppressed' ? (minimumCellSize ?? 1) : null)),
    means: points.map((point) => point.mean),
  };
}

/** One code of an element, from a cohort grouped by code. */
export interface CodeOption {
  code: string;
  label: string;
}

/** The codes of a `groupBy: CODE` cohort, most EHRs first (suppressed ones last, still selectable). */
export function codeOptions(answer: CohortAnswer): CodeOption[] {
  const k = answer.minimumCellSize;
  return [...answer.groups]
    .sort((a, b) => (b.cell.ehrCount ?? -1) - (a.cell.ehrCount ?? -1) || a.key.localeCompare(b.key))
    .map(({ key, cell }) => ({
      code: key,
      label: cell.suppressed ? `${key} (suppressed, <${k ?? '?'} EHRs)` : `${key} (${cell.ehrCount ?? 0} EHRs)`,
    }));
}

/** "laboratory test result v1 (OBSERVATION) · /data[at0001]/…/value". */
export function elementLabel(element: CohortElement): string {
  const match = /^[\w-]+-[\w-]+-(\w+)\.([\w-]+)\.(v\d+)$/.exec(element.archetypeId);
  const concept = match ? `${(match[2] as string).replace(/[_-]/g, ' ')} ${match[3] as string} (${match[1] as string})` : element.archetypeId;
  return `${concept} · ${element.elementPath}`;
}

/** The budget line: "87 of 100 research queries left in this 86400 s window (whole again at …)". */
export function budgetText(disclosure: Disclosure | null): string {
  if (!disclosure) return 'Exact numbers: no research query budget applies to you.';
  const { budget } = disclosure;
  if (!budget) return 'No research query budget is set.';
  const left = `${budget.remaining} of ${budget.queries} research queries left in this ${budget.windowSeconds} s window`;
  return budget.resetsAt ? `${left} (whole again at ${budget.resetsAt})` : left;
}

/** A failed request as the page shows it: what kind of problem, and the server's own words. */
export interface Problem {
  kind: 'budget' | 'input' | 'forbidden' | 'other';
  text: string;
}

const KINDS: Record<string, Problem['kind']> = {
  RESEARCH_BUDGET_EXHAUSTED: 'budget',
  BAD_USER_INPUT: 'input',
  FORBIDDEN: 'forbidden',
  UNAUTHENTICATED: 'forbidden',
};

const TITLES: Record<Problem['kind'], string> = {
  budget: 'Research query budget spent',
  input: 'Bad input',
  forbidden: 'Not allowed',
  other: 'The query failed',
};

export function problemOf(errors: readonly { message: string; extensions?: { code?: string } }[]): Problem {
  const first = errors[0];
  const kind = KINDS[first?.extensions?.code ?? ''] ?? 'other';
  const said = errors.map((error) => error.message).join('; ') || 'no answer';
  return { kind, text: said.startsWith(TITLES[kind]) ? said : `${TITLES[kind]}: ${said}` };
}
