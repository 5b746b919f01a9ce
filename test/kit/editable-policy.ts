import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANCA, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { startSystem, type TestSystem } from './system.ts';

/** Reads the lab report as a caller sees it: how many of its entries are withheld, and the codes of the rest. */
export const LAB = `query($uid: String!) { composition(uid: $uid) { withheldEntryCount entries { codes } } }`;

/** A system whose services read a copy of the default policy that the test may edit or replace. */
export interface EditablePolicySystem {
  system: TestSystem;
  /** POLICY_PATH of both subgraphs: a copy of policies/default.yaml in a temporary folder. */
  policyFile: string;
  nurse: Record<string, string>;
  admin: Record<string, string>;
  /** A lab report with an HbA1c and an ANCA result; the default policy withholds the ANCA entry from nurses. */
  labUid: string;
  /** Stops the system and deletes the folder. */
  stop(): Promise<void>;
}

export async function startOnEditablePolicy(): Promise<EditablePolicySystem> {
  const folder = mkdtempSync(join(tmpdir(), 'policies-'));
  const policyFile = join(folder, 'policy.yaml');
  copyFileSync(new URL('../../policies/default.yaml', import.meta.url), policyFile);
  const system = await startSystem({ subgraphEnv: { POLICY_PATH: policyFile } });
  const nurse = { authorization: `Bearer ${await system.token({ sub: 'nurse-1', roles: ['nurse'] })}` };
  const admin = { authorization: `Bearer ${await system.token({ sub: 'admin-1', roles: ['admin'] })}` };
  const ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  const committed = await system.gateway.request(`mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`, {
    e: ehrId,
    c: labReportComposition([HBA1C(7.0), ANCA(40)], '2026-03-01T08:00:00Z'),
  });
  const stop = async () => {
    await system.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  return { system, policyFile, nurse, admin, labUid: committed.data.commitComposition.uid, stop };
}
