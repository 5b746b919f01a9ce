import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** What a child takes from this process's environment; everything else comes from its own settings. */
const INHERITED = ['PATH', 'HOME', 'TMPDIR'];

export interface ChildOptions {
  /** The child's settings: its whole environment, besides PATH, HOME and TMPDIR (nothing else of ours leaks in). */
  env: Record<string, string>;
  args?: string[];
  /** Opens an IPC channel (`child.send`, `'message'`; `process.send` in the child). */
  ipc?: boolean;
  /** `inherit`: the child's stderr goes to ours; `capture` (default): its last 4 kB are kept for error messages. */
  stderr?: 'inherit' | 'capture';
  /** `pipe`: the caller reads `process.stdout`; ignored by default. */
  stdout?: 'ignore' | 'pipe';
}

export interface Child {
  process: ChildProcess;
  /** The end of what the child wrote to stderr (empty when it is inherited). */
  stderr(): string;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown code runs. Resolves when it is gone. */
  kill: () => Promise<void>;
}

/**
 * Runs `script` (a TypeScript file of this repository) in its own Node process, with tsx loaded
 * in-process so that the pid is the script itself and a signal reaches it (an `npx tsx` wrapper
 * would not pass it on).
 */
export function spawnTypeScript(script: string | URL, options: ChildOptions): Child {
  const inherited = Object.fromEntries(INHERITED.flatMap((name) => (process.env[name] ? [[name, process.env[name]]] : [])));
  const path = script instanceof URL ? fileURLToPath(script) : script;
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...(options.args ?? [])], {
    cwd: ROOT,
    env: { ...inherited, ...options.env },
    stdio: ['ignore', options.stdout ?? 'ignore', options.stderr === 'inherit' ? 'inherit' : 'pipe', ...(options.ipc ? ['ipc' as const] : [])],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    process: child,
    stderr: () => stderr,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs `script` (relative to the repository root) with exactly `env` and resolves once `healthUrl` answers. */
export async function startChildService(script: string, env: Record<string, string>, healthUrl: string): Promise<Child> {
  const child = spawnTypeScript(script, { env });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.process.exitCode !== null) throw new Error(`${script} exited with ${child.process.exitCode}: ${child.stderr()}`);
    if (Date.now() > deadline) {
      await child.kill();
      throw new Error(`${script} did not answer ${healthUrl} within 60 s: ${child.stderr()}`);
    }
    const healthy = await fetch(healthUrl).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return child;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
