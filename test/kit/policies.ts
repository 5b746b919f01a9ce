import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';

/** The default policy with its `research` settings replaced by `research` (merged key by key); returns the new file's path. */
export function defaultPolicyWithResearch(research: Record<string, unknown>): string {
  const policy = parse(readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8')) as { research: Record<string, unknown> };
  policy.research = { ...policy.research, ...research };
  const file = join(mkdtempSync(join(tmpdir(), 'policy-')), 'policy.yaml');
  writeFileSync(file, stringify(policy));
  return file;
}

/** Research settings without noise and with order statistics from 1 EHR: suppression alone, for tests of exact numbers. */
export const EXACT_RESEARCH = { noise: { countScale: 0, valueScale: 0 }, orderStatisticsMinimumCellSize: 1 } as const;
