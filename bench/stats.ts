import { performance } from 'node:perf_hooks';

export const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/** Runs `work` `warmup` times, then `rounds` times sequentially; returns the milliseconds of each measured run. */
export async function sample(work: () => Promise<unknown>, rounds: number, warmup = Math.ceil(rounds / 5)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    await work();
    samples.push(performance.now() - start);
  }
  return samples;
}

/** `sample` for synchronous work (no await between runs): the milliseconds of each measured run. */
export function sampleSync(work: () => unknown, rounds: number, warmup = Math.ceil(rounds / 5)): number[] {
  for (let i = 0; i < warmup; i++) work();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const start = performance.now();
    work();
    samples.push(performance.now() - start);
  }
  return samples;
}

export const ms = (value: number) => value.toFixed(2).padStart(8);
