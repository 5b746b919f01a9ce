import type { ResearchLimits } from '../../../../subgraphs/kit/authz/types.ts';

/** The default policy's research settings for a researcher (policies/default.yaml). */
export const RESEARCHER: ResearchLimits = {
  suppressed: true,
  minimumCellSize: 5,
  aggregateOnly: true,
  rowLevelQueries: [],
  noise: { countScale: 2, valueScale: 1 },
  orderStatisticsMinimumCellSize: 20,
  budget: { queries: 100, windowSeconds: 86_400 },
};

export const CLINICIAN: ResearchLimits = { ...RESEARCHER, suppressed: false, aggregateOnly: false };

export const secret = (i: number) => `test-noise-secret-${String(i).padStart(4, '0')}-0123456789abcdef`;

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

export function meanAndSpread(values: number[]): { mean: number; stddev: number } {
  const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
  return { mean, stddev: Math.sqrt(values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / values.length) };
}
