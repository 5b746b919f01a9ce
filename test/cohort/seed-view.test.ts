/** A research token's view of the demo data of `npm run seed`: aggregates only, and none from fewer than 5 EHRs. */
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
  });
  const code = await new Promise<number | null>((resolve) => seed.process.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run seed failed: ${seed.stderr()}`);
  researcher = await headersFor(system, { sub: 'demo-researcher', org: 'uni-r', roles: ['researcher'] });
}, 120_000);
afterAll(() => system?.stop());

describe.each(['gateway', 'clinical'] as const)('%s: a researcher on the seeded demo data', (via) => {
  it('gets a suppressed cohort: the three demo patients are fewer than 5 EHRs', async () => {
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
