import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition } from '../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from './kit/system.ts';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');

/** The pages whose ```graphql blocks are run here, in reading order (README.md's first query is run on its own). */
const PAGES = ['docs/usage.md', 'docs/security.md', 'docs/aql.md'];
const DOCS = PAGES.map(read).join('\n');
const README = read('README.md');

/** The ```graphql blocks of `text` by operation name. */
const operationsOf = (text: string) =>
  new Map(
    [...text.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => {
      const body = match[1] ?? '';
      const name = /^(?:query|mutation)\s+(\w+)/m.exec(body)?.[1] ?? '';
      return [name, body] as const;
    }),
  );
const operations = operationsOf(DOCS);

let system: TestSystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

describe('documented examples', () => {
  it('has example operations that work as written, in order', async () => {
    expect([...operations.keys()]).toEqual([
      'RegisterPatient',
      'CreateEhr',
      'LinkEhr',
      'CommitComposition',
      'PatientHistory',
      'WhoseEhr',
      'UpdateComposition',
      'DeleteComposition',
      'History',
      'FindPatient',
      'LabReportAsNurse',
      'BreakGlass',
      'EmergencyRead',
      'RecentEmergencyAccesses',
      'BloodPressureAbove',
    ]);
    const run = async (name: string, variables: Record<string, unknown> = {}) => {
      const response = await system.gateway.request(operations.get(name) as string, variables);
      expect(response.errors, name).toBeUndefined();
      return response.data;
    };
    const patientId = (await run('RegisterPatient')).registerPatient.id;
    const ehrId = (await run('CreateEhr')).createEhr.id;
    expect((await run('LinkEhr', { patientId, ehrId })).linkEhr.ehr.id).toBe(ehrId);
    const committed = (await run('CommitComposition', { ehrId, composition: bloodPressureComposition(120, 80, '2026-01-01T08:00:00Z') })).commitComposition;
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
    expect((await run('FindPatient')).patients.edges).toEqual([{ node: { id: patientId, name: { family: 'Lovelace' }, birthDate: '1815-12-10' } }]);
  });

  it('shows the nurse example exactly as a nurse gets it', async () => {
    const ehrId = (await system.gateway.request(operations.get('CreateEhr') as string)).data.createEhr.id;
    const lab = await system.gateway.request(operations.get('CommitComposition') as string, {
      ehrId,
      composition: labReportComposition([HBA1C(7.4), ANCA(80)], '2026-02-01T08:00:00Z'),
    });
    const nurse = { authorization: `Bearer ${await system.token({ sub: 'nurse', roles: ['nurse'] })}` };
    const response = await system.gateway.request(operations.get('LabReportAsNurse') as string, { uid: lab.data.commitComposition.uid }, nurse);
    const shown = /query LabReportAsNurse[\s\S]*?```\s*```json\n([\s\S]*?)```/.exec(DOCS)?.[1];
    expect(shown).toBeDefined();
    expect({ data: response.data }).toEqual(JSON.parse(shown as string));
  });

  it('runs the break-the-glass example as written, and an admin of org-a sees what security.md shows', async () => {
    const ehrId = (await system.gateway.request(operations.get('CreateEhr') as string)).data.createEhr.id;
    await system.gateway.request(operations.get('CommitComposition') as string, {
      ehrId,
      composition: labReportComposition([ANCA(80)], '2026-02-01T08:00:00Z'),
    });
    const doctor = { authorization: `Bearer ${await system.token({ sub: 'dr-c', org: 'org-c', roles: ['clinician'] })}` };
    const admin = { authorization: `Bearer ${await system.token({ sub: 'admin-a', org: 'org-a', roles: ['admin'] })}` };
    const run = async (name: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
      const response = await system.gateway.request(operations.get(name) as string, variables, headers);
      expect(response.errors, name).toBeUndefined();
      return response.data;
    };
    expect(await run('EmergencyRead', { ehrId }, doctor)).toEqual({ ehr: null });
    await run('BreakGlass', { ehrId }, doctor);
    expect((await run('EmergencyRead', { ehrId }, doctor)).ehr.compositions.edges).toHaveLength(1);
    const shown = /query RecentEmergencyAccesses[\s\S]*?```\s*```json\n([\s\S]*?)```/.exec(DOCS)?.[1];
    const expected = Object.fromEntries(Object.entries(JSON.parse(shown as string) as Record<string, unknown>).filter(([, value]) => value !== '…'));
    const [listed] = (await run('RecentEmergencyAccesses', {}, admin)).emergencyAccesses.edges;
    expect(listed.node).toMatchObject(expected);
  });

  it("answers README.md's first query across both subgraphs", async () => {
    const first = operationsOf(README);
    expect([...first.keys()]).toEqual(['FirstQuery']);
    const input = { name: { given: ['Grace'], family: 'Hopper' }, birthDate: '1906-12-09', sex: 'FEMALE' };
    const registered = await system.gateway.request('mutation($input: PatientInput!) { registerPatient(input: $input) { id } }', { input });
    const patientId = registered.data.registerPatient.id;
    const ehrId = (await system.gateway.request(operations.get('CreateEhr') as string)).data.createEhr.id;
    await system.gateway.request(operations.get('LinkEhr') as string, { patientId, ehrId });
    await system.gateway.request(operations.get('CommitComposition') as string, {
      ehrId,
      composition: bloodPressureComposition(121, 81, '2026-03-01T08:00:00Z'),
    });
    const response = await system.gateway.request(first.get('FirstQuery') as string);
    expect(response.errors).toBeUndefined();
    expect(response.data.patients.edges).toContainEqual({
      node: {
        name: { family: 'Hopper' },
        ehr: { id: ehrId, compositions: { edges: [{ node: { name: expect.any(String), committedAt: expect.any(String) } }] } },
      },
    });
  });
});
