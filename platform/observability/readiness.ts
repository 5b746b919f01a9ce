import type { ServerResponse } from 'node:http';
import { currentRequest } from '../http/request-context.ts';

export interface CheckResult {
  ok: boolean;
  /** A short, fixed phrase (never a raw error message: /ready is unauthenticated). */
  detail?: string;
  /** `false`: reported for operators, but does not make the service unready. */
  required?: boolean;
}

export type ReadyReport = Record<string, CheckResult>;

export interface ReadyCheck {
  /** Resolves (optionally with a detail) when fine; throws when not. Error details go to the log only. */
  run(): Promise<string | undefined> | Promise<void>;
  required?: boolean;
  /** The detail shown when `run` throws anything but a `NotReady`. */
  failure?: string;
}

/** A failure whose message is safe to show on /ready (a short fixed phrase, no error text). */
export class NotReady extends Error {}

/** How long one check may take before it counts as failed. */
export const CHECK_TIMEOUT_MS = 1000;

function withTimeout<P extends Promise<unknown>>(work: P, ms: number): Promise<Awaited<P>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new NotReady(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Runs the checks side by side, each bounded by `timeoutMs`. */
export async function runChecks(checks: Record<string, ReadyCheck>, timeoutMs = CHECK_TIMEOUT_MS): Promise<ReadyReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]): Promise<[string, CheckResult]> => {
      const required = check.required === false ? { required: false } : {};
      try {
        const detail = await withTimeout(check.run(), timeoutMs);
        return [name, { ok: true, ...(detail ? { detail } : {}), ...required }];
      } catch (error) {
        currentRequest()?.logger.warn({ check: name, err: error }, 'readiness check failed');
        return [name, { ok: false, detail: error instanceof NotReady ? error.message : (check.failure ?? 'failed'), ...required }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** 200 `{status:'ready', checks}` when every required check passes, else 503 with `notReady` naming the failures. */
export async function answerReady(response: ServerResponse, ready: (() => Promise<ReadyReport>) | undefined): Promise<void> {
  const checks = ready ? await ready() : {};
  const notReady = Object.entries(checks)
    .filter(([, check]) => !check.ok && check.required !== false)
    .map(([name]) => name);
  const body = notReady.length ? { status: 'not ready', notReady, checks } : { status: 'ready', checks };
  response.statusCode = notReady.length ? 503 : 200;
  response.setHeader('content-type', 'application/json; charset=utf-8');
  response.setHeader('cache-control', 'no-store');
  response.end(JSON.stringify(body));
}
