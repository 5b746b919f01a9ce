/**
 * What authorisation costs, in one run:
 * 1. reading one composition with 20 entries through the gateway, default policy (clinician) vs an
 *    allow-all policy (two systems with the same data);
 * 2. one page of 50 compositions from an EHR of 1,000 where the caller may read 1 in 10: the rules
 *    pushed into SQL vs loading rows and filtering them in memory with the same ability.
 */
import { fileURLToPath } from 'node:url';
import type { Principal } from '../platform/auth/principal.ts';
import { ANCA, HBA1C, labReportComposition, type LabTest } from '../scripts/demo/compositions.ts';
import { buildCallerAbility, loadPolicy } from '../subgraphs/kit/authz/index.ts';
import { compositionAttributes } from '../subgraphs/clinical/access/attributes.ts';
import type { CompositionRow } from '../subgraphs/clinical/model/rows.ts';
import { ClinicalStore } from '../subgraphs/clinical/store/clinical-store.ts';
import { COMPOSITION_COLUMNS } from '../subgraphs/clinical/store/columns.ts';
import { startSystem, type TestSystem } from '../test/kit/system.ts';
import { ms, quantile, sample } from './stats.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 100);
const READ = `query($uid: String!) { composition(uid: $uid) { uid withheldEntryCount canonical entries { name codes elements { path value { rmType } } } } }`;
const TWENTY_TESTS: LabTest[] = Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? ANCA(10 + i) : HBA1C(5 + i / 10)));

interface Seeded {
  system: TestSystem;
  uid: string;
  read: () => Promise<unknown>;
}

async function seededSystem(policyPath?: string): Promise<Seeded> {
  const system = await startSystem(policyPath ? { subgraphEnv: { POLICY_PATH: policyPath } } : {});
  const roles = policyPath ? ['everything'] : ['clinician'];
  const headers = { authorization: `Bearer ${await system.token({ roles })}` };
  const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`, {}, headers)).data.createEhr.id;
  const { data } = await system.gateway.request(
    `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`,
    {
      e: ehrId,
      c: labReportComposition(TWENTY_TESTS, '2026-01-01T08:00:00Z'),
    },
    headers,
  );
  const uid = data.commitComposition.uid as string;
  return { system, uid, read: () => system.gateway.request(READ, { uid }, headers) };
}

async function policyOverhead(): Promise<number> {
  const allowAll = fileURLToPath(new URL('./allow-all.yaml', import.meta.url));
  const guarded = await seededSystem();
  const open = await seededSystem(allowAll);
  try {
    // interleave the two so that drift of the machine hits both alike
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < 5; i++) {
      a.push(...(await sample(guarded.read, ROUNDS / 5)));
      b.push(...(await sample(open.read, ROUNDS / 5)));
    }
    const ratio = quantile(a, 0.5) / quantile(b, 0.5);
    console.log('read one composition (20 entries) through the gateway   median ms    p95 ms');
    console.log(`  default policy (clinician)                             ${ms(quantile(a, 0.5))}  ${ms(quantile(a, 0.95))}`);
    console.log(`  allow-all policy                                       ${ms(quantile(b, 0.5))}  ${ms(quantile(b, 0.95))}`);
    console.log(`  ratio default / allow-all (median)                     ${ratio.toFixed(3)}`);
    return ratio;
  } finally {
    await guarded.system.stop();
    await open.system.stop();
  }
}

async function listPushDown(): Promise<number> {
  const system = await startSystem();
  try {
    const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
    const db = system.clinicalDb;
    for (let i = 0; i < 1000; i++) {
      const template = i % 10 === 0 ? 'demo.readable.v1' : 'demo.other.v1';
      const document = labReportComposition([HBA1C(6)], '2026-01-01T08:00:00Z') as { archetype_details: { template_id: { value: string } } };
      document.archetype_details.template_id.value = template;
      await system.clinical.request(`mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`, { e: ehrId, c: document });
    }
    // a clinician whose token scope narrows reading to one template: 1 in 10 compositions
    const principal: Principal = {
      sub: 'bench',
      org: 'org-a',
      roles: ['clinician'],
      scopes: ['user/composition-demo.readable.v1.r'],
      jti: null,
      ehrId: null,
      purpose: null,
      issuer: 'clinical-federation',
      expiresAt: null,
    };
    const ability = buildCallerAbility(loadPolicy(fileURLToPath(new URL('../policies', import.meta.url))), principal);
    const store = new ClinicalStore(db, null);
    const pushDown = () => store.compositions.livePage({ ehrId, templateId: null, first: 50, after: null }, ability);
    const inMemory = async () => {
      // what a filter-after-load list must do to fill a page: read batches until 51 readable rows
      const kept: CompositionRow[] = [];
      for (let offset = 0; kept.length < 51; offset += 100) {
        const batch = await db.query<CompositionRow>(
          `SELECT ${COMPOSITION_COLUMNS} FROM composition_versions WHERE ehr_id = $1 AND is_latest AND lifecycle_state <> 'DELETED'
           ORDER BY committed_at DESC, object_id DESC LIMIT 100 OFFSET $2`,
          [ehrId, offset],
        );
        kept.push(...batch.rows.filter((row) => ability.can('read', 'Composition', compositionAttributes(row))));
        if (batch.rows.length < 100) break;
      }
      return kept.slice(0, 51);
    };
    const [pushed, filtered] = [await pushDown(), await inMemory()];
    if (pushed.length !== 51 || filtered.length !== 51 || pushed.some((row, i) => row.uid !== filtered[i]?.uid)) {
      throw new Error('push-down and in-memory pages differ');
    }
    const a = await sample(pushDown, ROUNDS);
    const b = await sample(inMemory, ROUNDS);
    console.log(`\nlist page of 50 of 1,000 compositions, 1 in 10 readable (${db.engine})  median ms    p95 ms`);
    console.log(`  rules pushed into SQL                                  ${ms(quantile(a, 0.5))}  ${ms(quantile(a, 0.95))}`);
    console.log(`  load and filter in memory                              ${ms(quantile(b, 0.5))}  ${ms(quantile(b, 0.95))}`);
    const ratio = quantile(b, 0.5) / quantile(a, 0.5);
    console.log(`  ratio in-memory / push-down (median)                   ${ratio.toFixed(2)}`);
    return ratio;
  } finally {
    await system.stop();
  }
}

await policyOverhead();
await listPushDown();
