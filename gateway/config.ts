import { z } from 'zod';
import { authConfigFields } from '../platform/auth/config.ts';
import { gatewayCacheConfigFields } from '../platform/redis/cache-config.ts';
import { clinicalUrl, dataDir, host, httpUrl, loadConfig, port } from '../platform/config/load-config.ts';
import { limitsConfigFields } from '../platform/limits/config.ts';
import { gatewayDeadlineConfigFields } from '../platform/limits/query-limits.ts';
import { operationsConfigFields } from '../platform/observability/operations.ts';
import { refuseDevelopmentSettings } from '../platform/config/production.ts';

/**
 * Gateway settings: where the subgraphs are, and how callers are authenticated. The gateway holds
 * no database credentials; DATA_DIR only holds the generated token key of the embedded default.
 */
export const gatewayConfigSchema = z.object({
  GATEWAY_PORT: port(4000).meta({ description: 'port of the gateway' }),
  HOST: host,
  CLINICAL_URL: clinicalUrl,
  DEMOGRAPHIC_URL: httpUrl('http://127.0.0.1:4002/graphql').meta({ description: 'where the gateway finds the demographic subgraph' }),
  DATA_DIR: dataDir,
  ...authConfigFields,
  ...gatewayCacheConfigFields,
  ...operationsConfigFields,
  ...limitsConfigFields,
  ...gatewayDeadlineConfigFields,
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

export const loadGatewayConfig = (env: NodeJS.ProcessEnv = process.env) => refuseDevelopmentSettings(loadConfig(gatewayConfigSchema, env));
