import { describe, expect, it } from 'vitest';
import { buildCallerAbility } from '../../../../subgraphs/kit/authz/index.ts';
import type { LoadedPolicy, PolicyRule } from '../../../../subgraphs/kit/authz/document.ts';
import { principal, sqlFilterOf } from './support.ts';

let counter = 0;
function abilityWith(rules: Omit<PolicyRule, 'reason'>[]) {
  const policy: LoadedPolicy = {
    version: `to-sql-${(counter += 1)}`,
    document: {
      version: 1,
      organisations: { networks: {}, researchAllowed: [] },
      codeLists: {},
      templateLists: {},
      research: {},
      roles: { r: rules.map((rule) => ({ ...rule, reason: 'test' })) },
    },
    files: [],
    loadedAt: new Date(),
  };
  return buildCallerAbility(policy, principal({ roles: ['r'] }));
}
const ENTRY_COLUMNS = { ehrOrg: 'e.ehr_org', codes: 'e.codes', rmType: 'e.rm_type' };

describe('sqlFilter', () => {
  it('no rule → FALSE; a rule without conditions or with {} → TRUE', () => {
    expect(sqlFilterOf(abilityWith([]), 'read', 'Entry', ENTRY_COLUMNS, 1)).toEqual({ sql: 'FALSE', params: [] });
    expect(sqlFilterOf(abilityWith([{ action: 'read', subject: 'Entry' }]), 'read', 'Entry', ENTRY_COLUMNS, 1)).toEqual({ sql: 'TRUE', params: [] });
    expect(sqlFilterOf(abilityWith([{ action: 'read', subject: 'Entry', conditions: {} }]), 'read', 'Entry', ENTRY_COLUMNS, 1)).toEqual({
      sql: 'TRUE',
      params: [],
    });
    expect(sqlFilterOf(abilityWith([{ action: 'manage', subject: 'Entry' }]), 'read', 'Entry', ENTRY_COLUMNS, 1).sql).toBe('TRUE');
  });

  it('a later cannot rule without conditions forbids everything; an earlier one is overridden', () => {
    const can = { action: 'read', subject: 'Entry', conditions: { ehrOrg: 'org-a' } } as const;
    const cannot = { action: 'read', subject: 'Entry', inverted: true } as const;
    expect(sqlFilterOf(abilityWith([can, cannot]), 'read', 'Entry', ENTRY_COLUMNS, 1)).toEqual({ sql: 'FALSE', params: [] });
    expect(sqlFilterOf(abilityWith([cannot, can]), 'read', 'Entry', ENTRY_COLUMNS, 1)).toEqual({
      sql: '(COALESCE((e.ehr_org)::text = $1::text, FALSE))',
      params: ['org-a'],
    });
  });

  it('maps each operator, NULL-safe, with array semantics for array attributes', () => {
    const sql = (conditions: Record<string, unknown>) =>
      sqlFilterOf(abilityWith([{ action: 'read', subject: 'Entry', conditions }]), 'read', 'Entry', ENTRY_COLUMNS, 5);
    expect(sql({ rmType: 'OBSERVATION' }).sql).toBe('(COALESCE((e.rm_type)::text = $5::text, FALSE))');
    expect(sql({ rmType: { $ne: 'OBSERVATION' } }).sql).toBe('(NOT COALESCE((e.rm_type)::text = $5::text, FALSE))');
    expect(sql({ rmType: { $in: ['A', 'B'] } }).sql).toBe('(COALESCE((e.rm_type)::text = ANY($5::text[]), FALSE))');
    expect(sql({ rmType: { $nin: [] } }).sql).toBe('(NOT COALESCE((e.rm_type)::text = ANY($5::text[]), FALSE))');
    expect(sql({ rmType: { $exists: false } }).sql).toBe('((e.rm_type)::text IS NULL)');
    expect(sql({ codes: 'L::1' }).sql).toBe('(COALESCE($5::text = ANY((e.codes)::text[]), FALSE))');
    expect(sql({ codes: { $ne: 'L::1' } }).sql).toBe('(NOT COALESCE($5::text = ANY((e.codes)::text[]), FALSE))');
    expect(sql({ codes: { $in: ['L::1'] } }).sql).toBe('(COALESCE((e.codes)::text[] && $5::text[], FALSE))');
    expect(sql({ codes: { $nin: ['L::1'] } }).sql).toBe('(NOT COALESCE((e.codes)::text[] && $5::text[], FALSE))');
    expect(sql({ codes: { $in: ['L::1'] }, rmType: 'X' })).toEqual({
      sql: '(COALESCE((e.codes)::text[] && $5::text[], FALSE) AND COALESCE((e.rm_type)::text = $6::text, FALSE))',
      params: [['L::1'], 'X'],
    });
  });

  it('an attribute without a column: a can rule grants nothing, a cannot rule forbids everything', () => {
    const can = { action: 'read', subject: 'Entry', conditions: { ehrOrg: 'org-a' } } as const;
    const canAll = { action: 'read', subject: 'Entry' } as const;
    const cannotTemplate = { action: 'read', subject: 'Entry', inverted: true, conditions: { templateId: 'T' } } as const;
    expect(sqlFilterOf(abilityWith([can]), 'read', 'Entry', {}, 1)).toEqual({ sql: 'FALSE', params: [] });
    expect(sqlFilterOf(abilityWith([canAll, cannotTemplate]), 'read', 'Entry', ENTRY_COLUMNS, 1)).toEqual({ sql: 'FALSE', params: [] });
    expect(sqlFilterOf(abilityWith([cannotTemplate, can]), 'read', 'Entry', ENTRY_COLUMNS, 1).sql).toBe('(COALESCE((e.ehr_org)::text = $1::text, FALSE))');
  });

  it('values only ever travel as parameters; attribute names only through the column map', () => {
    const evil = "x'; DROP TABLE entries; --";
    const filter = sqlFilterOf(
      abilityWith([{ action: 'read', subject: 'Entry', conditions: { rmType: evil, codes: { $in: [evil] } } }]),
      'read',
      'Entry',
      ENTRY_COLUMNS,
      1,
    );
    expect(filter.sql).not.toContain('DROP');
    expect(filter.sql).not.toMatch(/rmType|codes\b(?!\))/);
    expect(filter.params).toEqual([evil, [evil]]);
  });

  it('several roles are OR-ed; numbering starts at the first free placeholder', () => {
    const policy: LoadedPolicy = {
      version: 'to-sql-roles',
      document: {
        version: 1,
        organisations: { networks: {}, researchAllowed: [] },
        codeLists: {},
        templateLists: {},
        research: {},
        roles: {
          a: [{ action: 'read', subject: 'Entry', conditions: { ehrOrg: 'org-a' }, reason: 'a' }],
          b: [{ action: 'read', subject: 'Entry', conditions: { ehrOrg: 'org-b' }, reason: 'b' }],
        },
      },
      files: [],
      loadedAt: new Date(),
    };
    expect(sqlFilterOf(buildCallerAbility(policy, principal({ roles: ['a', 'b'] })), 'read', 'Entry', ENTRY_COLUMNS, 3)).toEqual({
      sql: '(COALESCE((e.ehr_org)::text = $3::text, FALSE) OR COALESCE((e.ehr_org)::text = $4::text, FALSE))',
      params: ['org-a', 'org-b'],
    });
  });
});
