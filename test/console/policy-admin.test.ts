import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { LAB, startOnEditablePolicy, type EditablePolicySystem } from '../kit/editable-policy.ts';
import type { TestSystem } from '../kit/system.ts';

// The console's server side: setPolicy / setDemographicPolicy (through the gateway, to both services)
// and explainAccess, over HTTP against a real system on a copy of the default policy.

let system: TestSystem;
let policyFile: string;
let labUid: string;
let nurse: Record<string, string>;
let admin: Record<string, string>;

const POLICY = `{ policy { version document } demographicPolicy { version } }`;
const APPLY = `mutation($d: JSON!, $v: String!) { setPolicy(document: $d, expectedVersion: $v) { version } setDemographicPolicy(document: $d, expectedVersion: $v) { version } }`;
const EXPLAIN = `query($c: CallerInput!, $a: String!, $s: String!, $r: JSON) { explainAccess(caller: $c, action: $a, subject: $s, resource: $r) { allowed reason purpose } }`;

let setup: EditablePolicySystem | undefined;
beforeAll(async () => {
  setup = await startOnEditablePolicy();
  ({ system, policyFile, nurse, admin, labUid } = setup);
});
afterAll(() => setup?.stop());

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

describe('checkPolicy', () => {
  const CHECK = `query($d: JSON!) { checkPolicy(document: $d) { valid version problem } }`;

  it('runs the start-up checks the schema cannot (here an unknown list variable), writing nothing', async () => {
    const { policy } = (await system.gateway.request(POLICY, {}, admin)).data;
    const unknownList = structuredClone(policy.document);
    unknownList.roles.nurse[4].conditions.codes.$in = '${codeLists.nope}';
    expect((await system.gateway.request(CHECK, { d: unknownList }, admin)).data.checkPolicy).toEqual({
      valid: false,
      version: null,
      problem: 'the new policy: /roles/nurse/4/conditions/codes/$in: unknown variable ${codeLists.nope}: no codeLists entry "nope"',
    });
    expect((await system.gateway.request(CHECK, { d: policy.document }, admin)).data.checkPolicy).toEqual({
      valid: true,
      version: policy.version,
      problem: null,
    });
    expect((await system.gateway.request(CHECK, { d: policy.document }, nurse)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await system.gateway.request(POLICY, {}, admin)).data.policy.version).toBe(policy.version);
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
