import type { Server, ServerResponse } from 'node:http';

export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/**
 * Returns a `close()` for `server` that stops accepting connections at once, lets the requests in
 * flight finish (each response then closes its connection), and only after `timeoutMs` cuts the
 * connections still open. A commit in flight is thus answered, not cut in half; should the
 * timeout cut it anyway, its transaction still commits or rolls back whole.
 */
export function gracefulCloser(server: Server, timeoutMs = DEFAULT_SHUTDOWN_TIMEOUT_MS): () => Promise<void> {
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | undefined;
  server.on('request', (_request, response: ServerResponse) => {
    inFlight.add(response);
    if (closing) response.shouldKeepAlive = false;
    response.once('close', () => {
      inFlight.delete(response);
      // The connection that carried it is idle now: let it go instead of waiting for keep-alive.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () => {
    closing ??= new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), timeoutMs);
      force.unref();
      server.close((error) => {
        clearTimeout(force);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
      for (const response of inFlight) response.shouldKeepAlive = false;
    });
    return closing;
  };
}
