import { runService } from '../../platform/http/run-service.ts';
import { loadClinicalConfig } from './config.ts';
import { startClinicalService } from './service.ts';

await runService('clinical', async () => startClinicalService(loadClinicalConfig()));
