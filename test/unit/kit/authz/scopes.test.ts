import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildCallerAbility, loadPolicy, parseScopes, patternCondition } from '../../../../subgraphs/kit/authz/index.ts';
import { composition, ehr, EHR_1, EHR_2, entry, principal, sqlFilterOf } from './support.ts';

const policy = loadPolicy('policies');
const scoped = (roles: string[], scopes: string[] | null, ehrId: string | null = null) =>
  buildCallerAbility(policy, principal({ sub: `scopes-${Math.random()}`, roles, scopes, ehrId }));

afterEach(() => vi.restoreAllMocks());

describe('parseScopes', () => {
  it('parses <compartment>/<resource>.<permissions>', () => {
    expect(
      parseScopes([
        'user/composition-demo.vital_signs.v1.cr',
        'patient/composition-*.rs',
        'system/aql-org.openehr::compositions.s',
        'user/template-MyHospital::*.r',
      ]),
    ).toEqual({
      scopes: [
        { compartment: 'user', resource: 'composition', pattern: 'demo.vital_signs.v1', permissions: ['c', 'r'] },
        { compartment: 'patient', resource: 'composition', pattern: '*', permissions: ['r', 's'] },
        { compartment: 'system', resource: 'aql', pattern: 'org.openehr::compositions', permissions: ['s'] },
        { compartment: 'user', resource: 'template', pattern: 'MyHospital::*', permissions: ['r'] },
      ],
      malformed: 0,
    });
  });

  it('counts malformed scopes and skips non-resource ones (openid, launch, …)', () => {
    const malformed = [
      'user/composition-X.rc', // permissions out of order
      'user/composition-X.', // no permissions
      'user/composition-X', // no permissions
      'user/composition-.r', // no template
      'user/Observation.rs', // not an openEHR resource
      'clinic/composition-X.r', // unknown compartment
      'user/composition-X Y.r', // space
      'user/composition-X.rr',
    ];
    expect(parseScopes([...malformed, 'openid', 'fhirUser', 'launch', 'launch/patient', 'offline_access'])).toEqual({
      scopes: [],
      malformed: malformed.length,
    });
  });
});

describe('patternCondition', () => {
  const matches = (pattern: string, id: string) => {
    const condition = patternCondition(pattern);
    if (condition === undefined) return true;
    return typeof condition === 'string' ? condition === id : condition.$regex.test(id);
  };
  it('`*` matches everything; a literal matches itself only', () => {
    expect(patternCondition('*')).toBeUndefined();
    expect(patternCondition('demo.vital_signs.v1')).toBe('demo.vital_signs.v1');
  });
  it('namespace patterns match as globs with literal dots', () => {
    expect(matches('MyHospital::*', 'MyHospital::Vitals.v1')).toBe(true);
    expect(matches('MyHospital::*', 'OtherHospital::Vitals.v1')).toBe(false);
    expect(matches('MyHospital::*', 'xMyHospital::Vitals.v1')).toBe(false);
    expect(matches('*::Template.v0', 'MyHospital::Template.v0')).toBe(true);
    expect(matches('*::Template.v0', 'MyHospital::TemplateXv0')).toBe(false);
    expect(matches('*::Template.v0', 'MyHospital::Template.v0.extra')).toBe(false);
  });
});

describe('scopes narrow the roles, never widen them', () => {
  it('a scope cannot grant what the role lacks', () => {
    const nurse = scoped(['nurse'], ['user/composition-*.cruds', 'user/aql-*.s']);
    expect(nurse.can('update', 'Composition', composition())).toBe(false);
    expect(nurse.can('create', 'Composition', composition({ templateId: 'demo.lab.v1' }))).toBe(false);
    expect(nurse.can('execute', 'StoredQuery', { name: 'adhoc' })).toBe(false);
    expect(nurse.can('execute', 'StoredQuery', { name: 'patient_history' })).toBe(true);
    expect(scoped(['registrar'], ['system/composition-*.cruds']).can('read', 'Composition', composition())).toBe(false);
  });

  it('a composition scope limits templates and permissions, entries included', () => {
    const clinician = scoped(['clinician'], ['user/composition-demo.vital_signs.v1.r']);
    expect(clinician.can('read', 'Composition', composition({ templateId: 'demo.vital_signs.v1' }))).toBe(true);
    expect(clinician.decide('read', 'Composition', composition({ templateId: 'demo.lab.v1' }))).toEqual({
      allowed: false,
      reason: 'no scope of the token allows read on Composition',
    });
    expect(clinician.can('update', 'Composition', composition({ templateId: 'demo.vital_signs.v1' }))).toBe(false);
    expect(clinician.can('read', 'Entry', entry({ templateId: 'demo.vital_signs.v1' }))).toBe(true);
    expect(clinician.can('read', 'Entry', entry({ templateId: 'demo.lab.v1' }))).toBe(false);
    // the role's own limits still hold
    expect(clinician.can('read', 'Composition', composition({ templateId: 'demo.vital_signs.v1', ehrOrg: 'org-c' }))).toBe(false);
  });

  it('`s` on a composition means read; `c` alone does not allow reading', () => {
    const clinician = scoped(['clinician'], ['user/composition-*.s', 'user/composition-Notes.v1.c']);
    expect(clinician.can('read', 'Composition', composition())).toBe(true);
    expect(clinician.can('create', 'Composition', composition({ templateId: 'Notes.v1' }))).toBe(true);
    expect(clinician.can('create', 'Composition', composition())).toBe(false);
  });

  it('namespace patterns in composition and aql scopes', () => {
    const clinician = scoped(['clinician'], ['user/composition-*::Template.v0.r', 'user/aql-MyHospital::*.s']);
    expect(clinician.can('read', 'Composition', composition({ templateId: 'MyHospital::Template.v0' }))).toBe(true);
    expect(clinician.can('read', 'Composition', composition({ templateId: 'MyHospital::Template.v1' }))).toBe(false);
    expect(clinician.can('execute', 'StoredQuery', { name: 'MyHospital::patient_history' })).toBe(true);
    expect(clinician.can('execute', 'StoredQuery', { name: 'Other::patient_history' })).toBe(false);
    const filter = sqlFilterOf(clinician, 'read', 'Composition', { ehrOrg: 'c.ehr_org', templateId: 'c.template_id' }, 1);
    expect(filter.sql).toBe('(COALESCE((c.ehr_org)::text = ANY($1::text[]), FALSE) AND COALESCE((c.template_id)::text ~ $2::text, FALSE))');
    expect(filter.params).toEqual([['org-a', 'org-b'], '^.*::Template\\.v0$']);
  });

  it('patient/ scopes are bound to the launch EHR (the ehrId claim)', () => {
    const app = scoped(['clinician'], ['patient/composition-*.r'], EHR_1);
    expect(app.can('read', 'Composition', composition({ ehrId: EHR_1 }))).toBe(true);
    expect(app.can('read', 'Composition', composition({ ehrId: EHR_2 }))).toBe(false);
    expect(app.can('read', 'Entry', entry({ ehrId: EHR_2 }))).toBe(false);
    expect(app.can('read', 'Ehr', ehr({ id: EHR_1 }))).toBe(true);
    expect(app.can('read', 'Ehr', ehr({ id: EHR_2 }))).toBe(false);
    expect(app.can('read', 'Patient')).toBe(true); // not an openEHR resource: scopes do not speak about it
    const filter = sqlFilterOf(app, 'read', 'Composition', { ehrOrg: 'c.ehr_org', ehrId: 'c.ehr_id' }, 1);
    expect(filter.sql).toContain('(c.ehr_id)::text = $2::text');
    expect(filter.params).toEqual([['org-a', 'org-b'], EHR_1]);
  });

  it('patient/ scopes without an ehrId claim match nothing', () => {
    const app = scoped(['clinician'], ['patient/composition-*.r']);
    expect(app.can('read', 'Composition', composition())).toBe(false);
    expect(app.can('read', 'Ehr', ehr())).toBe(false);
    expect(sqlFilterOf(app, 'read', 'Composition', { ehrOrg: 'c.ehr_org', ehrId: 'c.ehr_id' }, 1)).toEqual({ sql: 'FALSE', params: [] });
  });

  it('user/ scopes leave EHRs, patients and admin subjects to the roles', () => {
    const app = scoped(['clinician'], ['user/composition-X.r']);
    expect(app.can('read', 'Ehr', ehr({ id: EHR_2 }))).toBe(true);
    expect(app.can('read', 'Patient')).toBe(true);
    expect(scoped(['admin'], ['user/composition-X.r']).can('read', 'AuditEvent')).toBe(true);
    expect(app.can('read', 'Template', { templateId: 'X' })).toBe(false); // no template scope
  });

  it('malformed scopes are ignored with one warning line that holds no token content', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const app = scoped(['clinician'], ['user/composition-*.rw', 'secret-looking-scope', 'user/composition-X.r']);
    expect(app.can('read', 'Composition', composition({ templateId: 'X' }))).toBe(true);
    expect(app.can('read', 'Composition', composition({ templateId: 'Y' }))).toBe(false);
    expect(warn).toHaveBeenCalledTimes(1);
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message).toBe('authz: ignored 2 malformed SMART scope(s) of a token');
  });

  it('only malformed or no resource scopes: no clinical content at all', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const scopes of [['garbage'], [], ['openid']]) {
      const app = scoped(['clinician'], scopes);
      expect(app.can('read', 'Composition', composition()), scopes.join()).toBe(false);
      expect(sqlFilterOf(app, 'read', 'Entry', { ehrOrg: 'e.ehr_org' }, 1).sql).toBe('FALSE');
      expect(app.can('read', 'Patient')).toBe(true);
    }
  });

  it('no scope claim: no narrowing', () => {
    expect(scoped(['clinician'], null).can('update', 'Composition', composition())).toBe(true);
  });
});
