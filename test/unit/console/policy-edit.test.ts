import { describe, expect, it } from 'vitest';
import { withoutFilledConditions } from '../../../console/src/policies/form-filler.ts';
import { jsonChanges } from '../../../console/src/policies/policy-diff.ts';

describe('policy editor: changes against the policy in force', () => {
  it('lists changed, added and removed leaves by JSON pointer, arrays item by item', () => {
    const before = { codeLists: { restricted: ['LOINC::17351-8'] }, research: { minimumCellSize: 5 }, 'a/b': 1 };
    const after = { codeLists: { restricted: ['LOINC::17351-8', 'LOINC::4548-4'] }, research: {}, 'a/b': 2 };
    expect(jsonChanges(before, after)).toEqual([
      { pointer: '/codeLists/restricted/1', after: 'LOINC::4548-4' },
      { pointer: '/research/minimumCellSize', before: 5 },
      { pointer: '/a~1b', before: 1, after: 2 },
    ]);
    expect(jsonChanges(before, structuredClone(before))).toEqual([]);
  });
});

describe('policy editor: what the form library fills in', () => {
  it('drops empty attribute conditions, and a conditions object left empty, keeping everything else', () => {
    const rule = { action: 'read', subject: 'Entry', reason: 'r' };
    const document = {
      version: 1,
      roles: {
        nurse: [
          { ...rule, conditions: { ehrOrg: { $in: '${principal.network}' }, codes: {}, rmType: {} } },
          { ...rule, conditions: { templateId: {} } },
          { ...rule, conditions: {} },
          rule,
        ],
      },
    };
    expect(withoutFilledConditions(document).roles).toEqual({
      nurse: [{ ...rule, conditions: { ehrOrg: { $in: '${principal.network}' } } }, rule, { ...rule, conditions: {} }, rule],
    });
  });
});
