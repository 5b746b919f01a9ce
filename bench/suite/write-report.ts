import { mkdirSync, writeFileSync } from 'node:fs';
import { formatMarkdown } from './markdown-report.ts';
import type { BenchReport } from './report.ts';

/** Writes the report to `bench/results/latest.json` and, to read, `latest.md`; returns both paths. */
export function writeReport(report: BenchReport): string[] {
  const folder = new URL('../results/', import.meta.url);
  mkdirSync(folder, { recursive: true });
  const json = new URL('latest.json', folder);
  const markdown = new URL('latest.md', folder);
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(markdown, formatMarkdown(report));
  return [json.pathname, markdown.pathname];
}
