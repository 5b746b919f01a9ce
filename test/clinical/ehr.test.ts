import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

let system: TestSystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

const CREATE = `mutation($subjectId: UUID, $ns: String) {
  createEhr(subjectId: $subjectId, subjectNamespace: $ns) { id subjectId subjectNamespace createdAt }
}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('createEhr', () => {
  it('generates a subject id when none is given', async () => {
    const { data, errors } = await system.gateway.request(CREATE);
    expect(errors).toBeUndefined();
    expect(data.createEhr.id).toMatch(UUID);
    expect(data.createEhr.subjectId).toMatch(UUID);
    expect(data.createEhr.subjectId).not.toBe(data.createEhr.id);
    expect(data.createEhr.subjectNamespace).toBe('default');
    expect(Date.now() - Date.parse(data.createEhr.createdAt)).toBeLessThan(60_000);
  });

  it('keeps a given subject UUID and namespace, normalised to lower case', async () => {
    const subjectId = '4B1F2EF4-6C1B-4A51-9D3C-7E1B7D5A2C11';
    const { data } = await system.gateway.request(CREATE, { subjectId, ns: 'hospital.a' });
    expect(data.createEhr).toMatchObject({ subjectId: subjectId.toLowerCase(), subjectNamespace: 'hospital.a' });
  });

  it.each([
    ['an SSN', '123-45-6789'],
    ['an MRN', 'MRN-0042'],
    ['a name', 'Jane Doe'],
    ['a UUID with a stray character', '4b1f2ef4-6c1b-4a51-9d3c-7e1b7d5a2c11x'],
  ])('rejects %s as subject id, through variables and inline, storing nothing', async (_, subjectId) => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    for (const client of [system.gateway, system.clinical]) {
      const viaVariable = await client.request(CREATE, { subjectId });
      const inline = await client.request(`mutation { createEhr(subjectId: ${JSON.stringify(subjectId)}) { id } }`);
      for (const response of [viaVariable, inline]) {
        expect(response.data ?? null).toBeNull();
        expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
        expect(response.errors?.[0]?.message).toContain('never holds real identifiers');
      }
    }
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('refuses a second EHR for the same subject and namespace with CONFLICT', async () => {
    const subjectId = '0c8e2b1a-4d6f-4e3a-9b7c-1a2b3c4d5e6f';
    const first = await system.gateway.request(CREATE, { subjectId });
    expect(first.errors).toBeUndefined();
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const second = await system.gateway.request(CREATE, { subjectId });
    expect(second.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
    const otherNamespace = await system.gateway.request(CREATE, { subjectId, ns: 'other' });
    expect(otherNamespace.errors).toBeUndefined();
  });

  it('rejects a malformed namespace', async () => {
    const { errors } = await system.gateway.request(CREATE, { ns: 'has spaces and ; semicolons' });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'subjectNamespace' });
  });
});

describe('reading EHRs', () => {
  it('finds an EHR by id and by subject, and answers null for unknown ones', async () => {
    const subjectId = 'a3d5c7e9-1b2d-4f6a-8c0e-2a4c6e8f0b1d';
    const { data } = await system.gateway.request(CREATE, { subjectId, ns: 'lab' });
    const ehr = data.createEhr;
    const byId = await system.gateway.request(`query($id: UUID!) { ehr(id: $id) { id subjectId subjectNamespace createdAt } }`, {
      id: ehr.id,
    });
    expect(byId.data.ehr).toEqual(ehr);
    const bySubject = await system.gateway.request(`query($s: UUID!, $ns: String) { ehrBySubject(subjectId: $s, subjectNamespace: $ns) { id } }`, {
      s: subjectId,
      ns: 'lab',
    });
    expect(bySubject.data.ehrBySubject.id).toBe(ehr.id);
    const wrongNamespace = await system.gateway.request(`query($s: UUID!) { ehrBySubject(subjectId: $s) { id } }`, { s: subjectId });
    expect(wrongNamespace.data.ehrBySubject).toBeNull();
    const unknown = await system.gateway.request(`query { ehr(id: "00000000-0000-4000-8000-000000000000") { id } }`);
    expect(unknown).toEqual({ status: 200, data: { ehr: null } });
  });
});
