import { z } from 'zod';
import { authConfigFields } from '../../platform/auth/config.ts';
import { clinicalUrl, dataDir, host, loadConfig, port, postgresUrl } from '../../platform/config/load-config.ts';
import { limitsConfigFields } from '../../platform/limits/config.ts';
import { statementLimitsConfigFields } from '../../platform/limits/query-limits.ts';
import { operationsConfigFields } from '../../platform/observability/operations.ts';
import { refuseDevelopmentSettings } from '../../platform/config/production.ts';
import { policyConfig } from '../kit/authz/index.ts';
import { parseKey } from './crypto.ts';

/** Demographic subgraph settings. It is never given anything of the clinical service's store. */
export const demographicConfigSchema = z.object({
  DEMOGRAPHIC_PORT: port(4002).meta({ description: 'port of the demographic subgraph' }),
  HOST: host,
  DEMOGRAPHIC_DATABASE_URL: postgresUrl.meta({ description: '`postgres://…` of the demographic database; unset → PGlite in `$DATA_DIR/demographic`' }),
  DATA_DIR: dataDir,
  LINK_ENCRYPTION_KEY: z
    .string()
    .refine((value) => parseKey(value) !== null, 'must be a 32-byte key: 64 hex characters or base64 (e.g. `openssl rand -base64 32`)')
    .optional()
    .meta({
      description:
        '32-byte key (64 hex characters or base64) for identifiers and patient → EHR links; when unset, a key is generated into `$DATA_DIR/demographic/link.key` on first start, with a warning. **Back it up**: without it the links cannot be read',
      defaultText: 'generated',
    }),
  CLINICAL_URL: clinicalUrl,
  ...authConfigFields,
  ...policyConfig,
  ...limitsConfigFields,
  ...statementLimitsConfigFields,
  ...operationsConfigFields,
  CLINICAL_DATABASE_URL: z.undefined({ error: 'must not be set for the demographic service: it may not reach the clinical database' }).optional(),
});

export type DemographicConfig = z.infer<typeof demographicConfigSchema>;

export const loadDemographicConfig = (env: NodeJS.ProcessEnv = process.env) =>
  refuseDevelopmentSettings(loadConfig(demographicConfigSchema, env), { parseLinkKey: parseKey });
