import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway, type GatewayOptions } from '../../gateway/service.ts';
import type { TestSystem } from '../kit/system.ts';

/** Another gateway in front of `system`'s subgraphs (or of `clinicalUrl`), with its own settings. */
export async function extraGateway(system: TestSystem, env: Record<string, string> = {}, options: GatewayOptions = {}) {
  return startGateway(
    loadGatewayConfig({
      ...system.authEnv,
      GATEWAY_PORT: '0',
      CLINICAL_URL: system.clinical.url,
      DEMOGRAPHIC_URL: system.demographic.url,
      LOG_LEVEL: 'silent',
      ...env,
    }),
    { keyPrefix: system.keyPrefix, ...options },
  );
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** An automatic persisted query request: the hash, and the query text only when `register` is set. */
export async function apq(url: string, query: string, options: { register: boolean; token?: string; variables?: Record<string, unknown> }) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({
      ...(options.register ? { query } : {}),
      variables: options.variables,
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } },
    }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: { code?: string } }[] };
  return { status: response.status, ...body };
}

/**
 * An HTTP proxy in front of a subgraph that counts the requests it forwards (by Authorization
 * header) and holds each one `delayMs`, so that requests sent together are in flight together.
 */
export async function countingProxy(targetUrl: string, delayMs = 200) {
  const counts = new Map<string, number>();
  const forward = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const authorization = request.headers.authorization ?? '';
    counts.set(authorization, (counts.get(authorization) ?? 0) + 1);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const upstream = await fetch(targetUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'x-request-id': String(request.headers['x-request-id'] ?? '') },
      body: Buffer.concat(chunks),
    });
    response.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    response.end(await upstream.text());
  };
  const server = createServer((request, response) => void forward(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    total: () => [...counts.values()].reduce((sum, n) => sum + n, 0),
    reset: () => counts.clear(),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
