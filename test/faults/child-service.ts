import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildService {
  process: ChildProcess;
  /** SIGKILL, as a crash or the OOM killer would: no shutdown code runs. Resolves when it is gone. */
  kill(): Promise<void>;
}

/**
 * Runs `script` (relative to the repository root) in its own Node process, with exactly `env`
 * (plus PATH/HOME), and resolves once `healthUrl` answers. Run by node with tsx loaded in-process,
 * so that the pid is the service itself and a SIGKILL reaches it (an `npx tsx` wrapper would not pass it on).
 */
export async function startChildService(script: string, env: Record<string, string>, healthUrl: string): Promise<ChildService> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}: ${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${script} did not answer ${healthUrl} within 60 s: ${stderr}`);
    }
    const healthy = await fetch(healthUrl).then((response) => response.ok, () => false);
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
