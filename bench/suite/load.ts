import autocannon from 'autocannon';
import { quantile } from '../stats.ts';

/** One GraphQL request: its body and the caller's token. */
export interface LoadRequest {
  query: string;
  variables?: Record<string, unknown>;
  token: string;
}

export interface LoadOptions {
  url: string;
  /** Sent in turn, one after the other, across all connections. */
  requests: LoadRequest[];
  connections: number;
  /** Seconds; or `amount`: exactly this many requests. */
  duration?: number;
  amount?: number;
}

/** What one load run saw. Latencies are our own per-response timings (autocannon's histogram has 1 ms steps). */
export interface LoadSample {
  latencies: number[];
  errors: number;
  durationS: number;
}

/** The figures of one or more load runs (a run may be measured in interleaved rounds). */
export interface LoadFigures {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Non-2xx answers, answers carrying GraphQL errors, socket errors and timeouts. */
  errors: number;
  requests: number;
  durationS: number;
  connections: number;
}

/** Drives `url` with autocannon and checks every answer for GraphQL errors. */
export async function runLoad(options: LoadOptions): Promise<LoadSample> {
  const bodies = options.requests.map((request) => ({
    body: JSON.stringify({ query: request.query, variables: request.variables ?? {} }),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
  }));
  let next = 0;
  let graphqlErrors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const settings: autocannon.Options = {
    url: options.url,
    method: 'POST',
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 5 }),
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => ({ ...request, ...bodies[next++ % bodies.length] }),
        onResponse: (status, body) => {
          if (status < 300 && !body.includes('"errors":[')) return;
          graphqlErrors++;
          firstError ??= `${status} ${body.slice(0, 300)}`;
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(settings, (error: Error | null, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  if (firstError) console.warn(`  ! ${graphqlErrors} failed answers from ${options.url}, the first: ${firstError}`);
  return { latencies, errors: graphqlErrors + result.errors + result.timeouts, durationS: result.duration };
}

/** The figures of the samples of one run taken together. */
export function summarise(samples: LoadSample[], connections: number): LoadFigures {
  const latencies = samples.flatMap((sample) => sample.latencies);
  const durationS = samples.reduce((sum, sample) => sum + sample.durationS, 0);
  return {
    requestsPerSecond: latencies.length / durationS,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    errors: samples.reduce((sum, sample) => sum + sample.errors, 0),
    requests: latencies.length,
    durationS,
    connections,
  };
}
