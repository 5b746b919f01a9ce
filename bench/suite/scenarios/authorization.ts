import { measureTogether } from '../measure.ts';
import { COMPOSITION_BY_UID } from '../queries.ts';
import { CONNECTIONS, run, type ScenarioContext, type ScenarioResult } from './context.ts';

/**
 * Scenario 2: one composition with 20 entries read on the clinical subgraph under the default
 * policy (as a clinician, who may read every entry) and under bench/allow-all.yaml, put in force in
 * the same process by a policy reload before each turn, so that only the policy differs.
 */
export async function authorizationScenario({ system, dataset, timing, clinicians }: ScenarioContext): Promise<ScenarioResult> {
  console.log('2. authorisation overhead');
  const variables = { uid: dataset.authorizationUid };
  const everything = await system.token({ sub: 'bench-everything', org: 'org-a', roles: ['everything'] });
  const read = (tokens: string[]) => tokens.map((token) => ({ query: COMPOSITION_BY_UID, variables, token }));
  let runs;
  try {
    runs = await measureTogether(
      [
        {
          label: 'default policy (clinician)',
          service: system.clinical,
          requests: read(clinicians),
          connections: CONNECTIONS,
          before: () => system.usePolicy('default'),
        },
        {
          label: 'allow-all policy',
          service: system.clinical,
          requests: read([everything]),
          connections: CONNECTIONS,
          before: () => system.usePolicy('allow-all'),
        },
      ],
      timing,
    );
  } finally {
    await system.usePolicy('default');
  }
  return {
    id: 2,
    title: `one composition with ${dataset.size.authorizationEntries} entries, default vs allow-all policy`,
    runs,
    derived: { authorizationOverhead: run(runs, 'default policy (clinician)').p50Ms / run(runs, 'allow-all policy').p50Ms },
    notes: ['composition(uid:) on the clinical subgraph directly, so that no gateway time dilutes the ratio'],
  };
}
