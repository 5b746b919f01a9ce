import type { FloorPath } from '../floor/floor-service.ts';
import { measureTogether, type RunSpec } from '../measure.ts';
import { DEMOGRAPHIC_PATIENTS, ehrHistories, PATIENT_HISTORIES } from '../queries.ts';
import type { ServiceProcess } from '../services.ts';
import { CONNECTIONS, run, type ScenarioContext, type ScenarioResult } from './context.ts';

/** Connections of the identical-queries variant: many identical queries in flight at once. */
const IDENTICAL_CONNECTIONS = 32;

const FLOOR_LABELS: Record<FloorPath, string> = {
  'clinical-a': "clinical floor A: today's SQL + JSON",
  'clinical-b': 'clinical floor B: entry rows + JSON',
  'clinical-graphql': 'clinical shape, graphql-js in memory',
  demographic: 'demographic floor: SQL + decrypt + JSON',
  'demographic-graphql': 'demographic shape, graphql-js in memory',
};

/** The floor process's path `path` as a service of its own (same process, so the same CPU reading). */
const atPath = (floor: ServiceProcess, path: FloorPath): ServiceProcess => ({ ...floor, url: `${floor.url}/${path}` });

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
  const { floor } = system;
  const floorRun = (path: FloorPath, requests: RunSpec['requests']): RunSpec[] =>
    floor ? [{ label: FLOOR_LABELS[path], service: atPath(floor, path), requests, connections: CONNECTIONS, cpu: true }] : [];
  const directRequests = clinicians.map((token) => ({ ...direct, token }));
  const patientsRequests = clinicians.map((token) => ({ query: DEMOGRAPHIC_PATIENTS, variables: { first: 10 }, token }));
  const runs = [
    ...(await measureTogether(
      [
        {
          label: 'direct (clinical subgraph)',
          service: system.clinical,
          requests: directRequests,
          connections: CONNECTIONS,
          cpu: true,
        },
        ...floorRun('clinical-a', directRequests),
        ...floorRun('clinical-b', directRequests),
        ...floorRun('clinical-graphql', directRequests),
        ...floorRun('demographic', patientsRequests),
        ...floorRun('demographic-graphql', patientsRequests),
        {
          label: 'gateway',
          service: system.gateway,
          requests: viaGateway(clinicians),
          connections: CONNECTIONS,
          cpu: true,
          cpuOf: [system.clinical, system.demographic],
        },
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
  const floorCpu = (path: FloorPath) => (floor ? (run(runs, FLOOR_LABELS[path]).cpuMsPerRequest ?? Number.NaN) : Number.NaN);
  const clinicalCpu = directRun.cpuMsPerRequest ?? Number.NaN;
  const demographicCpu = ours.cpuMsPerRequestOf?.demographic ?? Number.NaN;
  return {
    id: 1,
    title: '10 patients → EHR → 5 compositions → entries',
    runs,
    derived: {
      federationOverhead: ours.p50Ms / directRun.p50Ms,
      stockFederationOverhead: stock.p50Ms / directRun.p50Ms,
      gatewayCpuMsPerRequest: ours.cpuMsPerRequest ?? Number.NaN,
      stockGatewayCpuMsPerRequest: stock.cpuMsPerRequest ?? Number.NaN,
      gatewayCpuVsStock: (ours.cpuMsPerRequest ?? Number.NaN) / (stock.cpuMsPerRequest ?? Number.NaN),
      clinicalCpuVsFloor: clinicalCpu / floorCpu('clinical-b'),
      clinicalCpuVsFloorA: clinicalCpu / floorCpu('clinical-a'),
      clinicalCpuVsGraphqlInMemory: clinicalCpu / floorCpu('clinical-graphql'),
      demographicCpuVsFloor: demographicCpu / floorCpu('demographic'),
      demographicCpuVsGraphqlInMemory: demographicCpu / floorCpu('demographic-graphql'),
      throughputVsStock: ours.requestsPerSecond / stock.requestsPerSecond,
      throughputVsUntuned: ours.requestsPerSecond / run(runs, "gateway, tuning: 'stock'").requestsPerSecond,
      identicalThroughputVsStock:
        run(runs, 'gateway, identical queries').requestsPerSecond / run(runs, 'stock @apollo/gateway, identical queries').requestsPerSecond,
    },
    notes: [
      "gateway: ours as `npm start` runs it; tuning: 'stock': ours with Apollo's default data sources and caches; stock @apollo/gateway: ApolloGateway in Apollo's standalone server, no token check, limits or logging of ours",
      'gateway: patients(first: 10) { ehr { compositions(first: 5) { entries } } }; direct: the same 10 EHRs as aliased ehr(id:) fields on the clinical subgraph',
      `ten callers in turn, except the identical-queries runs (one caller, ${IDENTICAL_CONNECTIONS} connections)`,
      floor
        ? "floors (bench/suite/floor/, a process of their own, no GraphQL server, no authorisation): A runs the statements the clinical subgraph runs today and summarises entries from each canonical document; B reads only the entry rows the answer needs; graphql-js in memory executes the same document over objects of the answer's shape. demographicCpuVsFloor is the demographic CPU per gateway request over its floor's"
        : "floors need PostgreSQL (PGlite is one process's): left out, so the CPU-vs-floor ratios are absent",
    ],
  };
}
