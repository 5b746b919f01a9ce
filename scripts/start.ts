/**
 * `npm start`: the whole system on one machine — clinical and demographic subgraphs and the
 * gateway as three processes, each given only its own settings (the clinical process never sees
 * the demographic database or the link key, and the reverse).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

interface ServiceSpec {
  name: string;
  entry: string;
  env: NodeJS.ProcessEnv;
}

const ONLY_FOR: Record<string, string[]> = {
  CLINICAL_DATABASE_URL: ['clinical'],
  DEMOGRAPHIC_DATABASE_URL: ['demographic'],
  LINK_ENCRYPTION_KEY: ['demographic'],
};

function envFor(service: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const [name, owners] of Object.entries(ONLY_FOR)) if (!owners.includes(service)) delete env[name];
  return env;
}

const clinicalPort = process.env.CLINICAL_PORT ?? '4001';
const demographicPort = process.env.DEMOGRAPHIC_PORT ?? '4002';
const services: ServiceSpec[] = [
  { name: 'clinical', entry: 'subgraphs/clinical/main.ts', env: envFor('clinical') },
  { name: 'demographic', entry: 'subgraphs/demographic/main.ts', env: envFor('demographic') },
  {
    name: 'gateway',
    entry: 'gateway/main.ts',
    env: envFor('gateway', {
      CLINICAL_URL: process.env.CLINICAL_URL ?? `http://127.0.0.1:${clinicalPort}/graphql`,
      DEMOGRAPHIC_URL: process.env.DEMOGRAPHIC_URL ?? `http://127.0.0.1:${demographicPort}/graphql`,
    }),
  },
];

const root = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 2000).unref();
  Promise.all(children.map((child) => new Promise((resolve) => child.once('exit', resolve)))).then(() => process.exit(code));
}

function start(spec: ServiceSpec): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', spec.entry], { cwd: root, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    const prefix = `[${spec.name}]`.padEnd(14);
    const relay = (stream: NodeJS.WritableStream) => (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) if (line.trim()) stream.write(`${prefix}${line}\n`);
      const ready = /ready at (\S+)/.exec(chunk.toString());
      if (ready?.[1]) resolve(ready[1]);
    };
    child.stdout?.on('data', relay(process.stdout));
    child.stderr?.on('data', relay(process.stderr));
    child.once('exit', (code) => {
      reject(new Error(`${spec.name} exited with code ${code}`));
      if (!stopping) {
        console.error(`${spec.name} stopped (exit code ${code}); stopping the others`);
        stopAll(code || 1);
      }
    });
  });
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

try {
  const [clinical, demographic] = await Promise.all(services.slice(0, 2).map(start));
  const gateway = await start(services[2] as ServiceSpec);
  console.log(`
Clinical federation is running (data in ${process.env.DATA_DIR ?? './data'} unless database URLs are set):
  gateway      ${gateway}   ← front-end apps: patients, EHRs and compositions in one graph
  clinical     ${clinical}   ← research dashboards: anonymous clinical data only
  demographic  ${demographic}
Load demo data with: npm run seed     Stop with Ctrl+C.
`);
} catch (error) {
  console.error((error as Error).message);
  stopAll(1);
}
