import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../platform/errors/errors.ts';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from './kit/system.ts';

const README = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The README's ```graphql blocks by operation name. */
const operations = new Map(
  [...README.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => {
    const body = match[1] ?? '';
    const name = /^(?:query|mutation)\s+(\w+)/m.exec(body)?.[1] ?? '';
    return [name, body] as const;
  }),
);

let system: TestSystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

describe('README', () => {
  it('documents every error code', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(README).toContain(`| \`${code}\` |`);
  });

  it('documents every configuration variable the services read', () => {
    const sources = [
      'subgraphs/clinical/config.ts',
      'subgraphs/demographic/config.ts',
      'gateway/config.ts',
      'platform/auth/config.ts',
      'subgraphs/kit/authz/config.ts',
      'platform/limits/config.ts',
      'platform/redis/cache-config.ts',
      'platform/observability/operations.ts',
    ].map((file) =>
      readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'),
    );
    const variables = new Set(sources.flatMap((source) => [...source.matchAll(/^\s+([A-Z][A-Z_]+):/gm)].map((m) => m[1])));
    expect(variables.size).toBeGreaterThan(8);
    for (const variable of variables) expect(README).toContain(`| \`${variable}\` |`);
  });

  it('has example operations that work as written, in order', async () => {
    expect([...operations.keys()]).toEqual([
      'RegisterPatient', 'CreateEhr', 'LinkEhr', 'CommitComposition', 'PatientHistory', 'WhoseEhr',
      'UpdateComposition', 'DeleteComposition', 'History', 'FindPatient', 'LabReportAsNurse', 'BloodPressureAbove',
    ]);
    const run = async (name: string, variables: Record<string, unknown> = {}) => {
      const response = await system.gateway.request(operations.get(name) as string, variables);
      expect(response.errors, name).toBeUndefined();
      return response.data;
    };
    const patientId = (await run('RegisterPatient')).registerPatient.id;
    const ehrId = (await run('CreateEhr')).createEhr.id;
    expect((await run('LinkEhr', { patientId, ehrId })).linkEhr.ehr.id).toBe(ehrId);
    const committed = (await run('CommitComposition', { ehrId, composition: bloodPressureComposition(120, 80, '2026-01-01T08:00:00Z') }))
      .commitComposition;
    const above = (await run('BloodPressureAbove', { min: 100 })).aql;
    expect(above.rows).toEqual([[120]]);
    expect((await run('BloodPressureAbove', { min: 140 })).aql.rows).toEqual([]);
    const history = await run('PatientHistory', { patientId });
    expect(history.patient.ehr.compositions.edges[0].node.uid).toBe(committed.uid);
    expect((await run('WhoseEhr', { ehrId })).ehr.patient.name.family).toBe('Lovelace');
    const updated = (await run('UpdateComposition', { uid: committed.uid, composition: bloodPressureComposition(118, 79, '2026-01-01T08:00:00Z') }))
      .updateComposition;
    expect((await run('DeleteComposition', { uid: updated.uid })).deleteComposition.lifecycleState).toBe('DELETED');
    const versions = (await run('History', { objectId: committed.uid.split('::')[0] })).compositionVersions;
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2, 3]);
    expect((await run('FindPatient')).patients.edges).toEqual([
      { node: { id: patientId, name: { family: 'Lovelace' }, birthDate: '1815-12-10' } },
    ]);
  });

  it('shows the nurse example exactly as a nurse gets it', async () => {
    const ehrId = (await system.gateway.request(operations.get('CreateEhr') as string)).data.createEhr.id;
    const lab = await system.gateway.request(operations.get('CommitComposition') as string, {
      ehrId,
      composition: labReportComposition([HBA1C(7.4), ANCA(80)], '2026-02-01T08:00:00Z'),
    });
    const nurse = { authorization: `Bearer ${await system.token({ sub: 'nurse', roles: ['nurse'] })}` };
    const response = await system.gateway.request(operations.get('LabReportAsNurse') as string, { uid: lab.data.commitComposition.uid }, nurse);
    const shown = /query LabReportAsNurse[\s\S]*?```\s*```json\n([\s\S]*?)```/.exec(README)?.[1];
    expect(shown).toBeDefined();
    expect({ data: response.data }).toEqual(JSON.parse(shown as string));
  });
});
