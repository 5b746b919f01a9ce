/**
 * Purpose of use in the policy: a request acts under one purpose and its ability comes from that
 * purpose's roles only; a research purpose can never be given `link`, `Patient` or an identifying
 * field, whatever the rules say.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import type { Principal } from '../../../../platform/auth/principal.ts';
import { IDENTIFYING_FIELDS } from '../../../../subgraphs/clinical/privacy/identity-table.ts';
import {
  activePurpose,
  buildCallerAbility,
  FIELDS,
  loadPolicy,
  type CallerAbility,
  type SubjectAttributes,
  type SubjectType,
} from '../../../../subgraphs/kit/authz/index.ts';
import { purposeOfRole } from '../../../../subgraphs/kit/authz/purposes.ts';
import { ACTIONS, PURPOSES } from '../../../../subgraphs/kit/authz/vocabulary.ts';
import { composition, EHR_1, EHR_2, ehr, entry, policyFolder, principal, removePolicyFolders, sqlFilterOf } from './support.ts';

afterAll(removePolicyFolders);

const DEFAULT_TEXT = readFileSync(new URL('../../../../policies/default.yaml', import.meta.url), 'utf8');
type Document = { purposes: Record<string, string[]>; roles: Record<string, Record<string, unknown>[]> };
const defaultDocument = () => parse(DEFAULT_TEXT) as Document;

/** The default policy plus `frontdesk`, a role listed under no purpose (the unnamed purpose). */
const policy = (() => {
  const document = defaultDocument();
  document.roles.frontdesk = [{ action: 'read', subject: 'Patient', conditions: { org: '${principal.org}' }, reason: 'front desk finds patients' }];
  return loadPolicy(policyFolder({ 'p.yaml': stringify(document) }), IDENTIFYING_FIELDS);
})();

const ORGS = ['org-a', 'org-b', 'org-c'];
const ROLES = [...Object.keys(policy.document.roles), 'unknown-role'];
const CLAIMS = [null, ...PURPOSES, 'treat', 'urn:other|TREAT'];

/** Objects of every subject, over the organisations of the cast. */
const OBJECTS: { [S in SubjectType]?: SubjectAttributes[S][] } = {
  Ehr: ORGS.map((org) => ehr({ org })),
  Composition: ORGS.map((org) => composition({ ehrOrg: org, org })),
  Entry: [...ORGS.map((org) => entry({ ehrOrg: org })), entry({ codes: ['LOINC::17351-8'] })],
  Patient: ORGS.map((org, index) => ({ id: [EHR_1, EHR_2, EHR_1][index] ?? EHR_1, org })),
  AuditEvent: ORGS.map((org) => ({ org })),
  StoredQuery: [{ name: 'patient_history' }, { name: 'other' }],
  Template: [{ templateId: 'demo.vital_signs.v1' }],
};
const COLUMNS = { Ehr: { id: 'e.id', org: 'e.org' }, Composition: { ehrOrg: 'c.ehr_org', ehrId: 'c.ehr_id' }, Patient: { org: 'p.org', id: 'p.id' } } as const;

/** Every decision the ability makes over the vocabulary (actions × subjects × objects × fields), and its SQL filters. */
function decisions(ability: CallerAbility): unknown[] {
  const answers: unknown[] = [];
  for (const [subject, objects] of Object.entries(OBJECTS) as [SubjectType, object[]][]) {
    for (const action of ACTIONS) {
      answers.push(ability.can(action, subject));
      for (const object of objects) {
        for (const field of [undefined, ...FIELDS[subject]]) answers.push(ability.can(action, subject, object as never, field));
      }
    }
  }
  for (const [subject, columns] of Object.entries(COLUMNS) as [SubjectType, never][]) answers.push(sqlFilterOf(ability, 'read', subject, columns, 1));
  return answers;
}

const caller = (overrides: Partial<Principal>) => principal({ sub: `p-${Math.random()}`, ...overrides });

describe('a request acts under one purpose', () => {
  it('random role sets × purpose claims: refused, or every grant comes from the roles of one purpose only', () => {
    const nothing = decisions(buildCallerAbility(policy, caller({ roles: [] })));
    fc.assert(
      fc.property(fc.subarray(ROLES), fc.constantFrom(...CLAIMS), fc.constantFrom(...ORGS, null), (roles, purpose, org) => {
        const token = caller({ roles, purpose, org });
        const active = activePurpose(policy.document, token);
        const defined = roles.filter((role) => Object.hasOwn(policy.document.roles, role));
        const purposesOfRoles = new Set(defined.map((role) => purposeOfRole(policy.document, role)));
        if ('refused' in active) {
          // Refused exactly when the claim names no declared purpose with a role of the token, or the roles span purposes unnamed.
          if (purpose === null) expect(purposesOfRoles.size).toBeGreaterThan(1);
          else expect(defined.some((role) => purposeOfRole(policy.document, role) === purpose)).toBe(false);
          expect(decisions(buildCallerAbility(policy, token))).toEqual(nothing);
          return;
        }
        expect(new Set(active.roles.map((role) => purposeOfRole(policy.document, role))).size).toBeLessThanOrEqual(1);
        if (purpose === null) expect(active.roles.sort()).toEqual([...new Set(defined)].sort());
        else expect(active.roles.every((role) => purposeOfRole(policy.document, role) === purpose)).toBe(true);
        const onlyThose = caller({ roles: active.roles, purpose: null, org });
        expect(decisions(buildCallerAbility(policy, token))).toEqual(decisions(buildCallerAbility(policy, onlyThose)));
      }),
      { numRuns: 150 },
    );
  });

  it('a research purpose never links nor reads a patient, whichever other roles the token holds', () => {
    fc.assert(
      fc.property(fc.subarray(ROLES), fc.constantFrom(...ORGS), (roles, org) => {
        const ability = buildCallerAbility(policy, caller({ roles: [...roles, 'researcher'], purpose: 'HRESCH', org }));
        for (const patient of OBJECTS.Patient ?? []) {
          expect(ability.can('read', 'Patient', patient) || ability.can('link', 'Patient', patient)).toBe(false);
        }
        for (const record of OBJECTS.Ehr ?? []) {
          expect(ability.can('link', 'Ehr', record) || ability.can('read', 'Ehr', record, 'id') || ability.can('read', 'Ehr', record, 'subjectId')).toBe(false);
        }
      }),
      { numRuns: 60 },
    );
  });
});

/** The message loading the default policy changed by `change` gives (with the clinical identity table), or 'loaded'. */
function loadProblem(change: (document: Document) => void, files?: (document: Document) => Record<string, string>): string {
  const document = defaultDocument();
  change(document);
  try {
    loadPolicy(policyFolder(files ? files(document) : { 'policy.yaml': stringify(document) }), IDENTIFYING_FIELDS);
    return 'loaded';
  } catch (error) {
    return (error as Error).message.replace(/^\/tmp\/policy-\w+\//, '');
  }
}

const researcher = (document: Document) => document.roles.researcher ?? [];

describe('policy load refuses what a research purpose may never grant', () => {
  it('accepts the default policy, with and without the identity table', () => {
    expect(loadProblem(() => undefined)).toBe('loaded');
  });

  it.each<[string, (document: Document) => void, string]>([
    [
      'a link rule',
      (d) => researcher(d).push({ action: 'link', subject: 'Ehr', reason: 'follow records' }),
      'policy.yaml: /roles/researcher/6: role researcher acts under the research purpose HRESCH, which never grants link (rule "follow records")',
    ],
    [
      'manage, which includes link',
      (d) => researcher(d).push({ action: 'manage', subject: 'Template', reason: 'curate templates' }),
      'policy.yaml: /roles/researcher/6: role researcher acts under the research purpose HRESCH, which never grants manage (it includes link) (rule "curate templates")',
    ],
    [
      'a Patient rule',
      (d) => researcher(d).push({ action: 'read', subject: 'Patient', fields: ['birthDate'], reason: 'ages' }),
      'policy.yaml: /roles/researcher/6: role researcher acts under the research purpose HRESCH, which never grants anything on Patient (rule "ages")',
    ],
    [
      'an identifying field (its cannot rule gone)',
      (d) => researcher(d).splice(1, 1),
      'policy.yaml: /roles/researcher/0: role researcher acts under the research purpose HRESCH, which never grants read of the identifying field Ehr.subjectId (rule "researchers read EHRs of organisations that allow research use")',
    ],
    [
      'an identifying field hidden only under a condition',
      (d) => Object.assign(researcher(d)[3] ?? {}, { conditions: { templateId: 'demo.vital_signs.v1' } }),
      'policy.yaml: /roles/researcher/2: role researcher acts under the research purpose HRESCH, which never grants read of the identifying field Composition.composer',
    ],
    [
      'an identifying field granted after its cannot rule',
      (d) => researcher(d).push({ action: 'read', subject: 'Composition', fields: ['participants'], reason: 'who took part' }),
      'policy.yaml: /roles/researcher/6: role researcher acts under the research purpose HRESCH, which never grants read of the identifying field Composition.participants (rule "who took part")',
    ],
    [
      'a clinical role moved under research',
      (d) => Object.assign(d.purposes, { TREAT: ['nurse', 'registrar'], HRESCH: ['researcher', 'clinician'] }),
      'policy.yaml: /roles/clinician/4: role clinician acts under the research purpose HRESCH, which never grants anything on Patient',
    ],
  ])('a research role with %s', (_name, change, message) => {
    expect(loadProblem(change)).toContain(message);
  });

  it('only a treatment purpose links a patient and an EHR: an operations role with link is refused too', () => {
    const withLink = (subject: string) => (d: Document) => d.roles.admin?.push({ action: ['read', 'link'], subject, reason: 'support desk' });
    expect(loadProblem(withLink('Ehr'))).toContain(
      'policy.yaml: /roles/admin/4: role admin acts under the operations purpose HOPERAT, which never grants link between a patient and an EHR (rule "support desk")',
    );
    expect(loadProblem(withLink('Patient'))).toContain('/roles/admin/4: role admin acts under the operations purpose HOPERAT');
    // `manage` on operational subjects links nothing: the default admin role stays valid.
    expect(loadProblem(withLink('Template'))).toBe('loaded');
  });

  it('names the file and the rule within it when the policy is a folder', () => {
    const problem = loadProblem(
      () => undefined,
      (document) => ({
        'a.yaml': stringify(document),
        'b.yaml': stringify({
          version: 1,
          roles: {
            researcher: [
              { action: 'read', subject: 'Template', reason: 'ok' },
              { action: 'link', subject: 'Ehr', reason: 'no' },
            ],
          },
        }),
      }),
    );
    expect(problem).toContain('b.yaml: /roles/researcher/1: role researcher acts under the research purpose HRESCH, which never grants link');
  });

  it.each<[string, (document: Document) => void, string]>([
    [
      'a role under two purposes',
      (d) => d.purposes.HOPERAT?.push('nurse'),
      '/purposes/HOPERAT: role nurse is listed under TREAT already: a role belongs to one purpose',
    ],
    ['a role the policy does not define', (d) => d.purposes.TREAT?.push('porter'), '/purposes/TREAT: lists role porter, which the policy does not define'],
    [
      'a purpose that is no HL7 PurposeOfUse code',
      (d) => Object.assign(d.purposes, { CARE: ['nurse'] }),
      '/purposes/CARE: is not a purpose of use (HL7 v3 PurposeOfUse code): must be one of TREAT, ETREAT, HRESCH',
    ],
  ])('refuses %s', (_name, change, message) => {
    expect(loadProblem(change)).toContain(message);
  });

  it('without the identity table (the demographic service) link and Patient are still refused', () => {
    const document = defaultDocument();
    researcher(document).splice(1, 1);
    expect(() => loadPolicy(policyFolder({ 'p.yaml': stringify(document) }))).not.toThrow();
    researcher(document).push({ action: 'link', subject: 'Patient', reason: 'no' });
    expect(() => loadPolicy(policyFolder({ 'p.yaml': stringify(document) }))).toThrow(/research purpose HRESCH, which never grants link/);
  });

  it('a policy without purposes keeps one unnamed purpose: roles add up as before', () => {
    const document = defaultDocument() as Partial<Document>;
    delete document.purposes;
    const loaded = loadPolicy(policyFolder({ 'p.yaml': stringify(document) }));
    const both = buildCallerAbility(loaded, caller({ roles: ['admin', 'clinician'] }));
    expect([both.can('read', 'AuditEvent'), both.can('read', 'Composition', composition())]).toEqual([true, true]);
    expect(activePurpose(loaded.document, { roles: ['admin', 'clinician'], purpose: 'TREAT' })).toEqual({ refused: 'unknown purpose' });
  });
});
