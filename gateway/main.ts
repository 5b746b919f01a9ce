import { runService } from '../platform/http/run-service.ts';
import { loadGatewayConfig } from './config.ts';
import { startGateway } from './service.ts';

await runService('gateway', async () => startGateway(loadGatewayConfig()));
