import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest, type ClientRequest } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANCA, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { openDatabase, type Database } from '../../subgraphs/kit/db/db.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { createTestDatabase, type TestDatabase } from '../kit/databases.ts';
import { graphqlClient } from '../kit/graphql-client.ts';
import { spawnTypeScript } from '../kit/child-service.ts';
import { testIssuer } from '../kit/tokens.ts';
import { freePort } from '../kit/ports.ts';

const COMMIT = `mutation Commit($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`;

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A clinician token of a fresh issuer, and the public key that verifies it. */
async function issuer() {
  const { authEnv, token } = await testIssuer();
  return { publicKey: authEnv.TOKEN_PUBLIC_KEY, token: await token({ sub: 'dr-stop', roles: ['clinician'] }) };
}

/** A commit of many lab results, as one JSON body. */
function commitBody(ehrId: string): Buffer {
  const tests = Array.from({ length: 200 }, (_, i) => (i % 2 ? HBA1C(5 + (i % 30) / 10) : ANCA(i)));
  return Buffer.from(JSON.stringify({ query: COMMIT, variables: { e: ehrId, c: labReportComposition(tests, '2026-05-01T10:00:00Z') } }));
}

interface Pending {
  request: ClientRequest;
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<{ status: number; body: string }>;
}

/** Starts a POST and sends only the first half of its body: the server holds the request in flight. */
function startSlowCommit(url: string, token: string, body: Buffer): Pending {
  const request = httpRequest(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': String(body.length), authorization: `Bearer ${token}` },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on('response', (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    request.on('error', reject);
  });
  const half = Math.floor(body.length / 2);
  request.write(body.subarray(0, half));
  return { request, response, finish: () => request.end(body.subarray(half)) };
}

/** Resolves with the error code of a fresh TCP connection to `port` (ECONNREFUSED once the listener is closed). */
function connectOutcome(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const portOf = (url: string) => Number(new URL(url).port);
const storedVersions = async (db: Database, ehrId: string) =>
  (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM composition_versions WHERE ehr_id = $1', [ehrId])).rows[0]?.n;

async function startClinical(timeoutMs: number) {
  const { publicKey, token } = await issuer();
  const store = await createTestDatabase('shutdown');
  cleanups.push(() => store.drop());
  const service = await startClinicalService(loadClinicalConfig({ TOKEN_PUBLIC_KEY: publicKey, CLINICAL_PORT: '0', SHUTDOWN_TIMEOUT_MS: String(timeoutMs) }), {
    db: store.db,
  });
  let stopped = false;
  const stop = () => (stopped ? Promise.resolve() : ((stopped = true), service.stop()));
  cleanups.push(stop);
  const client = graphqlClient(service.url);
  const ehr = await client.request(`mutation { createEhr { id } }`, {}, { authorization: `Bearer ${token}` });
  return { service, stop, store, token, ehrId: ehr.data.createEhr.id as string };
}

describe('graceful shutdown', () => {
  it('finishes a commit in flight when stop begins, while refusing new connections', async () => {
    const { service, stop, store, token, ehrId } = await startClinical(10_000);
    const pending = startSlowCommit(service.url, token, commitBody(ehrId));
    await sleep(300);
    const stopping = stop();
    expect(await connectOutcome(portOf(service.url))).toBe('ECONNREFUSED');
    pending.finish();
    const { status, body } = await pending.response;
    expect(status).toBe(200);
    const result = JSON.parse(body) as { data?: { commitComposition?: { uid: string } }; errors?: unknown };
    expect(result.errors).toBeUndefined();
    expect(result.data?.commitComposition?.uid).toMatch(/::/);
    await stopping;
    expect(await storedVersions(store.db, ehrId)).toBe(1);
  });

  it('cuts a request still unfinished after SHUTDOWN_TIMEOUT_MS, storing nothing of it', async () => {
    const { service, stop, store, token, ehrId } = await startClinical(400);
    const pending = startSlowCommit(service.url, token, commitBody(ehrId));
    const outcome = pending.response.then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(300);
    const started = Date.now();
    await stop();
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await outcome).toBe('cut');
    expect(await storedVersions(store.db, ehrId)).toBe(0);
  });
});

async function waitUntilReady(url: string, child: ChildProcess, output: () => string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output()}`);
    const ready = await fetch(url).then(
      (response) => response.status === 200,
      () => false,
    );
    if (ready) return;
    await sleep(200);
  }
  throw new Error('service did not become ready');
}

describe('SIGTERM to a service process (platform/http/run-service.ts)', () => {
  it('stops accepting, answers the commit in flight, closes its database and exits 0', { timeout: 150_000 }, async () => {
    const { publicKey, token } = await issuer();
    const dataDir = mkdtempSync(join(tmpdir(), 'clinical-sigterm-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    let store: TestDatabase | undefined;
    if (process.env.TEST_DATABASE_URL) {
      store = await createTestDatabase('sigterm');
      const created = store;
      cleanups.push(() => created.drop());
    }
    const port = await freePort();
    const { process: child, kill } = spawnTypeScript('subgraphs/clinical/main.ts', {
      env: {
        NODE_ENV: 'development',
        LOG_LEVEL: 'info',
        CLINICAL_PORT: String(port),
        DATA_DIR: dataDir,
        TOKEN_PUBLIC_KEY: publicKey,
        CLINICAL_DATABASE_URL: store?.url ?? '',
        SHUTDOWN_TIMEOUT_MS: '20000',
      },
      stdout: 'pipe',
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    cleanups.push(kill);
    const url = `http://127.0.0.1:${port}/graphql`;
    await waitUntilReady(`http://127.0.0.1:${port}/ready`, child, () => output);

    const ehr = await graphqlClient(url).request(`mutation { createEhr { id } }`, {}, { authorization: `Bearer ${token}` });
    const ehrId = ehr.data.createEhr.id as string;
    const pending = startSlowCommit(url, token, commitBody(ehrId));
    await sleep(300);
    child.kill('SIGTERM');
    for (let i = 0; i < 100 && !output.includes('"msg":"stopping'); i += 1) await sleep(50);
    expect(output).toContain('"signal":"SIGTERM"');
    expect(await connectOutcome(port)).toBe('ECONNREFUSED');
    pending.finish();
    const { status, body } = await pending.response.catch((error: unknown) => {
      throw new Error(`${(error as Error).message}; service output:\n${output}`);
    });
    expect(status).toBe(200);
    expect(JSON.parse(body), body).toMatchObject({ data: { commitComposition: { uid: expect.stringMatching(/::/) } } });
    expect(await exited).toBe(0);
    expect(output).toContain('"msg":"stopped"');

    const db = store?.db ?? (await openDatabase(join(dataDir, 'clinical')));
    try {
      expect(await storedVersions(db, ehrId)).toBe(1);
    } finally {
      if (!store) await db.close();
    }
  });
});
