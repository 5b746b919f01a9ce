import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClinicalConfig } from '../subgraphs/clinical/config.ts';
import { startClinicalService } from '../subgraphs/clinical/service.ts';
import { LAB, startOnEditablePolicy, type EditablePolicySystem } from './kit/editable-policy.ts';
import type { TestSystem } from './kit/system.ts';

const defaultPolicy = readFileSync(new URL('../policies/default.yaml', import.meta.url), 'utf8');

let system: TestSystem;
let policyFile: string;
let labUid: string;
let nurse: Record<string, string>;
let admin: Record<string, string>;

const VERSIONS = `{ policy { version } demographicPolicy { version } }`;

let setup: EditablePolicySystem | undefined;
beforeAll(async () => {
  setup = await startOnEditablePolicy();
  ({ system, policyFile, nurse, admin, labUid } = setup);
});
afterAll(() => setup?.stop());

describe('policy reload', () => {
  it('takes effect in every service without a restart, and only for admins', async () => {
    expect((await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition.withheldEntryCount).toBe(1);
    const before = (await system.gateway.request(VERSIONS, {}, admin)).data;
    expect(before.policy.version).toBe(before.demographicPolicy.version);

    writeFileSync(policyFile, defaultPolicy.replace('restricted: ["LOINC::17351-8"]', 'restricted: []'));
    const refused = await system.gateway.request(`mutation { reloadPolicies { version } }`, {}, nurse);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition.withheldEntryCount).toBe(1);

    const reloaded = await system.gateway.request(`mutation { reloadPolicies { version } }`, {}, admin);
    expect(reloaded.errors).toBeUndefined();
    expect(reloaded.data.reloadPolicies.version).not.toBe(before.policy.version);
    const after = (await system.gateway.request(VERSIONS, {}, admin)).data;
    expect(after).toEqual({ policy: reloaded.data.reloadPolicies, demographicPolicy: reloaded.data.reloadPolicies });
    const lab = (await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition;
    expect(lab.withheldEntryCount).toBe(0);
    expect(lab.entries.flatMap((entry: { codes: string[] }) => entry.codes)).toContain('LOINC::17351-8');
  });

  it('refuses an invalid policy and keeps the one in force', async () => {
    const inForce = (await system.gateway.request(VERSIONS, {}, admin)).data.policy.version;
    writeFileSync(policyFile, defaultPolicy.replace('subject: Entry', 'subject: Entree'));
    const response = await system.gateway.request(`mutation { reloadPolicies { version } }`, {}, admin);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(response.errors?.[0]?.message).toMatch(/policy\.yaml: \/roles\/\w+\/\d+\/subject/);
    expect((await system.gateway.request(VERSIONS, {}, admin)).data).toEqual({
      policy: { version: inForce },
      demographicPolicy: { version: inForce },
    });
  });

  it('reloads on SIGHUP', async () => {
    writeFileSync(policyFile, defaultPolicy);
    process.emit('SIGHUP');
    expect((await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition.withheldEntryCount).toBe(1);
  });
});

describe('an invalid policy at start-up', () => {
  it('stops the service with the file, the JSON path and the reason', async () => {
    const folder = dirname(policyFile);
    const invalid = join(folder, 'invalid.yaml');
    writeFileSync(invalid, defaultPolicy.replace('reason: nurses record nursing templates only', 'reason: ""'));
    const start = startClinicalService(loadClinicalConfig({ ...system.authEnv, CLINICAL_PORT: '0', POLICY_PATH: invalid, DATA_DIR: folder }));
    await expect(start).rejects.toThrow(/invalid\.yaml: \/roles\/nurse\/\d+\/reason: /);
  });
});
