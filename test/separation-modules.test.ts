import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from './kit/ports.ts';

/**
 * The split at run time, not only in the import graph the linter sees (test/architecture/zones.test.ts): each
 * subgraph's process, started from its main.ts, serving and then stopped, never loads a file of the other subgraph.
 * A module hook (test/kit/record-modules.mjs) records every module URL Node resolves in that process, static
 * imports, dynamic imports and those of start-up and shutdown alike.
 */

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const folderUrl = (folder: string) => pathToFileURL(join(ROOT, folder)).href + '/';
const CLINICAL = folderUrl('subgraphs/clinical');
const DEMOGRAPHIC = folderUrl('subgraphs/demographic');
const KIT = folderUrl('subgraphs/kit');

/** A cold start (tsx, a new PGlite folder, its migrations and keys) takes a few seconds; far longer on a loaded machine. */
const START_TIMEOUT_MS = 90_000;

const scratch = mkdtempSync(join(tmpdir(), 'separation-modules-'));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `script` until /health answers, stops it with SIGTERM, and returns the URLs its process resolved. */
async function modulesLoadedBy(script: string, env: Record<string, string>, port: number): Promise<string[]> {
  const record = join(scratch, `${script.replace(/\W/g, '_')}.txt`);
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', './test/kit/record-modules.mjs', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', MODULE_RECORD_FILE: record, LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (
    !(await fetch(`http://127.0.0.1:${port}/health`).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not come up: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill('SIGTERM');
  expect(await exited, stderr).toBe(0);
  return [...new Set(readFileSync(record, 'utf8').split('\n').filter(Boolean))];
}

describe('each subgraph process loads none of the other subgraph', () => {
  it(
    'the clinical service (main.ts → service.ts) loads no file of subgraphs/demographic/',
    async () => {
      const port = await freePort();
      const loaded = await modulesLoadedBy('subgraphs/clinical/main.ts', { CLINICAL_PORT: String(port), DATA_DIR: join(scratch, 'clinical') }, port);
      // The recording saw the service's own graph (so the check below is not vacuous)…
      expect(loaded).toEqual(expect.arrayContaining([`${CLINICAL}main.ts`, `${CLINICAL}service.ts`, `${CLINICAL}aql/index.ts`, `${KIT}db/db.ts`]));
      // …and nothing of the other side.
      expect(loaded.filter((url) => url.startsWith(DEMOGRAPHIC))).toEqual([]);
    },
    START_TIMEOUT_MS + 30_000,
  );

  it(
    'the demographic service (main.ts → service.ts) loads no file of subgraphs/clinical/',
    async () => {
      const port = await freePort();
      const env = { DEMOGRAPHIC_PORT: String(port), DATA_DIR: join(scratch, 'demographic'), LINK_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
      const loaded = await modulesLoadedBy('subgraphs/demographic/main.ts', env, port);
      expect(loaded).toEqual(expect.arrayContaining([`${DEMOGRAPHIC}main.ts`, `${DEMOGRAPHIC}service.ts`, `${DEMOGRAPHIC}crypto.ts`, `${KIT}db/db.ts`]));
      expect(loaded.filter((url) => url.startsWith(CLINICAL))).toEqual([]);
    },
    START_TIMEOUT_MS + 30_000,
  );
});
