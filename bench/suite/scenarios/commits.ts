import { labReportComposition, HBA1C } from '../../../scripts/demo/compositions.ts';
import { measure } from '../measure.ts';
import { COMMIT } from '../queries.ts';
import { CONNECTIONS, type ScenarioContext, type ScenarioResult } from './context.ts';

/** Scenario 4: compositions committed through the gateway by 10 concurrent clients, each commit a new composition. */
export async function commitScenario({ system, dataset, timing, clinicians }: ScenarioContext): Promise<ScenarioResult> {
  console.log('4. commit throughput');
  const document = labReportComposition([HBA1C(5.9), HBA1C(6.2), HBA1C(6.4)], '2026-01-01T08:00:00Z');
  const requests = dataset.commitEhrIds.map((ehrId, i) => ({
    query: COMMIT,
    variables: { e: ehrId, c: document },
    token: clinicians[i % clinicians.length] as string,
  }));
  const commits = await measure(
    { label: 'commitComposition via gateway', service: system.gateway, requests, connections: CONNECTIONS, cpu: true, cpuOf: [system.clinical] },
    timing,
  );
  const commitsPerSecond = (commits.requests - commits.errors) / commits.durationS;
  const clinicalCpuMs = commits.cpuMsPerRequestOf?.clinical ?? Number.NaN;
  const gatewayCpuMs = commits.cpuMsPerRequest ?? Number.NaN;
  return {
    id: 4,
    title: `commit throughput, ${CONNECTIONS} concurrent clients`,
    runs: [commits],
    derived: {
      commitsPerSecond,
      commitClinicalCpuMs: clinicalCpuMs,
      commitGatewayCpuMs: gatewayCpuMs,
      // cores kept busy by our two processes at this rate (of the machine's, shared with PostgreSQL and the load generator)
      commitCoresBusy: ((clinicalCpuMs + gatewayCpuMs) * commitsPerSecond) / 1000,
    },
    notes: [
      `a laboratory report of 3 results per commit, spread over ${dataset.commitEhrIds.length} EHRs; the warm-up commits are not counted`,
      'commitClinicalCpuMs / commitGatewayCpuMs: CPU per commit of each process; commitCoresBusy: the cores both keep busy at the measured rate. What the clinical CPU is made of: the commit breakdown below',
    ],
  };
}
