/**
 * `npm run bench [-- --quick] [--only 1,5] [--cpu-prof]`: the benchmark suite. Generates its dataset, starts
 * the clinical and demographic subgraphs, our gateway and stock `@apollo/gateway`, each in its own
 * process on loopback, drives them with autocannon for a bounded time, prints a table and writes
 * bench/results/latest.json and latest.md. Real PostgreSQL (BENCH_DATABASE_URL, then TEST_DATABASE_URL) and Redis
 * (REDIS_URL) when set, else PGlite and in-process caches. `--cpu-prof` takes a V8 CPU profile of
 * each of our processes (gateway, clinical, demographic) during scenario 1, writes them to
 * bench/results/ and prints where each one's time went (top self-time packages and functions).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { commitBreakdown } from './commit-breakdown.ts';
import { generateDataset, type DatasetSize } from './dataset.ts';
import { benchEnvironment, describeMachine } from './environment.ts';
import type { Timing } from './measure.ts';
import { summariseProfile } from './profile-summary.ts';
import { collectRatios, formatTable, type BenchReport } from './report.ts';
import { authorizationScenario } from './scenarios/authorization.ts';
import { cacheScenario } from './scenarios/cache.ts';
import { commitScenario } from './scenarios/commits.ts';
import type { ScenarioContext, ScenarioResult } from './scenarios/context.ts';
import { federationScenario } from './scenarios/federation.ts';
import { listScenario } from './scenarios/lists.ts';
import { researchScenario } from './scenarios/research.ts';
import { startBenchSystem } from './system.ts';
import { writeReport } from './write-report.ts';

const { values: flags } = parseArgs({
  options: { quick: { type: 'boolean', default: false }, 'cpu-prof': { type: 'boolean', default: false }, only: { type: 'string' } },
});
const quick = flags.quick;
/** `--only 1,5`: run these scenarios alone (e.g. to profile one). */
const only = flags.only ? new Set(flags.only.split(',').map(Number)) : undefined;
const timing: Timing = quick ? { measureS: 3, warmupS: 1, rounds: 2 } : { measureS: 12, warmupS: 3, rounds: 4 };
const size: DatasetSize = { patients: 100, compositionsPerEhr: 5, coldCompositions: quick ? 150 : 1000, authorizationEntries: 20, commitEhrs: 10 };
const PROFILED = ['gateway', 'clinical', 'demographic'] as const;
const profileStamp = Date.now();
const profilePaths = flags['cpu-prof']
  ? PROFILED.map((role) => ({ role, path: fileURLToPath(new URL(`../results/${role}-scenario-1-${profileStamp}.cpuprofile`, import.meta.url)) }))
  : [];

for (const { path } of profilePaths) mkdirSync(dirname(path), { recursive: true });
const startedAt = new Date();
const environment = benchEnvironment();
const system = await startBenchSystem(environment);
let report: BenchReport;
try {
  console.log(`services up in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s on ${system.databases.engine}; generating the dataset…`);
  const dataset = await generateDataset(system, size);
  console.log(`dataset ready at ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s: ${JSON.stringify(dataset.stored)}`);
  const clinicians = await Promise.all(Array.from({ length: 10 }, (_, i) => system.token({ sub: `bench-clinician-${i}`, org: 'org-a', roles: ['clinician'] })));
  const context: ScenarioContext = { system, dataset, timing, clinicians };
  // scenario 3 restarts the clinical service, so it runs last; the report lists scenarios by number
  const order: [number, () => Promise<ScenarioResult>][] = [
    [
      1,
      () =>
        profilePaths.reduce(
          (work, { role, path }) =>
            () =>
              system[role].profile(path, work),
          () => federationScenario(context),
        )(),
    ],
    [5, () => listScenario(context)],
    [4, () => commitScenario(context)],
    [2, () => authorizationScenario(context)],
    [6, () => researchScenario(context)],
    [3, () => cacheScenario(context, environment.redisUrl !== undefined)],
  ];
  const scenarios: ScenarioResult[] = [];
  for (const [id, scenario] of order) if (!only || only.has(id)) scenarios.push(await scenario());
  scenarios.sort((a, b) => a.id - b.id);
  // in this process, once the services are idle: scenario 4's document and the largest fixture, step by step
  const breakdown = !only || only.has(4) ? await commitBreakdown(system.databases.clinicalUrl, quick) : undefined;
  report = {
    mode: quick ? 'quick' : 'full',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: describeMachine(environment, system.databases.engine),
    data: { ...dataset.stored, size },
    scenarios,
    ratios: collectRatios(scenarios),
    ...(breakdown ? { commitBreakdown: breakdown } : {}),
  };
} finally {
  await system.stop();
}
console.log(`\n${formatTable(report)}\n\nwritten to ${writeReport(report).join(' and ')} (${((Date.now() - startedAt.getTime()) / 1000).toFixed(0)} s in all)`);
for (const { role, path } of profilePaths) if (existsSync(path)) console.log(`\n${summariseProfile(path, role)}`);
