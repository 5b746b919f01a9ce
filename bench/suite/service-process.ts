/**
 * Child-process entry of the benchmark: runs one service (a subgraph or one of the gateways, see
 * service-protocol.ts) configured by its environment only, so that each service has its own process and
 * its own CPU time. Talks to the parent over IPC: `ready` with the URL once listening; answers `cpu`
 * (process.cpuUsage), `reload-policy` and `profile-start`/`profile-stop`; stops and exits on `stop`.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadGatewayConfig } from '../../gateway/config.ts';
import { startGateway } from '../../gateway/service.ts';
import { loadClinicalConfig } from '../../subgraphs/clinical/config.ts';
import { startClinicalService } from '../../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../../subgraphs/demographic/config.ts';
import { startDemographicService } from '../../subgraphs/demographic/service.ts';
import { startFloorService } from './floor/floor-service.ts';
import type { ChildMessage, ParentMessage, ServiceRole } from './service-protocol.ts';
import { startStockGateway } from './stock-gateway.ts';

interface Running {
  url: string;
  stop(): Promise<void>;
  reloadPolicy?: () => { version: string };
}

const send = (message: ChildMessage) => process.send?.(message);
const keyPrefix = process.env.BENCH_KEY_PREFIX;
const options = keyPrefix ? { keyPrefix } : {};

async function start(role: ServiceRole): Promise<Running> {
  switch (role) {
    case 'clinical': {
      const service = await startClinicalService(loadClinicalConfig(process.env), options);
      return { ...service, reloadPolicy: () => service.policy.reload() };
    }
    case 'demographic':
      return startDemographicService(loadDemographicConfig(process.env), options);
    case 'gateway':
      return startGateway(loadGatewayConfig(process.env), options);
    case 'gateway-untuned':
      return startGateway(loadGatewayConfig(process.env), { ...options, tuning: 'stock' });
    case 'gateway-stock':
      return startStockGateway(loadGatewayConfig(process.env));
    case 'floor':
      return startFloorService(process.env);
  }
}

/** A V8 CPU profile of this process over a window the parent chooses (a load run, not the start-up). */
const profiler = {
  session: undefined as Session | undefined,
  async start() {
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
  },
  async stop(path: string) {
    const { profile } = (await this.session?.post('Profiler.stop')) ?? {};
    writeFileSync(path, JSON.stringify(profile));
    this.session?.disconnect();
  },
};

const role = process.argv[2] as ServiceRole;
try {
  const running = await start(role);
  process.on('message', (message: ParentMessage) => {
    if (message.type === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() });
    if (message.type === 'reload-policy') send({ type: 'policy', version: running.reloadPolicy?.().version ?? 'none' });
    if (message.type === 'profile-start') void profiler.start().then(() => send({ type: 'profile', path: '' }));
    if (message.type === 'profile-stop') void profiler.stop(message.path).then(() => send({ type: 'profile', path: message.path }));
    if (message.type === 'stop') void running.stop().finally(() => process.exit(0));
  });
  // the benchmark ended without stopping us (killed, crashed): do not outlive it
  process.on('disconnect', () => void running.stop().finally(() => process.exit(0)));
  send({ type: 'ready', url: running.url });
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}
