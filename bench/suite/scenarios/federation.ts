import { measureTogether } from '../measure.ts';
import { ehrHistories, PATIENT_HISTORIES } from '../queries.ts';
import { CONNECTIONS, run, type ScenarioContext, type ScenarioResult } from './context.ts';

/** Connections of the identical-queries variant: many identical queries in flight at once. */
const IDENTICAL_CONNECTIONS = 32;

/**
 * Scenario 1: 10 patients → EHR → 5 compositions → entries through our gateway and through stock
 * `@apollo/gateway`, against the same EHRs → compositions → entries asked of the clinical subgraph
 * directly; then one caller's identical query, many in flight at once (in-flight deduplication).
 */
export async function federationScenario({ system, dataset, timing, clinicians }: ScenarioContext): Promise<ScenarioResult> {
  console.log('1. federation overhead');
  const direct = ehrHistories(dataset.patientEhrIds.slice(0, 10));
  const viaGateway = (tokens: string[]) => tokens.map((token) => ({ query: PATIENT_HISTORIES, variables: { first: 10 }, token }));
  const oneCaller = viaGateway(clinicians.slice(0, 1));
  const runs = [
    ...(await measureTogether(
      [
        {
          label: 'direct (clinical subgraph)',
          service: system.clinical,
          requests: clinicians.map((token) => ({ ...direct, token })),
          connections: CONNECTIONS,
        },
        { label: 'gateway', service: system.gateway, requests: viaGateway(clinicians), connections: CONNECTIONS, cpu: true },
        { label: "gateway, tuning: 'stock'", service: system.untunedGateway, requests: viaGateway(clinicians), connections: CONNECTIONS, cpu: true },
        { label: 'stock @apollo/gateway', service: system.stockGateway, requests: viaGateway(clinicians), connections: CONNECTIONS, cpu: true },
      ],
      timing,
    )),
    ...(await measureTogether(
      [
        { label: 'gateway, identical queries', service: system.gateway, requests: oneCaller, connections: IDENTICAL_CONNECTIONS, cpu: true },
        {
          label: "gateway, tuning: 'stock', identical queries",
          service: system.untunedGateway,
          requests: oneCaller,
          connections: IDENTICAL_CONNECTIONS,
          cpu: true,
        },
        { label: 'stock @apollo/gateway, identical queries', service: system.stockGateway, requests: oneCaller, connections: IDENTICAL_CONNECTIONS, cpu: true },
      ],
      timing,
    )),
  ];
  const [directRun, ours, stock] = [run(runs, 'direct (clinical subgraph)'), run(runs, 'gateway'), run(runs, 'stock @apollo/gateway')];
  return {
    id: 1,
    title: '10 patients → EHR → 5 compositions → entries',
    runs,
    derived: {
      federationOverhead: ours.p50Ms / directRun.p50Ms,
      stockFederationOverhead: stock.p50Ms / directRun.p50Ms,
      gatewayCpuMsPerRequest: ours.gatewayCpuMsPerRequest ?? Number.NaN,
      stockGatewayCpuMsPerRequest: stock.gatewayCpuMsPerRequest ?? Number.NaN,
      throughputVsStock: ours.requestsPerSecond / stock.requestsPerSecond,
      throughputVsUntuned: ours.requestsPerSecond / run(runs, "gateway, tuning: 'stock'").requestsPerSecond,
      identicalThroughputVsStock:
        run(runs, 'gateway, identical queries').requestsPerSecond / run(runs, 'stock @apollo/gateway, identical queries').requestsPerSecond,
    },
    notes: [
      "gateway: ours as `npm start` runs it; tuning: 'stock': ours with Apollo's default data sources and caches; stock @apollo/gateway: ApolloGateway in Apollo's standalone server, no token check, limits or logging of ours",
      'gateway: patients(first: 10) { ehr { compositions(first: 5) { entries } } }; direct: the same 10 EHRs as aliased ehr(id:) fields on the clinical subgraph',
      `ten callers in turn, except the identical-queries runs (one caller, ${IDENTICAL_CONNECTIONS} connections)`,
    ],
  };
}
