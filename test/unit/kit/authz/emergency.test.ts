import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCallerAbility, loadPolicy } from '../../../../subgraphs/kit/authz/index.ts';
import type { EmergencyGrant } from '../../../../subgraphs/kit/authz/types.ts';
import { composition, ehr, EHR_1, EHR_2, entry, policyFolder, principal, removePolicyFolders } from './support.ts';
import { SqlParams } from '../../../../subgraphs/kit/db/sql.ts';
import { PolicyError } from '../../../../subgraphs/kit/authz/policy-schema.ts';

afterAll(removePolicyFolders);

const policy = loadPolicy('policies');
const ANCA = 'LOINC::17351-8';
const HBA1C = 'LOINC::4548-4';
const REASON = 'unconscious patient, no other records';
const grant = (overrides: Partial<EmergencyGrant> = {}): EmergencyGrant => ({
  id: '99999999-9999-4999-8999-999999999999',
  ehrId: EHR_1,
  ehrOrg: 'org-a',
  reason: REASON,
  expiresAt: new Date(Date.now() + 60_000),
  ...overrides,
});
const orgC = (roles: string[], grants: EmergencyGrant[] = [grant()], loaded = policy) =>
  buildCallerAbility(loaded, principal({ sub: 'dr-c', org: 'org-c', roles }), grants);

describe('default policy: an org-c clinician with an emergency access to an org-a EHR', () => {
  const ability = orgC(['clinician']);

  it('reads that EHR, its compositions and every entry, each decision naming the access', () => {
    const named = { allowed: true, reason: `emergency: ${REASON}`, emergencyAccessId: grant().id };
    expect(ability.decide('read', 'Ehr', ehr())).toEqual(named);
    expect(ability.decide('read', 'Ehr', ehr(), 'subjectId')).toEqual(named);
    expect(ability.decide('read', 'Composition', composition())).toEqual(named);
    expect(ability.decide('read', 'Entry', entry({ codes: [ANCA] }))).toEqual(named);
  });

  it('reads no other EHR of that organisation, writes nothing, links nothing, reads no patient', () => {
    expect(ability.can('read', 'Ehr', ehr({ id: EHR_2 }))).toBe(false);
    expect(ability.can('read', 'Composition', composition({ ehrId: EHR_2 }))).toBe(false);
    expect(ability.can('read', 'Entry', entry({ ehrId: EHR_2 }))).toBe(false);
    for (const action of ['create', 'update', 'delete'] as const) expect(ability.can(action, 'Composition', composition()), action).toBe(false);
    expect(ability.can('link', 'Ehr', ehr())).toBe(false);
    expect(ability.can('read', 'Patient', { id: 'p', org: 'org-a' })).toBe(false);
  });

  it("its own network's records keep the role's reason and name no access", () => {
    expect(ability.decide('read', 'Ehr', ehr({ id: EHR_2, org: 'org-c' }))).toEqual({ allowed: true, reason: 'clinicians read EHRs of their care network' });
  });

  it('queries (AQL, cohorts) do not see the access; composition pages do, when asked', () => {
    const filter = (options?: { emergency: boolean }) => {
      const params = new SqlParams([]);
      return { sql: ability.sqlFilter('read', 'Composition', { ehrId: 'c.ehr_id', ehrOrg: 'c.ehr_org' }, params, options), values: params.values };
    };
    expect(filter().values.flat()).not.toContain(EHR_1);
    expect(filter({ emergency: true }).values.flat()).toContain(EHR_1);
  });

  it('roles that may not break the glass, and callers without an organisation, get nothing from a grant', () => {
    // an org-b EHR: no research use there, so only a grant could open it
    const toOrgB = [grant({ ehrOrg: 'org-b' })];
    expect(orgC(['clinician'], toOrgB).can('read', 'Ehr', ehr({ org: 'org-b' }))).toBe(true);
    for (const role of ['nurse', 'researcher', 'registrar', 'admin']) {
      expect(orgC([role], toOrgB).emergencyAccess.allowed, role).toBe(false);
      expect(orgC([role], toOrgB).can('read', 'Ehr', ehr({ org: 'org-b' })), role).toBe(false);
    }
    const noOrg = buildCallerAbility(policy, principal({ org: null, roles: ['clinician'] }), [grant()]);
    expect(noOrg.emergencyAccess.allowed).toBe(false);
    expect(noOrg.can('read', 'Ehr', ehr())).toBe(false);
  });

  it('the policy bounds are those of policies/default.yaml', () => {
    expect(ability.emergencyAccess).toEqual({ allowed: true, maxMinutes: 60, reasonMinLength: 10 });
  });
});

describe('a grant reads no more than the role reads in its own network', () => {
  const custom = loadPolicy(
    policyFolder({
      'p.yaml': `version: 1
organisations: { networks: { north: [org-a, org-b] } }
codeLists: { restricted: ["${ANCA}"] }
emergencyAccess: { roles: [nurse], maxMinutes: 30 }
roles:
  nurse:
    - { action: read, subject: Ehr, conditions: { org: { $in: "\${principal.network}" } }, reason: network EHRs }
    - { action: read, subject: Composition, conditions: { ehrOrg: { $in: "\${principal.network}" }, org: "\${principal.org}" }, reason: own organisation's compositions }
    - { action: [read, create], subject: Entry, conditions: { ehrOrg: { $in: "\${principal.network}" } }, reason: network entries }
    - { action: read, subject: Entry, inverted: true, conditions: { codes: { $in: "\${codeLists.restricted}" } }, reason: restricted codes withheld }
`,
    }),
  );
  const nurse = orgC(['nurse'], [grant()], custom);

  it('cannot rules stay: restricted entries are withheld', () => {
    expect(nurse.can('read', 'Entry', entry({ codes: [HBA1C] }))).toBe(true);
    expect(nurse.decide('read', 'Entry', entry({ codes: [ANCA] }))).toEqual({ allowed: false, reason: 'restricted codes withheld' });
    expect(nurse.can('create', 'Entry', entry())).toBe(false);
  });

  it("${principal.org} stays the caller's own organisation", () => {
    expect(nurse.can('read', 'Composition', composition({ org: 'org-a' }))).toBe(false);
    expect(nurse.can('read', 'Composition', composition({ org: 'org-c' }))).toBe(true);
  });

  it('bounds come from the policy, with defaults', () => {
    expect(nurse.emergencyAccess).toEqual({ allowed: true, maxMinutes: 30, reasonMinLength: 10 });
  });

  it('property: a record is readable iff it is of the network or a grant of the caller names its EHR', () => {
    const ids = [EHR_1, EHR_2, '33333333-3333-4333-8333-333333333333'];
    const orgs = ['org-a', 'org-b', 'org-c', 'org-d'];
    const grants = fc.array(fc.record({ ehr: fc.nat({ max: 2 }), org: fc.constantFrom(...orgs) }), { maxLength: 3 });
    fc.assert(
      fc.property(grants, fc.nat({ max: 2 }), fc.constantFrom(...orgs), fc.constantFrom('nurse', 'clinician'), (held, target, org, role) => {
        // a grant's organisation is its EHR's: keep the generated ones consistent with the record
        const stored = held.map((each, i) =>
          grant({ id: `00000000-0000-4000-8000-00000000000${i}`, ehrId: ids[each.ehr] as string, ehrOrg: each.ehr === target ? org : 'org-x' }),
        );
        const ability = orgC([role], stored, role === 'nurse' ? custom : policy);
        const granted = stored.some((each) => each.ehrId === ids[target]);
        const own = org === 'org-c'; // org-c is in no network
        const record = { id: ids[target] as string, org, subjectNamespace: 'default' };
        expect(ability.can('read', 'Ehr', record)).toBe(own || granted);
        expect(ability.can('read', 'Entry', entry({ ehrId: ids[target] as string, ehrOrg: org, codes: [HBA1C] }))).toBe(own || granted);
      }),
      { numRuns: 300 },
    );
  });
});

describe('policy section emergencyAccess', () => {
  it('rejects unknown settings and out-of-range values with their JSON path', () => {
    expect(() => loadPolicy(policyFolder({ 'x.yaml': 'version: 1\nemergencyAccess: { roles: [clinician], hours: 2 }\n' }))).toThrow(
      /\/emergencyAccess\/hours: must NOT have additional properties/,
    );
    expect(() => loadPolicy(policyFolder({ 'x.yaml': 'version: 1\nemergencyAccess: { maxMinutes: 0 }\n' }))).toThrow(
      /\/emergencyAccess\/maxMinutes: must be >= 1/,
    );
    expect(() => loadPolicy(policyFolder({ 'x.yaml': 'version: 1\nemergencyAccess: { roles: [head nurse] }\n' }))).toThrow(PolicyError);
  });

  it('merges across files; one setting given differently by two files is a conflict', () => {
    const merged = loadPolicy(
      policyFolder({ 'a.yaml': 'version: 1\nemergencyAccess: { roles: [clinician] }\n', 'b.yaml': 'version: 1\nemergencyAccess: { maxMinutes: 15 }\n' }),
    );
    expect(merged.document.emergencyAccess).toEqual({ roles: ['clinician'], maxMinutes: 15 });
    expect(() =>
      loadPolicy(
        policyFolder({ 'a.yaml': 'version: 1\nemergencyAccess: { maxMinutes: 30 }\n', 'b.yaml': 'version: 1\nemergencyAccess: { maxMinutes: 15 }\n' }),
      ),
    ).toThrow(/b\.yaml: \/emergencyAccess\/maxMinutes: conflicts with the value set in/);
  });
});
