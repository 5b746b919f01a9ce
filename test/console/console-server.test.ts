import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConsoleConfig } from '../../console/server/config.ts';
import { startConsoleServer, type ConsoleServer } from '../../console/server/server.ts';
import { configProblems } from '../kit/config-errors.ts';

// The console's static server over HTTP: the built pages (npm install builds them), its /config.json,
// nothing outside the build, and one clear line per wrong setting.
describe('console server', () => {
  let server: ConsoleServer;
  const gatewayUrl = 'http://127.0.0.1:14000/graphql';
  const clinicalUrl = 'http://127.0.0.1:14001/graphql';

  beforeAll(async () => {
    server = await startConsoleServer(loadConsoleConfig({ CONSOLE_PORT: '0', CONSOLE_GATEWAY_URL: gatewayUrl, CONSOLE_CLINICAL_URL: clinicalUrl }));
  });
  afterAll(() => server?.stop());

  it('serves /config.json with the endpoints the pages call', async () => {
    const response = await fetch(new URL('/config.json', server.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ gatewayUrl, clinicalUrl });
  });

  it.each(['/', '/index.html', '/policies.html', '/audit.html', '/research.html'])('serves the page %s with its bundle, no CDN', async (path) => {
    const response = await fetch(new URL(path, server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('content-security-policy')).toContain(`connect-src 'self' http://127.0.0.1:14000 http://127.0.0.1:14001`);
    const html = await response.text();
    const scripts = [...html.matchAll(/src="([^"]+)"/g)].map((match) => match[1]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(script).toMatch(/^\.\/assets\//);
  });

  it('answers 404 outside the build and 405 to writes', async () => {
    expect((await fetch(new URL('/..%2F..%2Fpackage.json', server.url))).status).toBe(404);
    expect((await fetch(new URL('/src/common/session.ts', server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });

  it('refuses wrong settings with one line each', () => {
    expect(configProblems(() => loadConsoleConfig({ CONSOLE_PORT: 'x', CONSOLE_GATEWAY_URL: 'ftp://nowhere' }))).toEqual([
      'CONSOLE_PORT: must be an integer 0..65535',
      'CONSOLE_GATEWAY_URL: must be an http(s) URL',
    ]);
  });
});
