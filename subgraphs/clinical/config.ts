import { z } from 'zod';
import { authConfigFields } from '../../platform/auth/config.ts';
import { compositionCacheConfigFields } from '../../platform/redis/cache-config.ts';
import { dataDir, host, loadConfig, port, postgresUrl } from '../../platform/config/load-config.ts';
import { limitsConfigFields } from '../../platform/limits/config.ts';
import { researchLimitsConfigFields, statementLimitsConfigFields } from '../../platform/limits/query-limits.ts';
import { operationsConfigFields } from '../../platform/observability/operations.ts';
import { DEVELOPMENT_RESEARCH_NOISE_SECRET, refuseDevelopmentSettings } from '../../platform/config/production.ts';
import { policyConfig } from '../kit/authz/index.ts';

const forbidden = (reason: string) => z.undefined({ error: reason }).optional();

/** Clinical subgraph settings. It is never given anything of the demographic service. */
export const clinicalConfigSchema = z.object({
  CLINICAL_PORT: port(4001).meta({ description: 'port of the clinical subgraph' }),
  HOST: host,
  CLINICAL_DATABASE_URL: postgresUrl.meta({ description: '`postgres://…` of the clinical database; unset → PGlite in `$DATA_DIR/clinical`' }),
  DATA_DIR: dataDir,
  SYSTEM_ID: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, 'must be a host-like name such as clinical.example.org (letters, digits, dots, dashes)')
    .default('clinical.local')
    .meta({ description: 'openEHR system id in version uids (`objectId::SYSTEM_ID::version`)' }),
  ALLOW_COMMITS_WITHOUT_TEMPLATE: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default(process.env.NODE_ENV === 'production' ? 'false' : 'true')
    .transform((value) => value === 'true')
    .meta({
      description:
        'accept compositions whose template was never uploaded (checked against the reference model only); compositions of uploaded templates are always validated against them',
      defaultText: '`true`, `false` when `NODE_ENV=production`',
    }),
  RESEARCH_NOISE_SECRET: z.string().min(32, 'must be at least 32 characters (openssl rand -base64 32)').default(DEVELOPMENT_RESEARCH_NOISE_SECRET).meta({
    description:
      'key of the sticky noise on research numbers (docs/cohorts.md, "Disclosure control"), and (derived from it) of the sealed composition page cursors; whoever knows it can remove the noise; changing it gives every research number new noise and invalidates open cursors',
    defaultText: 'a development secret, refused when `NODE_ENV=production`',
  }),
  ...authConfigFields,
  ...compositionCacheConfigFields,
  ...policyConfig,
  ...limitsConfigFields,
  ...statementLimitsConfigFields,
  ...researchLimitsConfigFields,
  RESEARCH_DATABASE_URL: postgresUrl.meta({
    description:
      '`postgres://…` where AQL, stored queries and cohorts run: a read replica of the clinical database, or the primary again for a pool of their own; unset → the clinical database',
  }),
  RESEARCH_FALLBACK: z
    .enum(['primary', 'error'], { error: 'must be primary or error' })
    .default('primary')
    .meta({ description: 'when the research database cannot be reached: run on the clinical database (`primary`) or answer SERVICE_UNAVAILABLE (`error`)' }),
  ...operationsConfigFields,
  DEMOGRAPHIC_DATABASE_URL: forbidden('must not be set for the clinical service: it may not reach the demographic database'),
  LINK_ENCRYPTION_KEY: forbidden('must not be set for the clinical service: only the demographic service holds the link key'),
});

export type ClinicalConfig = z.infer<typeof clinicalConfigSchema>;

export const loadClinicalConfig = (env: NodeJS.ProcessEnv = process.env) => refuseDevelopmentSettings(loadConfig(clinicalConfigSchema, env));
