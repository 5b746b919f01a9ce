import { measureTogether } from '../measure.ts';
import { PATIENT_HISTORIES } from '../queries.ts';
import { CONNECTIONS, run, type ScenarioContext, type ScenarioResult } from './context.ts';

/** Scenario 5: the patient list with EHRs, compositions and entries, 100 patients against 10 (batching). */
export async function listScenario({ system, timing, clinicians }: ScenarioContext): Promise<ScenarioResult> {
  console.log('5. list growth');
  const list = (first: number) => clinicians.map((token) => ({ query: PATIENT_HISTORIES, variables: { first }, token }));
  const runs = await measureTogether(
    [
      { label: '10 patients', service: system.gateway, requests: list(10), connections: CONNECTIONS },
      { label: '100 patients', service: system.gateway, requests: list(100), connections: CONNECTIONS },
    ],
    timing,
  );
  return {
    id: 5,
    title: 'patients(first: N) → EHR → 5 compositions → entries through the gateway',
    runs,
    derived: { listGrowth: run(runs, '100 patients').p50Ms / run(runs, '10 patients').p50Ms },
    notes: ['the list query is patients(first:) of the demographic subgraph; 10× the patients is 10× the data returned'],
  };
}
