import type { IncomingMessage, ServerResponse } from 'node:http';

export interface CorsPolicy {
  /** Exact origins, or `scheme://host:*` for any port of a host (CORS_ORIGINS). */
  origins: readonly string[];
  /** Whether browsers may send cookies or client certificates (bearer tokens do not need it). */
  allowCredentials: boolean;
}

/** What a browser app may send: its token, JSON, Apollo's CSRF-prevention headers and a request id. */
const ALLOWED_HEADERS = 'authorization, content-type, apollo-require-preflight, x-apollo-operation-name, x-request-id';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** What a browser app may read beyond the CORS-safelisted response headers. */
const EXPOSED_HEADERS = 'retry-after, x-request-id';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

export function originAllowed(policy: CorsPolicy, origin: string): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.origin !== origin) return false;
  return policy.origins.some((allowed) => (allowed.endsWith(':*') ? `${url.protocol}//${url.hostname}` === allowed.slice(0, -2) : allowed === origin));
}

/**
 * Marks a response readable by an allowed origin and answers preflight requests (OPTIONS) itself:
 * 204 with the allowed methods and headers for an allowed origin, 204 without any CORS header for
 * another (the browser then refuses). Returns true when the response has been sent.
 */
export function applyCors(policy: CorsPolicy, request: IncomingMessage, response: ServerResponse): boolean {
  response.setHeader('vary', 'Origin');
  const origin = request.headers.origin;
  const allowed = typeof origin === 'string' && originAllowed(policy, origin);
  if (allowed) {
    response.setHeader('access-control-allow-origin', origin);
    response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    if (policy.allowCredentials) response.setHeader('access-control-allow-credentials', 'true');
  }
  if (request.method !== 'OPTIONS') return false;
  if (allowed) {
    response.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    response.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_SECONDS);
  }
  response.statusCode = 204;
  response.end();
  return true;
}
