import { afterAll, describe, expect, it } from 'vitest';
import { buildCallerAbility, loadPolicy } from '../../subgraphs/kit/authz/index.ts';
import { policyFolder, principal, removePolicyFolders } from '../unit/kit/authz/support.ts';
import { RESEARCHER } from '../unit/clinical/disclosure/support.ts';
import { compileElementPath } from '../../subgraphs/clinical/cohort/element-path.ts';
import type { CohortRow } from '../../subgraphs/clinical/cohort/sql.ts';
import { suppressedGroups } from '../../subgraphs/clinical/cohort/suppression.ts';

afterAll(removePolicyFolders);

const row = (key: string, ehrCount: number): CohortRow => ({
  total: false,
  key,
  ehrCount,
  valueCount: ehrCount,
  min: 1,
  max: 1,
  mean: 1,
  percentiles: [1, 1, 1, 1],
});
const hiddenKeys = (rows: CohortRow[], k = 5) => [...suppressedGroups(rows, k)].map((group) => group.key).sort();

describe('suppressedGroups', () => {
  it('hides nothing when every group has at least k EHRs', () => {
    expect(hiddenKeys([row('a', 5), row('b', 9)])).toEqual([]);
  });
  it('hides a lone small group and the next-smallest one with it', () => {
    expect(hiddenKeys([row('a', 7), row('b', 2), row('c', 6), row('d', 30)])).toEqual(['b', 'c']);
  });
  it('breaks ties of the next-smallest by value count, then key', () => {
    expect(hiddenKeys([row('x', 1), row('c', 6), row('b', 6)])).toEqual(['b', 'x']);
  });
  it('hides nothing more when the small groups together reach k', () => {
    expect(hiddenKeys([row('a', 2), row('b', 3), row('c', 6)])).toEqual(['a', 'b']);
  });
  it('hides more while the small groups together stay below k', () => {
    expect(hiddenKeys([row('a', 1), row('b', 1), row('c', 6), row('d', 8)])).toEqual(['a', 'b', 'c']);
    expect(hiddenKeys([row('a', 1), row('b', 2)])).toEqual(['a', 'b']);
  });
});

describe('research settings of the policy', () => {
  const limitsFor = (policy: string, roles: string[]) => buildCallerAbility(loadPolicy(policyFolder({ 'p.yaml': policy })), principal({ roles })).research;

  it('default policy: researchers are suppressed at 5, clinicians are not', () => {
    const policy = loadPolicy('policies');
    expect(buildCallerAbility(policy, principal({ roles: ['researcher'] })).research).toMatchObject({
      suppressed: true,
      minimumCellSize: 5,
      aggregateOnly: true,
    });
    expect(buildCallerAbility(policy, principal({ roles: ['clinician'] })).research).toMatchObject({
      suppressed: false,
      minimumCellSize: 5,
      aggregateOnly: false,
    });
  });
  it('takes minimumCellSize and suppressRoles from the policy, with defaults when absent', () => {
    expect(limitsFor('version: 1\nresearch: { minimumCellSize: 11, suppressRoles: [analyst] }\n', ['analyst'])).toMatchObject({
      suppressed: true,
      minimumCellSize: 11,
    });
    expect(limitsFor('version: 1\nresearch: { minimumCellSize: 11, suppressRoles: [analyst] }\n', ['researcher'])).toMatchObject({
      suppressed: false,
      minimumCellSize: 11,
    });
    expect(limitsFor('version: 1\n', ['researcher'])).toEqual(RESEARCHER);
  });
  it('takes the disclosure settings from the policy, and refuses invalid ones with their JSON path', () => {
    const policy =
      'version: 1\nresearch: { aggregateOnlyRoles: [analyst], rowLevelQueries: ["org.x::q"], noise: { countScale: 0.5 }, budget: { queries: 7 } }\n';
    expect(limitsFor(policy, ['analyst'])).toMatchObject({
      aggregateOnly: true,
      rowLevelQueries: ['org.x::q'],
      noise: { countScale: 0.5, valueScale: 1 },
      budget: { queries: 7, windowSeconds: 86_400 },
    });
    expect(limitsFor(policy, ['researcher'])).toMatchObject({ suppressed: true, aggregateOnly: false });
    for (const [research, path] of [
      ['{ noise: { countScale: -1 } }', '/research/noise/countScale'],
      ['{ noise: { scale: 1 } }', '/research/noise/scale'],
      ['{ budget: { windowSeconds: 0 } }', '/research/budget/windowSeconds'],
      ['{ orderStatisticsMinimumCellSize: 0 }', '/research/orderStatisticsMinimumCellSize'],
      ['{ rowLevelQueries: ["not a name"] }', '/research/rowLevelQueries/0'],
    ]) {
      expect(() => loadPolicy(policyFolder({ 'p.yaml': `version: 1\nresearch: ${research}\n` }))).toThrow(path);
    }
  });
  it('refuses two policy files that set one research setting differently', () => {
    const folder = policyFolder({
      'a.yaml': 'version: 1\nresearch: { budget: { queries: 5 } }\n',
      'b.yaml': 'version: 1\nresearch: { budget: { queries: 6 } }\n',
    });
    expect(() => loadPolicy(folder)).toThrow('/research/budget');
  });
  it('refuses a suppressRoles entry that is not a role name', () => {
    expect(() => loadPolicy(policyFolder({ 'p.yaml': 'version: 1\nresearch: { suppressRoles: ["head nurse"] }\n' }))).toThrow('/research/suppressRoles/0');
  });
});

describe('compileElementPath', () => {
  it('matches a path that names every node id exactly, archetype ids of slots included', () => {
    expect(compileElementPath('/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value')).toEqual({
      exact: '/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value',
    });
    expect(compileElementPath('/items[ openEHR-EHR-CLUSTER.device.v1 ]/items[at0001.1]/value')).toEqual({
      exact: '/items[openEHR-EHR-CLUSTER.device.v1]/items[at0001.1]/value',
    });
  });

  it('lets a step without a node id match any node id or none, and escapes the ones given', () => {
    const compiled = compileElementPath('/data/events/data[at0003]/items[at0004.1]/value');
    expect(compiled).toEqual({ pattern: '^/data(\\[[^\\]]*\\])?/events(\\[[^\\]]*\\])?/data\\[at0003\\]/items\\[at0004\\.1\\]/value$' });
    const regex = new RegExp((compiled as { pattern: string }).pattern);
    expect(regex.test('/data[at0001]/events[at0006]/data[at0003]/items[at0004.1]/value')).toBe(true);
    expect(regex.test('/data/events/data[at0003]/items[at0004.1]/value')).toBe(true);
    expect(regex.test('/data[at0001]/events[at0006]/data[at0003]/items[at0004x1]/value')).toBe(false);
  });
});
