import type { Dataset } from '../dataset.ts';
import type { RunResult, Timing } from '../measure.ts';
import type { BenchSystem } from '../system.ts';

/** What every scenario runs against. */
export interface ScenarioContext {
  system: BenchSystem;
  dataset: Dataset;
  timing: Timing;
  /**
   * Tokens of ten clinicians of org-a (different `sub`), sent in turn: identical queries from
   * different callers are never merged by in-flight deduplication, so only the variant that means
   * to show deduplication sends one caller's identical queries.
   */
  clinicians: string[];
}

export interface ScenarioResult {
  id: number;
  title: string;
  runs: RunResult[];
  /** Ratios within the scenario (the top-level `ratios` pick theirs from here). */
  derived: Record<string, number>;
  notes: string[];
}

export const CONNECTIONS = 10;

/** The run labelled `label` (a scenario's own runs; missing means a bug in the scenario). */
export function run(runs: RunResult[], label: string): RunResult {
  const found = runs.find((candidate) => candidate.label === label);
  if (!found) throw new Error(`no run labelled ${label}`);
  return found;
}
