import { measure } from '../measure.ts';
import { COMPOSITION_BY_UID } from '../queries.ts';
import { CONNECTIONS, run, type ScenarioContext, type ScenarioResult } from './context.ts';

/**
 * Scenario 3: composition versions read by uid on the clinical subgraph, cold (each uid's first read
 * since the service started) and then warm (the same uids again), with the in-process cache and,
 * when REDIS_URL is set, with Redis. The clinical service is restarted before each variant, on a
 * fresh Redis key prefix, so that nothing read or committed before is cached.
 */
export async function cacheScenario(context: ScenarioContext, redis: boolean): Promise<ScenarioResult> {
  console.log('3. cold vs warm composition reads');
  const { system, dataset, timing, clinicians } = context;
  const variants = [{ name: 'in-process', redis: false, uids: dataset.coldUids.inProcess }];
  if (redis) variants.push({ name: 'Redis', redis: true, uids: dataset.coldUids.redis });
  const runs = [];
  const derived: Record<string, number> = {};
  for (const variant of variants) {
    await system.restartClinical({ redis: variant.redis });
    const reads = variant.uids.map((uid, i) => ({ query: COMPOSITION_BY_UID, variables: { uid }, token: clinicians[i % clinicians.length] as string }));
    // warm the process (JIT, connections) on a composition that is not part of the cold set
    const warmup = [{ query: COMPOSITION_BY_UID, variables: { uid: dataset.authorizationUid }, token: clinicians[0] as string }];
    const service = system.clinical;
    const cold = await measure(
      { label: `cold, ${variant.name} cache`, service, requests: reads, connections: CONNECTIONS, amount: reads.length, warmup },
      timing,
    );
    const warm = await measure({ label: `warm, ${variant.name} cache`, service, requests: reads, connections: CONNECTIONS }, timing);
    runs.push(cold, warm);
    derived[variant.redis ? 'redisCacheSpeedup' : 'inProcessCacheSpeedup'] = cold.p50Ms / warm.p50Ms;
  }
  derived.cacheSpeedup = (redis ? derived.redisCacheSpeedup : derived.inProcessCacheSpeedup) ?? Number.NaN;
  return {
    id: 3,
    title: 'composition(uid:) on the clinical subgraph, cold vs warm',
    runs,
    derived,
    notes: [
      `${dataset.size.coldCompositions} distinct versions per variant, each read once cold (the run is bounded by that count, not by time)`,
      redis ? 'cacheSpeedup is the Redis variant' : 'REDIS_URL not set: the Redis variant is left out; cacheSpeedup is the in-process variant',
      ...(run(runs, `cold, in-process cache`).durationS < 1 ? ['the cold run lasted under a second: its p99 is rough'] : []),
    ],
  };
}
