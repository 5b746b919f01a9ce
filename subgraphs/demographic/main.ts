import { runService } from '../../platform/http/run-service.ts';
import { loadDemographicConfig } from './config.ts';
import { startDemographicService } from './service.ts';

await runService('demographic', async () => startDemographicService(loadDemographicConfig()));
