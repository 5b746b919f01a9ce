/**
 * Two rules the default policy cannot exercise, on a copy of it with two additions:
 * nurses may also update nursing templates (so the "write only what you can read in full" check
 * on the stored content is what refuses), and a `frontdesk` role reads patients but not their
 * identifiers (so searching by identifier must not reveal them).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { ANCA, bloodPressureComposition, labReportComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import {
  castHeaders,
  commit,
  createEhr,
  expectNothingStored,
  expectOneError,
  headersFor,
  registerPatient,
  systemSnapshot,
  UPDATE,
  type Actor,
} from './support.ts';
import { type Headers } from '../kit/tokens.ts';

let system: TestSystem;
let folder: string;
let cast: Record<Actor, Headers>;
let frontdesk: Headers;
let ehrId: string;
let ancaVitals: string;
let plainVitals: string;
let patientId: string;

const IDENTIFIER = { system: 'https://hospital.example/mrn', value: 'MRN-424242' };

function customPolicy(): string {
  const policy = parseYaml(readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8'));
  policy.roles.nurse.push({
    action: 'update',
    subject: 'Composition',
    conditions: { ehrOrg: { $in: '${principal.network}' }, templateId: { $in: '${templateLists.nursing}' } },
    reason: 'nurses amend nursing templates',
  });
  policy.roles.frontdesk = [
    { action: 'read', subject: 'Patient', reason: 'front desk staff find patients' },
    { action: 'read', subject: 'Patient', fields: ['identifiers'], inverted: true, reason: 'front desk staff never see identifiers' },
  ];
  folder = mkdtempSync(join(tmpdir(), 'security-policy-'));
  const path = join(folder, 'policy.yaml');
  writeFileSync(path, stringifyYaml(policy));
  return path;
}

beforeAll(async () => {
  system = await startSystem({ sharedRedis: true, subgraphEnv: { POLICY_PATH: customPolicy() } });
  cast = await castHeaders(system);
  frontdesk = await headersFor(system, { sub: 'desk-1', org: 'org-a', roles: ['frontdesk'] });
  ehrId = (await createEhr(system.gateway, cast.clinicianA)).id;
  const vitals = bloodPressureComposition(125, 82, '2026-08-01T08:00:00Z');
  const ancaEntry = (labReportComposition([ANCA(160)], '2026-08-01T08:00:00Z').content as unknown[])[0];
  ancaVitals = (await commit(system.gateway, cast.clinicianA, ehrId, { ...vitals, content: [...(vitals.content as unknown[]), ancaEntry] })).uid;
  plainVitals = (await commit(system.gateway, cast.nurseA, ehrId, bloodPressureComposition(128, 84, '2026-08-01T09:00:00Z'))).uid;
  patientId = await registerPatient(system.gateway, cast.registrar, { name: { given: ['Mary'], family: 'Breckinridge' }, identifiers: [IDENTIFIER] });
});

afterAll(async () => {
  await system?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe.each(['gateway', 'clinical'] as const)('%s: a nurse allowed to update nursing templates', (target) => {
  it('updates vital signs she can read in full', async () => {
    const current = (await system[target].request(`query($u: String!) { composition(uid: $u) { uid } }`, { u: plainVitals.split('::')[0] }, cast.nurseA)).data
      .composition.uid;
    const response = await system[target].request(UPDATE, { p: current, c: bloodPressureComposition(126, 80, '2026-08-01T09:00:00Z') }, cast.nurseA);
    expect(response.errors).toBeUndefined();
    expect(response.data.updateComposition.uid).toMatch(/::\d+$/);
  });

  it('cannot update vital signs whose stored content holds an ANCA entry, even with harmless new content; nothing stored', async () => {
    const before = await systemSnapshot(system);
    const response = await system[target].request(UPDATE, { p: ancaVitals, c: bloodPressureComposition(120, 80, '2026-08-01T08:00:00Z') }, cast.nurseA);
    expectOneError(response, 'FORBIDDEN', ['updateComposition']);
    expect(response.errors?.[0]?.extensions).toMatchObject({ action: 'write', subject: 'Composition' });
    expect(response.data).toBeNull();
    await expectNothingStored(system, before, { clinical: 'grew', demographic: 'unchanged' });
    // Control: a clinician may.
    const control = await system[target].request(`query($u: String!) { composition(uid: $u) { withheldEntryCount } }`, { u: ancaVitals }, cast.clinicianA);
    expect(control.data.composition.withheldEntryCount).toBe(0);
  });
});

describe.each(['gateway', 'demographic'] as const)('%s: a role that reads patients but not their identifiers', (target) => {
  const SEARCH = `query($i: IdentifierInput) { patients(identifier: $i) { edges { node { id } } } }`;

  it('sees identifiers as null with FORBIDDEN', async () => {
    const response = await system[target].request(`query($p: UUID!) { patient(id: $p) { id identifiers { value } } }`, { p: patientId }, frontdesk);
    expectOneError(response, 'FORBIDDEN', ['patient', 'identifiers']);
    expect(response.data).toEqual({ patient: { id: patientId, identifiers: null } });
  });

  it('finds nobody by identifier (a match would reveal the hidden identifier), though it finds the patient by name', async () => {
    expect(await system[target].request(SEARCH, { i: IDENTIFIER }, frontdesk)).toEqual({ status: 200, data: { patients: { edges: [] } } });
    const byName = await system[target].request(`{ patients(name: "Breck") { edges { node { id } } } }`, {}, frontdesk);
    expect(byName).toEqual({ status: 200, data: { patients: { edges: [{ node: { id: patientId } }] } } });
    // Control: a registrar finds the patient by the same identifier.
    expect(await system[target].request(SEARCH, { i: IDENTIFIER }, cast.registrar)).toEqual({
      status: 200,
      data: { patients: { edges: [{ node: { id: patientId } }] } },
    });
  });
});
