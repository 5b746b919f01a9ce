import { quantile } from '../stats.ts';
import { runLoad, summarise, type LoadFigures, type LoadRequest, type LoadSample } from './load.ts';
import type { ServiceProcess } from './services.ts';

/** About how many seconds of load per measured run (split over `rounds` interleaved rounds), and of warm-up before it. */
export interface Timing {
  measureS: number;
  warmupS: number;
  rounds: number;
}

/** The figures of one measured run, as written to latest.json. */
export interface RunResult extends LoadFigures {
  label: string;
  /** Which process was driven: `gateway`, `gateway-untuned`, `gateway-stock`, `clinical`, `floor`. */
  target: string;
  /** CPU time of the driven process over the run, divided by the requests it answered. */
  cpuMsPerRequest?: number;
  /** The same for the other processes the run asked for (`cpuOf`), by role: e.g. the subgraphs behind a gateway. */
  cpuMsPerRequestOf?: Record<string, number>;
}

export interface RunSpec {
  label: string;
  service: ServiceProcess;
  requests: LoadRequest[];
  connections: number;
  /** Exactly this many requests (cold reads: each uid once), in one round, instead of a number sized from `timing`. */
  amount?: number;
  /** Measure the CPU time of `service` per request. */
  cpu?: boolean;
  /** Measure the CPU time of these processes too (per request of this run), e.g. the subgraphs behind a gateway. */
  cpuOf?: ServiceProcess[];
  /** Requests for the warm-up run, when the measured ones must not be sent before (cold reads). */
  warmup?: LoadRequest[];
  /** Runs before each of this run's turns (e.g. puts its policy in force). */
  before?: () => Promise<void>;
}

/**
 * Measures runs that are to be compared: each is warmed up for `timing.warmupS`, then they take
 * turns in `timing.rounds` rounds (A B A B …), so that a change in the load of a shared machine hits
 * all of them alike. A turn sends a fixed number of requests, sized from the warm-up's rate to last
 * about `measureS / rounds`, and waits for every answer: a turn cut off by a clock would leave its
 * slowest requests unmeasured (and still running into the next turn).
 */
export async function measureTogether(specs: RunSpec[], timing: Timing): Promise<RunResult[]> {
  const rounds = specs.some((spec) => spec.amount) ? 1 : timing.rounds;
  const amounts: number[] = [];
  for (const spec of specs) {
    await spec.before?.();
    const warmup = spec.warmup ?? (spec.amount ? undefined : spec.requests);
    const warm = warmup ? await runLoad({ url: spec.service.url, requests: warmup, connections: spec.connections, duration: timing.warmupS }) : undefined;
    const rate = warm ? warm.latencies.length / warm.durationS : 0;
    // let the requests the warm-up's clock cut off finish before anything is measured
    if (warm) await new Promise((resolve) => setTimeout(resolve, Math.min(3000, quantile(warm.latencies, 0.99) || 0)));
    amounts.push(spec.amount ?? Math.max(2 * spec.connections, Math.round((rate * timing.measureS) / rounds)));
  }
  const samples = specs.map(() => [] as LoadSample[]);
  const watched = specs.map((spec) => [...(spec.cpu ? [spec.service] : []), ...(spec.cpuOf ?? [])]);
  const cpuMs = specs.map((_, i) => (watched[i] ?? []).map(() => 0));
  for (let round = 0; round < rounds; round++) {
    for (const [i, spec] of specs.entries()) {
      if (specs.length > 1) await spec.before?.();
      const before = await Promise.all((watched[i] ?? []).map((service) => service.cpuMs()));
      samples[i]?.push(await runLoad({ url: spec.service.url, requests: spec.requests, connections: spec.connections, amount: amounts[i] ?? 1 }));
      const after = await Promise.all((watched[i] ?? []).map((service) => service.cpuMs()));
      cpuMs[i] = (cpuMs[i] ?? []).map((sum, j) => sum + (after[j] ?? 0) - (before[j] ?? 0));
    }
  }
  return specs.map((spec, i) => {
    const figures = summarise(samples[i] ?? [], spec.connections);
    const result: RunResult = { label: spec.label, target: spec.service.role, ...figures };
    const perRequest = (cpuMs[i] ?? []).map((ms) => ms / Math.max(1, figures.requests));
    if (spec.cpu) result.cpuMsPerRequest = perRequest.shift();
    if (spec.cpuOf) result.cpuMsPerRequestOf = Object.fromEntries(spec.cpuOf.map((service, j) => [service.role, perRequest[j] ?? Number.NaN]));
    console.log(`  ${spec.label.padEnd(48)} ${figures.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${figures.p50Ms.toFixed(2)} ms`);
    return result;
  });
}

/** One run on its own (warm-up, then measured). */
export async function measure(spec: RunSpec, timing: Timing): Promise<RunResult> {
  return (await measureTogether([spec], timing))[0] as RunResult;
}
