import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { abilityCacheStats, buildCallerAbility, loadPolicy } from '../../../../subgraphs/kit/authz/index.ts';
import { composition, ehr, EHR_2, entry, policyFolder, removePolicyFolders, principal, sqlFilterOf } from './support.ts';

afterAll(removePolicyFolders);

const policy = loadPolicy('policies');
const as = (roles: string[], org: string | null = 'org-a') => buildCallerAbility(policy, principal({ roles, org }));
const ANCA = 'LOINC::17351-8';
const patient = (org: string) => ({ id: 'p', org });
const HBA1C = 'LOINC::4548-4';

describe('default policy: clinician', () => {
  const clinician = as(['clinician']);

  it('reads and writes compositions in EHRs of its care network only', () => {
    for (const action of ['create', 'read', 'update', 'delete'] as const) {
      expect(clinician.can(action, 'Composition', composition({ ehrOrg: 'org-a' })), action).toBe(true);
      expect(clinician.can(action, 'Composition', composition({ ehrOrg: 'org-b' })), `${action} network`).toBe(true);
      expect(clinician.can(action, 'Composition', composition({ ehrOrg: 'org-c' })), `${action} outside`).toBe(false);
    }
    expect(clinician.decide('read', 'Composition', composition({ ehrOrg: 'org-c' }))).toEqual({ allowed: false, reason: 'no rule allows read on Composition' });
  });

  it('outside any network, its network is its own organisation', () => {
    const loner = as(['clinician'], 'org-c');
    expect(loner.can('read', 'Composition', composition({ ehrOrg: 'org-c' }))).toBe(true);
    expect(loner.can('read', 'Composition', composition({ ehrOrg: 'org-a' }))).toBe(false);
  });

  it('reads every entry of its network, restricted codes included', () => {
    expect(clinician.can('read', 'Entry', entry({ codes: [ANCA] }))).toBe(true);
    expect(clinician.can('read', 'Entry', entry({ codes: [ANCA], ehrOrg: 'org-c' }))).toBe(false);
  });

  it('reads patients with identifiers, links patients and EHRs, creates EHRs, runs any stored query', () => {
    expect(clinician.can('read', 'Patient', patient('org-b'), 'identifiers')).toBe(true);
    expect(clinician.can('link', 'Patient', patient('org-b'))).toBe(true);
    expect(clinician.can('link', 'Ehr', ehr())).toBe(true);
    expect(clinician.can('create', 'Ehr')).toBe(true);
    expect(clinician.can('read', 'Ehr', ehr({ org: 'org-b' }), 'subjectId')).toBe(true);
    expect(clinician.can('execute', 'StoredQuery', { name: 'anything' })).toBe(true);
    expect(clinician.can('read', 'AuditEvent')).toBe(false);
    expect(clinician.can('manage', 'Policy')).toBe(false);
  });

  it('reads and links patients of its care network only; never moves them', () => {
    for (const action of ['read', 'link'] as const) expect(clinician.can(action, 'Patient', patient('org-c')), action).toBe(false);
    expect(clinician.can('link', 'Ehr', ehr({ org: 'org-c' }))).toBe(false);
    expect(clinician.can('update', 'Patient', patient('org-a'), 'org')).toBe(false);
    expect(sqlFilterOf(clinician, 'read', 'Patient', { id: 'p.id', org: 'p.org' }, 1).sql).toContain('p.org');
  });

  it('without an org claim, no organisation-bound rule matches', () => {
    const orgless = as(['clinician'], null);
    expect(orgless.can('read', 'Composition', composition())).toBe(false);
    expect(orgless.can('read', 'Composition')).toBe(false);
    expect(sqlFilterOf(orgless, 'read', 'Composition', { ehrOrg: 'c.ehr_org' }, 1)).toEqual({ sql: 'FALSE', params: [] });
    expect(orgless.can('read', 'Patient')).toBe(false);
  });
});

describe('default policy: nurse', () => {
  const nurse = as(['nurse']);

  it('withholds entries with restricted codes (ANCA) and shows the others (HbA1c)', () => {
    expect(nurse.decide('read', 'Entry', entry({ codes: [ANCA] }))).toEqual({
      allowed: false,
      reason: 'entries with restricted codes are withheld from nurses',
    });
    expect(nurse.decide('read', 'Entry', entry({ codes: [HBA1C] }))).toEqual({ allowed: true, reason: 'nurses read entries in EHRs of their care network' });
    expect(nurse.can('read', 'Entry', entry({ codes: [HBA1C, ANCA] }))).toBe(false);
    expect(nurse.can('read', 'Entry', entry({ codes: [] }))).toBe(true);
    const filter = sqlFilterOf(nurse, 'read', 'Entry', { ehrOrg: 'e.ehr_org', codes: 'e.codes' }, 3);
    expect(filter.sql).toBe('(NOT (COALESCE((e.codes)::text[] && $3::text[], FALSE)) AND COALESCE((e.ehr_org)::text = ANY($4::text[]), FALSE))');
    expect(filter.params).toEqual([[ANCA], ['org-a', 'org-b']]);
  });

  it('reads compositions of its network, creates only nursing templates, never updates', () => {
    expect(nurse.can('read', 'Composition', composition({ ehrOrg: 'org-b' }))).toBe(true);
    expect(nurse.can('create', 'Composition', composition({ templateId: 'demo.vital_signs.v1' }))).toBe(true);
    expect(nurse.can('create', 'Composition', composition({ templateId: 'ehrbase_blood_pressure_simple.de.v0' }))).toBe(true);
    expect(nurse.decide('create', 'Composition', composition({ templateId: 'demo.lab.v1' }))).toEqual({
      allowed: false,
      reason: 'no rule allows create on Composition',
    });
    expect(nurse.can('create', 'Composition', composition({ templateId: 'demo.vital_signs.v1', ehrOrg: 'org-c' }))).toBe(false);
    expect(nurse.can('update', 'Composition', composition())).toBe(false);
    expect(nurse.can('delete', 'Composition', composition())).toBe(false);
  });

  it('runs the patient_history stored query only; no patients, no link', () => {
    expect(nurse.can('execute', 'StoredQuery', { name: 'patient_history' })).toBe(true);
    expect(nurse.can('execute', 'StoredQuery', { name: 'adhoc' })).toBe(false);
    expect(nurse.can('read', 'Patient')).toBe(false);
    expect(nurse.can('link', 'Patient')).toBe(false);
  });
});

describe('default policy: researcher', () => {
  const researcher = as(['researcher'], 'uni-x');

  it('reads records of organisations that allow research use only', () => {
    expect(researcher.can('read', 'Composition', composition({ ehrOrg: 'org-a' }))).toBe(true);
    expect(researcher.can('read', 'Composition', composition({ ehrOrg: 'org-b' }))).toBe(false);
    expect(researcher.can('read', 'Entry', entry({ ehrOrg: 'org-a', codes: [ANCA] }))).toBe(true);
    expect(researcher.can('read', 'Entry', entry({ ehrOrg: 'org-b' }))).toBe(false);
    expect(researcher.can('read', 'Ehr', ehr({ org: 'org-a' }))).toBe(true);
    expect(researcher.can('read', 'Ehr', ehr({ org: 'org-b' }))).toBe(false);
  });

  it('never sees Ehr.subjectId, the EHR id (record stand-ins fall under it), the composer, the participants or the facility', () => {
    const reason = 'researchers never see whose an EHR is, nor its id or what stands in for it (times created, composition uids)';
    expect(researcher.decide('read', 'Ehr', ehr(), 'subjectId')).toEqual({ allowed: false, reason });
    expect(researcher.decide('read', 'Ehr', ehr(), 'id')).toEqual({ allowed: false, reason });
    expect(researcher.can('read', 'Ehr', ehr(), 'subjectNamespace')).toBe(true);
    expect(researcher.can('read', 'Composition', composition(), 'composer')).toBe(false);
    expect(researcher.can('read', 'Composition', composition(), 'participants')).toBe(false);
    expect(researcher.can('read', 'Composition', composition(), 'healthCareFacility')).toBe(false);
    expect(researcher.can('read', 'Composition', composition(), 'name')).toBe(true);
    expect(researcher.can('read', 'Ehr', undefined, 'subjectId')).toBe(false);
  });

  it('no patients, no link, no writing', () => {
    expect(researcher.can('read', 'Patient')).toBe(false);
    expect(researcher.can('link', 'Patient')).toBe(false);
    expect(researcher.can('link', 'Ehr', ehr())).toBe(false);
    expect(researcher.can('create', 'Composition', composition())).toBe(false);
  });
});

describe('default policy: registrar and admin', () => {
  it('registrar: patients of its organisation (create, update, link; read in its network), no clinical content', () => {
    const registrar = as(['registrar']);
    for (const action of ['create', 'read', 'update', 'link'] as const) expect(registrar.can(action, 'Patient', patient('org-a')), action).toBe(true);
    expect(registrar.can('read', 'Patient', patient('org-b'), 'identifiers')).toBe(true);
    for (const action of ['create', 'update', 'link'] as const) expect(registrar.can(action, 'Patient', patient('org-b')), action).toBe(false);
    for (const action of ['create', 'read', 'update', 'link'] as const) expect(registrar.can(action, 'Patient', patient('org-c')), action).toBe(false);
    expect(registrar.can('update', 'Patient', patient('org-a'), 'org')).toBe(false);
    expect(registrar.can('delete', 'Patient')).toBe(false);
    // It sees that an EHR of its network exists (to link it), never whose it is.
    expect(registrar.can('read', 'Ehr', ehr({ org: 'org-b' }))).toBe(true);
    expect(registrar.can('read', 'Ehr', ehr({ org: 'org-c' }))).toBe(false);
    expect(registrar.can('read', 'Ehr', ehr(), 'subjectId')).toBe(false);
    for (const subject of ['Composition', 'Entry', 'StoredQuery'] as const) {
      expect(registrar.can('read', subject), subject).toBe(false);
      expect(registrar.can('execute', subject), subject).toBe(false);
    }
    expect(registrar.can('link', 'Ehr')).toBe(false);
    expect(as(['registrar'], null).can('create', 'Patient', patient(''))).toBe(false);
  });

  it('admin: tokens, policies, audit; no clinical content', () => {
    const admin = as(['admin']);
    for (const action of ['create', 'read', 'update', 'delete', 'manage'] as const) {
      expect(admin.can(action, 'Token'), action).toBe(true);
      expect(admin.can(action, 'Policy'), action).toBe(true);
    }
    expect(admin.can('read', 'AuditEvent')).toBe(true);
    for (const subject of ['Ehr', 'Composition', 'Entry', 'Patient', 'StoredQuery'] as const) expect(admin.can('read', subject), subject).toBe(false);
    expect(admin.can('link', 'Patient')).toBe(false);
  });

  it('admin: moves patients of its own organisation only', () => {
    const admin = as(['admin']);
    expect(admin.can('update', 'Patient', patient('org-a'), 'org')).toBe(true);
    expect(admin.can('update', 'Patient', patient('org-b'), 'org')).toBe(false);
    expect(admin.can('update', 'Patient', patient('org-a'), 'name')).toBe(false);
    expect(as(['admin'], null).can('update', 'Patient', patient(''), 'org')).toBe(false);
  });

  it('admin with a clinical role acts under one purpose at a time, never the union of both', () => {
    const under = (purpose: string | null) => buildCallerAbility(policy, principal({ roles: ['admin', 'clinician'], purpose }));
    expect([under('HOPERAT').can('read', 'AuditEvent'), under('HOPERAT').can('read', 'Composition', composition())]).toEqual([true, false]);
    expect([under('TREAT').can('read', 'AuditEvent'), under('TREAT').can('read', 'Composition', composition())]).toEqual([false, true]);
    expect(under('TREAT').can('read', 'Composition', composition({ ehrOrg: 'org-c' }))).toBe(false);
    // Without a claim the roles span two purposes: the services refuse the token; the ability grants nothing.
    expect([under(null).can('read', 'AuditEvent'), under(null).can('read', 'Composition', composition())]).toEqual([false, false]);
  });

  it("one role's cannot does not cancel another role's grant, whatever the order", () => {
    for (const roles of [
      ['nurse', 'clinician'],
      ['clinician', 'nurse'],
    ]) {
      expect(as(roles).can('read', 'Entry', entry({ codes: [ANCA] })), roles.join()).toBe(true);
    }
  });

  it('unknown roles and no roles give nothing', () => {
    expect(as(['superuser']).can('read', 'Patient')).toBe(false);
    expect(as([]).can('read', 'Template')).toBe(false);
    expect(sqlFilterOf(as([]), 'read', 'Patient', { id: 'p.id' }, 1)).toEqual({ sql: 'FALSE', params: [] });
  });
});

describe('compiled abilities', () => {
  it('are compiled once per caller and policy version, and a reloaded policy takes effect', () => {
    const folder = policyFolder({ 'p.yaml': 'version: 1\nroles:\n  reader:\n  - { action: read, subject: Template, reason: r }\n' });
    const first = loadPolicy(folder);
    const caller = principal({ sub: 'cache-test', roles: ['reader'] });
    const before = abilityCacheStats().compilations;
    expect(buildCallerAbility(first, caller).can('read', 'Template')).toBe(true);
    expect(buildCallerAbility(first, { ...caller, jti: 'another-token', roles: ['reader', 'reader'] }).can('read', 'Template')).toBe(true);
    expect(abilityCacheStats().compilations).toBe(before + 1);
    writeFileSync(join(folder, 'p.yaml'), 'version: 1\nroles:\n  reader:\n  - { action: read, subject: StoredQuery, reason: r }\n');
    const reloaded = loadPolicy(folder);
    expect(buildCallerAbility(reloaded, caller).can('read', 'Template')).toBe(false);
    expect(abilityCacheStats().compilations).toBe(before + 2);
    expect(buildCallerAbility(reloaded, { ...caller, jti: 'j' }).principal.jti).toBe('j');
  });

  it('a cannot rule whose variable has no value forbids everything it covers (fails closed)', () => {
    const folder = policyFolder({
      'p.yaml': [
        'version: 1',
        'roles:',
        '  viewer:',
        '  - { action: read, subject: Composition, reason: all }',
        '  - { action: read, subject: Composition, inverted: true, conditions: { org: { $ne: "${principal.org}" } }, reason: only own }',
        '  - { action: read, subject: Ehr, conditions: { id: "${principal.ehrId}" }, reason: launch EHR }',
      ].join('\n'),
    });
    const viewer = (org: string | null) => buildCallerAbility(loadPolicy(folder), principal({ roles: ['viewer'], org, ehrId: null }));
    expect(viewer('org-a').can('read', 'Composition', composition({ org: 'org-a' }))).toBe(true);
    expect(viewer('org-a').can('read', 'Composition', composition({ org: 'org-b' }))).toBe(false);
    expect(viewer(null).can('read', 'Composition', composition({ org: 'org-a' }))).toBe(false);
    expect(sqlFilterOf(viewer(null), 'read', 'Composition', { org: 'c.org' }, 1).sql).toBe('FALSE');
    expect(viewer('org-a').can('read', 'Ehr', ehr({ id: EHR_2 }))).toBe(false);
  });
});
