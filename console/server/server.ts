import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { gracefulCloser } from '../../platform/http/graceful-close.ts';
import { consoleOrigin, type ConsoleConfig } from './config.ts';

/** The built console (`npm run build:console`, run by `npm install`). */
export const CONSOLE_DIST = resolve(import.meta.dirname, '..', 'dist');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export interface ConsoleServer {
  /** The console's home page, e.g. http://127.0.0.1:4003/ */
  url: string;
  /** The origin its pages run on: what the gateway and the clinical subgraph must allow by CORS. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * The pages may reach their own origin and the two endpoints of /config.json, nothing else (no CDN).
 * 'unsafe-eval': the policy form validates with Ajv, which compiles the policy schema into functions
 * in the page; Ajv's precompiled (standalone) validators do not cover the if/then branches that the
 * form library resolves while rendering, so the page compiles them itself.
 */
function securityHeaders(config: ConsoleConfig): Record<string, string> {
  const endpoints = [config.CONSOLE_GATEWAY_URL, config.CONSOLE_CLINICAL_URL].map((url) => new URL(url).origin);
  return {
    'content-security-policy': `default-src 'self'; script-src 'self' 'unsafe-eval'; connect-src 'self' ${[...new Set(endpoints)].join(' ')}; style-src 'self' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'`,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

/** A file of the build for a request path, or null (never a path outside the build). */
function fileFor(dist: string, pathname: string): string | null {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
  const file = normalize(join(dist, relative));
  return file.startsWith(dist + '/') && existsSync(file) && extname(file) in CONTENT_TYPES ? file : null;
}

function handle(config: ConsoleConfig, dist: string, request: IncomingMessage, response: ServerResponse): void {
  for (const [name, value] of Object.entries(securityHeaders(config))) response.setHeader(name, value);
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const { pathname } = new URL(request.url ?? '/', 'http://console');
  if (pathname === '/config.json') {
    const body = JSON.stringify({ gatewayUrl: config.CONSOLE_GATEWAY_URL, clinicalUrl: config.CONSOLE_CLINICAL_URL });
    response.writeHead(200, { 'content-type': CONTENT_TYPES['.json'], 'cache-control': 'no-store' }).end(body);
    return;
  }
  const file = fileFor(dist, pathname);
  if (!file) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
  response.end(request.method === 'HEAD' ? undefined : readFileSync(file));
}

/** Serves the built console and its /config.json on CONSOLE_PORT; refuses to start without a build. */
export async function startConsoleServer(config: ConsoleConfig, dist: string = CONSOLE_DIST): Promise<ConsoleServer> {
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`The console is not built (${dist} is missing): run npm run build:console`);
  const server = createServer((request, response) => handle(config, dist, request, response));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(config.CONSOLE_PORT, config.HOST, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const origin = consoleOrigin(config, port);
  return { url: `${origin}/`, origin, stop: gracefulCloser(server) };
}
