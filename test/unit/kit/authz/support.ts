import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Principal } from '../../../../platform/auth/principal.ts';
import type { SubjectAttributes } from '../../../../subgraphs/kit/authz/types.ts';

/** Test helpers of the authz tests (not used by services). */
export const principal = (overrides: Partial<Principal> = {}): Principal => ({
  sub: 'user-1',
  org: 'org-a',
  roles: [],
  scopes: null,
  jti: null,
  ehrId: null,
  issuer: 'https://issuer.test',
  expiresAt: null,
  ...overrides,
});

export const EHR_1 = '11111111-1111-4111-8111-111111111111';
export const EHR_2 = '22222222-2222-4222-8222-222222222222';

export const composition = (overrides: Partial<SubjectAttributes['Composition']> = {}): SubjectAttributes['Composition'] => ({
  ehrId: EHR_1,
  ehrOrg: 'org-a',
  org: 'org-a',
  templateId: 'demo.vital_signs.v1',
  archetypeNodeId: 'openEHR-EHR-COMPOSITION.encounter.v1',
  lifecycleState: 'COMPLETE',
  ...overrides,
});

export const entry = (overrides: Partial<SubjectAttributes['Entry']> = {}): SubjectAttributes['Entry'] => ({
  ehrId: EHR_1,
  ehrOrg: 'org-a',
  templateId: 'demo.lab.v1',
  rmType: 'OBSERVATION',
  archetypeNodeId: 'openEHR-EHR-OBSERVATION.laboratory_test_result.v1',
  codes: [],
  ...overrides,
});

export const ehr = (overrides: Partial<SubjectAttributes['Ehr']> = {}): SubjectAttributes['Ehr'] => ({
  id: EHR_1,
  org: 'org-a',
  subjectNamespace: 'default',
  ...overrides,
});

const folders: string[] = [];

/** Writes `files` (name → content) into a new temporary folder and returns its path. */
export function policyFolder(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'policy-'));
  folders.push(folder);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(folder, name), content);
  return folder;
}

/** Removes the folders policyFolder made. */
export function removePolicyFolders(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
}
