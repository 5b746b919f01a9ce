/**
 * `npm run bench:smoke`: starts the benchmark's services (each in its own process, as `npm run bench`
 * does), asks each gateway and subgraph one question, reads their CPU times, switches the policy,
 * restarts the clinical service and stops everything. Seconds instead of the benchmark's minutes:
 * a check that the bench system still starts and stops after a change to it.
 */
import { graphqlClient } from '../../test/kit/graphql-client.ts';
import { bearer } from '../../test/kit/tokens.ts';
import { benchEnvironment } from './environment.ts';
import { startBenchSystem } from './system.ts';

const startedAt = Date.now();
const system = await startBenchSystem(benchEnvironment());
try {
  const headers = bearer(await system.token({ sub: 'bench-smoke', org: 'org-a', roles: ['clinician'] }));
  const services = [system.gateway, system.untunedGateway, system.stockGateway, system.clinical, system.demographic];
  for (const service of services) {
    const answer = await graphqlClient(service.url).request('{ __typename }', {}, headers);
    if (answer.status !== 200 || answer.data?.__typename !== 'Query') throw new Error(`${service.role}: ${JSON.stringify(answer)}`);
    console.log(`${service.role.padEnd(16)} pid ${service.pid}  answers; ${(await service.cpuMs()).toFixed(0)} ms CPU so far`);
  }
  await system.usePolicy('allow-all');
  await system.usePolicy('default');
  await system.restartClinical({ redis: false });
  const again = await graphqlClient(system.clinical.url).request('{ __typename }', {}, headers);
  if (again.status !== 200) throw new Error(`clinical after a restart: ${JSON.stringify(again)}`);
  console.log(`policy switched twice, clinical restarted; on ${system.databases.engine}`);
} finally {
  await system.stop();
}
console.log(`bench system started and stopped in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
