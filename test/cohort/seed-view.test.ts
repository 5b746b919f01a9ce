/**
 * The demo data of `npm run seed` as a newcomer sees it: a research token gets aggregates only, and
 * none from fewer than 5 EHRs; the clinician tokens it prints show the scoping of organisations
 * (org-a sees its care network's patients and records, org-c only its own).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnTypeScript } from '../kit/child-service.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers } from '../kit/tokens.ts';
import { headersFor } from '../security/support.ts';
import { COHORT, HBA1C_CODE, LAB, RESULT_VALUE } from './support.ts';

const AQL = `query($q: String!) { aql(query: $q) { rows } }`;
const EXECUTE = `query { executeStoredQuery(name: "patient_history", parameters: { ehrId: "00000000-0000-4000-8000-000000000000" }) { rows } }`;
const MAGNITUDE = `l/data[at0001]/events[at0002]/data[at0003]/items[at0001]/value/magnitude`;

let system: TestSystem;
let researcher: Headers;
/** The clinician tokens the seed printed, by organisation. */
const printed: Record<string, Headers> = {};

beforeAll(async () => {
  system = await startSystem();
  const signingKey = system.keys.privateKey;
  if (!signingKey) throw new Error('the test issuer has no signing key');
  const seed = spawnTypeScript(new URL('../../scripts/seed.ts', import.meta.url), {
    env: {
      GATEWAY_URL: system.gateway.url,
      TOKEN_SIGNING_KEY: JSON.stringify(await exportJWK(signingKey)),
      DATA_DIR: mkdtempSync(join(tmpdir(), 'seed-')),
    },
    stdout: 'pipe',
  });
  let output = '';
  seed.process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => seed.process.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run seed failed: ${seed.stderr()}`);
  for (const [, org, token] of output.matchAll(/clinician (org-[a-z])\s+(\S+)/g)) printed[org as string] = { authorization: `Bearer ${token as string}` };
  researcher = await headersFor(system, { sub: 'demo-researcher', org: 'uni-r', roles: ['researcher'] });
}, 120_000);
afterAll(() => system?.stop());

const PATIENTS = `{ patients(first: 10) { edges { node { name { family } managingOrganisation ehr { id } } } } }`;
const EHR_COUNT = `SELECT COUNT(DISTINCT e/ehr_id/value) FROM EHR e CONTAINS COMPOSITION c`;

describe('the clinician tokens the seed prints: two organisations, two views', () => {
  it('prints a token of org-a and of org-c', () => {
    expect(Object.keys(printed).sort()).toEqual(['org-a', 'org-c']);
  });

  it('org-a sees its own and org-b’s patients (care network north) with their EHRs, org-c only its own', async () => {
    const families = async (org: string) => {
      const response = await system.gateway.request(PATIENTS, {}, printed[org]);
      expect(response.errors).toBeUndefined();
      const nodes = response.data.patients.edges.map(
        (edge: { node: { name: { family: string }; managingOrganisation: string; ehr: { id: string } | null } }) => edge.node,
      );
      for (const node of nodes) expect(node.ehr?.id).toMatch(/^[0-9a-f-]{36}$/);
      return nodes.map((node: { name: { family: string }; managingOrganisation: string }) => `${node.name.family} ${node.managingOrganisation}`).sort();
    };
    expect(await families('org-a')).toEqual(['Hartley org-a', 'Novak org-a', 'Raman org-b']);
    expect(await families('org-c')).toEqual(['Okafor org-c']);
  });

  it.each(['gateway', 'clinical'] as const)('%s: AQL and cohorts count three EHRs for org-a and one for org-c', async (via) => {
    for (const [org, ehrs] of [
      ['org-a', 3],
      ['org-c', 1],
    ] as const) {
      const counted = await system[via].request(AQL, { q: EHR_COUNT }, printed[org]);
      expect(counted.data.aql.rows).toEqual([[ehrs]]);
      const cohort = await system[via].request(COHORT, { q: { archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, groupBy: 'NONE' } }, printed[org]);
      expect(cohort.data.cohort.total.ehrCount).toBe(ehrs);
    }
  });
});

describe.each(['gateway', 'clinical'] as const)('%s: a researcher on the seeded demo data', (via) => {
  it('gets a suppressed cohort: the four demo patients are fewer than 5 EHRs', async () => {
    const response = await system[via].request(COHORT, { q: { archetypeId: LAB, elementPath: RESULT_VALUE, code: HBA1C_CODE, groupBy: 'MONTH' } }, researcher);
    expect(response.errors).toBeUndefined();
    expect(response.data.cohort.total.suppressed).toBe(true);
    expect(response.data.cohort.groups.every((group: { cell: { suppressed: boolean } }) => group.cell.suppressed)).toBe(true);
  });

  it('gets no number from aggregate AQL, and no row at all', async () => {
    const aggregate = await system[via].request(AQL, { q: `SELECT COUNT(*), AVG(${MAGNITUDE}) FROM OBSERVATION l[${LAB}]` }, researcher);
    expect(aggregate.data.aql.rows).toEqual([[null, null]]);
    for (const q of [`SELECT ${MAGNITUDE} FROM OBSERVATION l[${LAB}]`, `SELECT c/name/value FROM EHR e CONTAINS COMPOSITION c`]) {
      const rows = await system[via].request(AQL, { q }, researcher);
      expect(rows.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    }
    // the seeded patient_history query selects rows of one EHR: refused (its EHR id path and its rows)
    const stored = await system[via].request(EXECUTE, {}, researcher);
    expect(stored.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
    expect(stored.data?.executeStoredQuery ?? null).toBeNull();
  });

  it('while a clinician of org-a sees the rows (the demo data is there)', async () => {
    const clinician = await headersFor(system, { sub: 'demo-clinician', org: 'org-a', roles: ['clinician'] });
    const rows = await system[via].request(AQL, { q: `SELECT ${MAGNITUDE} FROM OBSERVATION l[${LAB}]` }, clinician);
    expect(rows.errors).toBeUndefined();
    expect(rows.data.aql.rows.length).toBeGreaterThanOrEqual(3);
  });
});
