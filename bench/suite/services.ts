import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { spawnTypeScript } from '../../test/kit/child-service.ts';
import type { ChildMessage, ParentMessage, ServiceRole } from './service-protocol.ts';

const ENTRY = new URL('./service-process.ts', import.meta.url);

/** One service running in a child process of its own. */
export interface ServiceProcess {
  role: ServiceRole;
  url: string;
  pid: number;
  /** The child's CPU time so far, in milliseconds (user + system). */
  cpuMs(): Promise<number>;
  /** Runs `work` under a V8 CPU profile of the child, written to `path` (a `.cpuprofile`). */
  profile<T>(path: string, work: () => Promise<T>): Promise<T>;
  /** Re-reads the policy file (clinical and demographic only); resolves with its version. */
  reloadPolicy(): Promise<string>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  /** The service's settings: its whole configuration, nothing of the parent's leaks in (but PATH, HOME, TMPDIR). */
  env: Record<string, string>;
  keyPrefix: string;
}

/** Starts `role` in a child process and waits until it listens. */
export async function spawnService(role: ServiceRole, options: SpawnOptions): Promise<ServiceProcess> {
  const { process: child } = spawnTypeScript(ENTRY, {
    env: { ...options.env, BENCH_KEY_PREFIX: options.keyPrefix },
    args: [role],
    ipc: true,
    stderr: 'inherit',
  });
  const first = await nextMessage(child);
  if (first.type !== 'ready') {
    child.kill();
    throw new Error(`${role} did not start: ${first.type === 'failed' ? first.message : first.type}`);
  }
  const ask = async (message: ParentMessage) => {
    const reply = nextMessage(child);
    child.send(message);
    return reply;
  };
  return {
    role,
    url: first.url,
    pid: child.pid as number,
    async cpuMs() {
      const reply = await ask({ type: 'cpu' });
      if (reply.type !== 'cpu') throw new Error(`${role}: unexpected ${reply.type}`);
      return (reply.usage.user + reply.usage.system) / 1000;
    },
    async profile(path, work) {
      await ask({ type: 'profile-start' });
      try {
        return await work();
      } finally {
        await ask({ type: 'profile-stop', path });
      }
    },
    async reloadPolicy() {
      const reply = await ask({ type: 'reload-policy' });
      if (reply.type !== 'policy') throw new Error(`${role}: unexpected ${reply.type}`);
      return reply.version;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.send({ type: 'stop' } satisfies ParentMessage);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The child's next IPC message, or a failure when it exits first. */
function nextMessage(child: ChildProcess): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: ChildMessage) => {
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`service process exited (code ${code})`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}
