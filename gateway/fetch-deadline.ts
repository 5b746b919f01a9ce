/** The signal of work no caller can go away from (health checks, schema loads). */
export const NEVER_ABORTED = new AbortController().signal;

/** The reason of a fetch aborted by its deadline (and not by its caller). */
export class DeadlineExpired extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/**
 * Runs `fetch` with a signal that aborts when `caller` aborts or `ms` have passed, whichever comes
 * first; aborting closes the subgraph connection, and the subgraph cancels the statement it runs
 * for it. A deadline rejects with `DeadlineExpired`.
 */
export async function withinDeadline<T>(ms: number, caller: AbortSignal | undefined, fetch: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const expired = new DeadlineExpired(ms);
  const timer = setTimeout(() => controller.abort(expired), ms);
  const forward = () => controller.abort(caller?.reason);
  if (caller?.aborted) forward();
  else caller?.addEventListener('abort', forward, { once: true });
  try {
    return await fetch(controller.signal);
  } catch (error) {
    throw controller.signal.reason === expired ? expired : error;
  } finally {
    clearTimeout(timer);
    caller?.removeEventListener('abort', forward);
  }
}
