import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANCA, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

// The console's server side: setPolicy / setDemographicPolicy (through the gateway, to both services)
// and explainAccess, over HTTP against a real system on a copy of the default policy.
const folder = mkdtempSync(join(tmpdir(), 'policies-'));
const policyFile = join(folder, 'policy.yaml');

let system: TestSystem;
let labUid: string;
let nurse: Record<string, string>;
let admin: Record<string, string>;

const POLICY = `{ policy { version document } demographicPolicy { version } }`;
const APPLY = `mutation($d: JSON!, $v: String!) { setPolicy(document: $d, expectedVersion: $v) { version } setDemographicPolicy(document: $d, expectedVersion: $v) { version } }`;
const LAB = `query($uid: String!) { composition(uid: $uid) { withheldEntryCount entries { codes } } }`;
const EXPLAIN = `query($c: CallerInput!, $a: String!, $s: String!, $r: JSON) { explainAccess(caller: $c, action: $a, subject: $s, resource: $r) { allowed reason purpose } }`;

beforeAll(async () => {
  copyFileSync(new URL('../../policies/default.yaml', import.meta.url), policyFile);
  system = await startSystem({ subgraphEnv: { POLICY_PATH: policyFile } });
  nurse = { authorization: `Bearer ${await system.token({ sub: 'nurse-1', roles: ['nurse'] })}` };
  admin = { authorization: `Bearer ${await system.token({ sub: 'admin-1', roles: ['admin'] })}` };
  const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  const committed = await system.gateway.request(`mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`, {
    e: ehrId,
    c: labReportComposition([HBA1C(7.0), ANCA(40)], '2026-03-01T08:00:00Z'),
  });
  labUid = committed.data.commitComposition.uid;
});
afterAll(async () => {
  await system?.stop();
  rmSync(folder, { recursive: true, force: true });
});

describe('setPolicy', () => {
  it('refuses an invalid document, a stale version and non-admins, keeping the policy in force', async () => {
    const { policy } = (await system.gateway.request(POLICY, {}, admin)).data;
    const invalid = structuredClone(policy.document);
    invalid.codeLists.restricted = ['not a code'];
    const refused = await system.gateway.request(APPLY, { d: invalid, v: policy.version }, admin);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(refused.errors?.[0]?.message).toContain('/codeLists/restricted/0');

    const valid = structuredClone(policy.document);
    valid.codeLists.restricted.push('LOINC::4548-4');
    expect((await system.gateway.request(APPLY, { d: valid, v: 'stale' }, admin)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await system.gateway.request(APPLY, { d: valid, v: policy.version }, nurse)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await system.gateway.request(POLICY, {}, admin)).data.policy.version).toBe(policy.version);
  });

  it('writes the file, reloads both services and the nurse’s next read follows it', async () => {
    expect((await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition.withheldEntryCount).toBe(1);
    const { policy } = (await system.gateway.request(POLICY, {}, admin)).data;
    const edited = structuredClone(policy.document);
    edited.codeLists.restricted.push('LOINC::4548-4');
    const applied = await system.gateway.request(APPLY, { d: edited, v: policy.version }, admin);
    expect(applied.errors).toBeUndefined();
    expect(applied.data.setPolicy.version).not.toBe(policy.version);
    expect(applied.data.setDemographicPolicy).toEqual(applied.data.setPolicy);
    expect((await system.gateway.request(POLICY, {}, admin)).data.demographicPolicy.version).toBe(applied.data.setPolicy.version);
    expect(parse(readFileSync(policyFile, 'utf8')).codeLists.restricted).toEqual(['LOINC::17351-8', 'LOINC::4548-4']);
    const lab = (await system.gateway.request(LAB, { uid: labUid }, nurse)).data.composition;
    expect(lab.withheldEntryCount).toBe(2);
    expect(lab.entries.flatMap((entry: { codes: string[] }) => entry.codes)).not.toContain('LOINC::4548-4');
  });
});

describe('explainAccess', () => {
  const nurseCaller = { roles: ['nurse'], org: 'org-a' };

  it('names the rule that allowed or denied, with the same decision code as a request', async () => {
    const allowed = await system.gateway.request(EXPLAIN, { c: nurseCaller, a: 'read', s: 'Entry', r: { ehrOrg: 'org-a', codes: ['LOINC::8867-4'] } }, admin);
    expect(allowed.data.explainAccess).toEqual({ allowed: true, reason: 'nurses read entries in EHRs of their care network', purpose: 'TREAT' });
    const denied = await system.gateway.request(EXPLAIN, { c: nurseCaller, a: 'read', s: 'Entry', r: { ehrOrg: 'org-a', codes: ['LOINC::17351-8'] } }, admin);
    expect(denied.data.explainAccess).toMatchObject({ allowed: false, reason: 'entries with restricted codes are withheld from nurses' });
    const template = await system.gateway.request(
      EXPLAIN,
      { c: nurseCaller, a: 'create', s: 'Composition', r: { ehrOrg: 'org-a', templateId: 'other.v1' } },
      admin,
    );
    expect(template.data.explainAccess.allowed).toBe(false);
    const purpose = await system.gateway.request(EXPLAIN, { c: { roles: ['nurse', 'researcher'] }, a: 'read', s: 'Ehr' }, admin);
    expect(purpose.data.explainAccess).toEqual({ allowed: false, reason: 'token roles span purposes: name one in the purpose claim', purpose: null });
  });

  it('is for admins only and refuses unknown subjects', async () => {
    expect((await system.gateway.request(EXPLAIN, { c: nurseCaller, a: 'read', s: 'Ehr' }, nurse)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await system.gateway.request(EXPLAIN, { c: nurseCaller, a: 'read', s: 'Patientz' }, admin)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
