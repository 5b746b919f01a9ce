/** Messages between the benchmark and its service processes (see service-process.ts). */
/**
 * `gateway-untuned`: our gateway with `tuning: 'stock'`; `gateway-stock`: plain `@apollo/gateway` (stock-gateway.ts);
 * `floor`: scenario 1's answers at their floors (floor/floor-service.ts).
 */
export type ServiceRole = 'clinical' | 'demographic' | 'gateway' | 'gateway-untuned' | 'gateway-stock' | 'floor';

export type ParentMessage =
  | { type: 'cpu' }
  | { type: 'reload-policy' }
  | { type: 'profile-start' }
  /** Writes the V8 CPU profile taken since `profile-start` to `path`. */
  | { type: 'profile-stop'; path: string }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { type: 'cpu'; usage: NodeJS.CpuUsage }
  | { type: 'policy'; version: string }
  | { type: 'profile'; path: string };
