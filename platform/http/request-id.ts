import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/**
 * The two ids of a request. `requestId` is this service's own, always minted here: logs, audit
 * events and the `x-request-id` response header carry it. `callerRequestId` is the `x-request-id` the
 * caller sent (for a subgraph behind the gateway: the gateway's `requestId`), kept apart and only as
 * a plain token (letters, digits, `._:-`, at most 64), so that a caller can neither pose as another
 * request nor put free text such as a name into an audit trail.
 */
export interface RequestIds {
  requestId: string;
  callerRequestId: string | null;
}

const settled = new WeakMap<IncomingMessage, RequestIds>();

/** The ids of `request`, settled on first use (observeRequest does it before anything else runs). */
export function requestIdsOf(request: IncomingMessage): RequestIds {
  let ids = settled.get(request);
  if (!ids) {
    const header = request.headers['x-request-id'];
    ids = { requestId: randomUUID(), callerRequestId: typeof header === 'string' && REQUEST_ID.test(header) ? header : null };
    settled.set(request, ids);
  }
  return ids;
}
