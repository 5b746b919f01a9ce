import { BREAKDOWN_COLUMNS, breakdownRows, cpuCell, GOALS, type BenchReport, type Ratios } from './report.ts';

const number = (value: number | undefined, digits = 2) => (value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits));
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
const header = (cells: string[]) => [row(cells), `|${cells.map(() => '---').join('|')}|`];
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** bench/results/latest.md: the figures of latest.json as a page to read (docs/benchmarks.md says what each measures). */
export function formatMarkdown(report: BenchReport): string {
  const { machine, data } = report;
  const lines = [
    '# Benchmark results: the latest run',
    '',
    '<!-- Written by `npm run bench` (bench/suite/report.ts) together with latest.json. -->',
    '',
    ...(report.source ? [`> ${report.source}`, ''] : []),
    `What each scenario and ratio measures, and how a figure is taken: [docs/benchmarks.md](../../docs/benchmarks.md).`,
    '',
    ...header(['', '']),
    row(['date', `${minute(report.startedAt)} to ${minute(report.finishedAt)}`]),
    row(['mode', report.mode]),
    row(['machine', `${machine.cores} cores, ${machine.cpuModel}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.platform}`]),
    row(['database', machine.database]),
    row(['cache', machine.cache]),
    row([
      'data',
      `${data.patients} patients with EHRs and ${data.size.compositionsPerEhr} compositions each; ${data.ehrs} EHRs, ${data.compositions} compositions, ${data.entries} entries in all`,
    ]),
    '',
    '## Ratios (same run)',
    '',
    ...header(['ratio', 'value', 'goal']),
    ...(Object.entries(report.ratios) as [keyof Ratios, number][]).map(([name, value]) => row([`\`${name}\``, number(value), GOALS[name]])),
  ];
  const extra = report.scenarios.flatMap((scenario) => Object.entries(scenario.derived).filter(([name]) => !(name in report.ratios)));
  if (extra.length > 0)
    lines.push('', '## Other ratios', '', ...header(['ratio', 'value']), ...extra.map(([name, value]) => row([`\`${name}\``, number(value)])));
  lines.push('', '## Scenarios');
  for (const scenario of report.scenarios) {
    lines.push(
      '',
      `### ${scenario.id}. ${scenario.title}`,
      '',
      ...header(['run', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'connections', 'seconds', 'CPU ms/request']),
    );
    for (const run of scenario.runs) {
      const cpu = cpuCell(run);
      lines.push(
        row([
          run.label,
          number(run.requestsPerSecond, 0),
          number(run.p50Ms),
          number(run.p99Ms),
          String(run.errors),
          String(run.connections),
          number(run.durationS, 1),
          cpu,
        ]),
      );
    }
    if (scenario.notes.length > 0) lines.push('', ...scenario.notes.map((note) => `- ${note}`));
  }
  if (report.commitBreakdown)
    lines.push('', '## Commit breakdown (median ms per commit)', '', ...header(BREAKDOWN_COLUMNS), ...breakdownRows(report.commitBreakdown).map(row));
  const failed = report.scenarios.flatMap((scenario) => scenario.runs.filter((run) => run.errors > 0).map((run) => `${scenario.id}. ${run.label}`));
  if (failed.length > 0) lines.push('', `Runs with errors (figures not clean): ${failed.join('; ')}`);
  return `${lines.join('\n')}\n`;
}
