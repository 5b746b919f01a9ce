import type { CommitBreakdown } from './commit-breakdown.ts';
import type { Dataset } from './dataset.ts';
import type { Machine } from './environment.ts';
import type { RunResult } from './measure.ts';
import type { ScenarioResult } from './scenarios/context.ts';

/** The top-level ratios of the issue, each measured within this run. */
export interface Ratios {
  federationOverhead: number;
  gatewayCpuMsPerRequest: number;
  /** Scenario 1: CPU of the clinical subgraph per direct request / CPU of floor B (only the entry rows the answer needs, serialised). */
  clinicalCpuVsFloor: number;
  /** Scenario 1: CPU of the demographic subgraph per gateway request / CPU of its floor. */
  demographicCpuVsFloor: number;
  /** Scenario 1: CPU of our gateway per request / CPU of stock `@apollo/gateway` per request. */
  gatewayCpuVsStock: number;
  authorizationOverhead: number;
  cacheSpeedup: number;
  commitsPerSecond: number;
  listGrowth: number;
}

export interface BenchReport {
  mode: 'quick' | 'full';
  startedAt: string;
  finishedAt: string;
  machine: Machine;
  data: Dataset['stored'] & { size: Dataset['size'] };
  scenarios: ScenarioResult[];
  ratios: Ratios;
  /** Where a commit's CPU goes, per document (commit-breakdown.ts); with scenario 4. */
  commitBreakdown?: CommitBreakdown[];
  /** Where the figures come from when no run of this build wrote them (e.g. carried over from an older page). */
  source?: string;
}

export const GOALS: Record<keyof Ratios, string> = {
  federationOverhead: '≤ 1.5 (p50 gateway / direct)',
  gatewayCpuMsPerRequest: '≤ 1.5 ms',
  clinicalCpuVsFloor: '≤ 2 (CPU clinical / floor B)',
  demographicCpuVsFloor: '≤ 2 (CPU demographic / its floor)',
  gatewayCpuVsStock: '≤ 0.6 (CPU ours / stock @apollo/gateway)',
  authorizationOverhead: '≤ 1.05 (p50 default / allow-all)',
  cacheSpeedup: '> 1 (p50 cold / warm)',
  commitsPerSecond: 'compositions/s, 10 clients',
  listGrowth: '≤ 4 (p50 100 / 10 patients)',
};

export function collectRatios(scenarios: ScenarioResult[]): Ratios {
  const derived = Object.assign({}, ...scenarios.map((scenario) => scenario.derived)) as Record<string, number>;
  const pick = (name: keyof Ratios) => derived[name] ?? Number.NaN;
  return {
    federationOverhead: pick('federationOverhead'),
    gatewayCpuMsPerRequest: pick('gatewayCpuMsPerRequest'),
    clinicalCpuVsFloor: pick('clinicalCpuVsFloor'),
    demographicCpuVsFloor: pick('demographicCpuVsFloor'),
    gatewayCpuVsStock: pick('gatewayCpuVsStock'),
    authorizationOverhead: pick('authorizationOverhead'),
    cacheSpeedup: pick('cacheSpeedup'),
    commitsPerSecond: pick('commitsPerSecond'),
    listGrowth: pick('listGrowth'),
  };
}

const number = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));

/** A run's CPU per request: the driven process's, then those of the others measured with it (`clinical 9.10`). */
export function cpuCell(run: RunResult): string {
  const others = Object.entries(run.cpuMsPerRequestOf ?? {}).map(([role, ms]) => `${role} ${number(ms)}`);
  return [...(run.cpuMsPerRequest === undefined ? [] : [number(run.cpuMsPerRequest)]), ...others].join(', ');
}

/** The table printed at the end of a run (bench/results/latest.md has the same figures as Markdown). */
export function formatTable(report: BenchReport): string {
  const { machine, data } = report;
  const lines = [
    `machine: ${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`,
    `database: ${machine.database}; cache: ${machine.cache}; mode: ${report.mode}`,
    `data: ${data.patients} patients with EHRs and ${data.size.compositionsPerEhr} compositions each; ${data.ehrs} EHRs, ${data.compositions} compositions, ${data.entries} entries in all`,
    '',
    `${'scenario / run'.padEnd(52)} ${'req/s'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'errors'.padStart(6)} ${'conns'.padStart(5)} ${'secs'.padStart(5)} ${'cpu ms/req'.padStart(10)}`,
  ];
  for (const scenario of report.scenarios) {
    lines.push(`${scenario.id}. ${scenario.title}`);
    for (const run of scenario.runs) {
      lines.push(
        `   ${run.label.padEnd(49)} ${number(run.requestsPerSecond, 0).padStart(7)} ${number(run.p50Ms).padStart(8)} ${number(run.p99Ms).padStart(8)} ${String(run.errors).padStart(6)} ${String(run.connections).padStart(5)} ${number(run.durationS, 1).padStart(5)} ${cpuCell(run).padStart(10)}`,
      );
    }
  }
  const failed = report.scenarios.flatMap((scenario) => scenario.runs.filter((run) => run.errors > 0).map((run) => `${scenario.id}. ${run.label}`));
  if (failed.length > 0) lines.push(`runs with errors (figures not clean): ${failed.join('; ')}`);
  lines.push('', 'ratios (same run)');
  for (const [name, value] of Object.entries(report.ratios) as [keyof Ratios, number][]) {
    lines.push(`   ${name.padEnd(26)} ${number(value).padStart(8)}   goal ${GOALS[name]}`);
  }
  const extra = report.scenarios.flatMap((scenario) => Object.entries(scenario.derived).filter(([name]) => !(name in report.ratios)));
  if (extra.length > 0) lines.push('other ratios', ...extra.map(([name, value]) => `   ${name.padEnd(26)} ${number(value).padStart(8)}`));
  if (report.commitBreakdown) {
    lines.push('', `commit breakdown, median ms per commit: ${BREAKDOWN_COLUMNS.join(' | ')}`);
    for (const row of breakdownRows(report.commitBreakdown)) lines.push(`   ${row.join(' | ')}`);
  }
  return lines.map((line) => line.trimEnd()).join('\n');
}

export const BREAKDOWN_COLUMNS = ['document', 'bytes', 'entries', 'canonical', 'template', 'extraction', 'SQL CPU (driver)', 'SQL wall'];

/** The commit breakdown as rows of cells (BREAKDOWN_COLUMNS). */
export function breakdownRows(breakdown: CommitBreakdown[]): string[][] {
  const ms = (value: number | null) => (value === null ? '—' : number(value, 3));
  return breakdown.map((row) => [
    row.document,
    String(row.bytes),
    String(row.entries),
    ms(row.canonicalMs),
    ms(row.templateMs),
    ms(row.extractionMs),
    ms(row.sqlCpuMs),
    ms(row.sqlWallMs),
  ]);
}
