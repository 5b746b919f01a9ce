import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Action, CallerAbility, ColumnMap, SubjectAttributes, SubjectType } from '../../../../subgraphs/kit/authz/types.ts';
import { SqlParams } from '../../../../subgraphs/kit/db/sql.ts';

/** Test helpers of the authz tests (not used by services). */
export { principal } from '../../../kit/principals.ts';

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

/**
 * `ability.sqlFilter` rendered into a statement whose placeholders before it are `$1` … `$first-1`:
 * the condition and the parameters it added.
 */
export function sqlFilterOf<S extends SubjectType>(
  ability: CallerAbility,
  action: Action,
  subject: S,
  columns: ColumnMap<S>,
  first: number,
): { sql: string; params: unknown[] } {
  const params = new SqlParams(Array.from({ length: first - 1 }, () => null));
  const sql = ability.sqlFilter(action, subject, columns, params);
  return { sql, params: params.values.slice(first - 1) };
}

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
