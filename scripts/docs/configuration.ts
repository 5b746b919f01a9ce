import { z } from 'zod';
import { gatewayConfigSchema } from '../../gateway/config.ts';
import { authConfigFields, tokenToolConfigSchema } from '../../platform/auth/config.ts';
import { limitsConfigFields } from '../../platform/limits/config.ts';
import { AND_SIBLINGS, gatewayDeadlineConfigFields, researchLimitsConfigFields, statementLimitsConfigFields } from '../../platform/limits/query-limits.ts';
import { operationsConfigFields } from '../../platform/observability/operations.ts';
import { compositionCacheConfigFields, gatewayCacheConfigFields } from '../../platform/redis/cache-config.ts';
import { clinicalConfigSchema } from '../../subgraphs/clinical/config.ts';
import { demographicConfigSchema } from '../../subgraphs/demographic/config.ts';
import { policyConfig } from '../../subgraphs/kit/authz/config.ts';
import { consoleConfigSchema } from '../../console/server/config.ts';
import { generatedNotice, table } from './markdown.ts';

type Fields = Record<string, z.ZodType>;

/** What loads which schema: each service's loader (`loadGatewayConfig`, …) and the token tools. */
const READERS: { name: string; schema: z.ZodObject<Fields> }[] = [
  { name: 'gateway', schema: gatewayConfigSchema },
  { name: 'clinical', schema: clinicalConfigSchema },
  { name: 'demographic', schema: demographicConfigSchema },
  { name: 'console', schema: consoleConfigSchema },
  { name: 'token tools', schema: tokenToolConfigSchema },
];
const SERVICES = ['gateway', 'clinical', 'demographic'];

/** The field sets the services spread into their schemas; whatever is in none of them is a service's own setting. */
const GROUPS: { title: string; source: string; more?: string; intro?: string; fields: Fields }[] = [
  { title: 'Authentication and Redis', source: 'platform/auth/config.ts', more: 'security.md#authentication', fields: authConfigFields },
  { title: 'Policies', source: 'subgraphs/kit/authz/config.ts', more: 'security.md#policies', fields: policyConfig },
  {
    title: 'Caches',
    source: 'platform/redis/cache-config.ts',
    more: 'operations.md#caches',
    fields: { ...gatewayCacheConfigFields, ...compositionCacheConfigFields },
  },
  { title: 'Abuse limits', source: 'platform/limits/config.ts', more: 'operations.md#limits', fields: limitsConfigFields },
  {
    title: 'Resource governance',
    source: 'platform/limits/query-limits.ts',
    more: 'operations.md#resource-governance-no-caller-starves-another',
    intro: governanceIntro(),
    fields: { ...statementLimitsConfigFields, ...researchLimitsConfigFields, ...gatewayDeadlineConfigFields },
  },
  { title: 'Operations', source: 'platform/observability/operations.ts', more: 'operations.md', fields: operationsConfigFields },
];
const OWN_SOURCES = [
  'gateway/config.ts',
  'subgraphs/clinical/config.ts',
  'subgraphs/demographic/config.ts',
  'console/server/config.ts',
  'platform/config/load-config.ts',
];

/** A variable as the schemas define it. */
export interface Setting {
  name: string;
  field: z.ZodType;
  readBy: string[];
  description: string;
  defaultText: string;
}

/** A variable a service refuses to be given (a `z.undefined()` field), with the schema's own message. */
export interface Refusal {
  name: string;
  refusedBy: string;
  message: string;
}

/**
 * Variables read with `process.env` outside the config schemas, by scripts, tests and benchmarks;
 * test/docs.test.ts checks that each file named still reads its variable.
 */
export const TOOL_VARIABLES: { name: string; readBy: string[]; description: string }[] = [
  {
    name: 'TEST_DATABASE_URL',
    readBy: ['test/kit/databases.ts', 'test/kit/global-setup.ts', 'bench/bench-database.ts', 'bench/suite/environment.ts'],
    description:
      "PostgreSQL server on which tests create and drop their own databases; unset → PGlite, and tests marked `[postgres]` are skipped. The benchmarks' server when `BENCH_DATABASE_URL` is unset",
  },
  {
    name: 'REDIS_URL',
    readBy: ['test/kit/global-setup.ts', 'bench/suite/environment.ts'],
    description: 'Redis of the tests that need one (marked `[redis]`, skipped without it), and of every service the benchmark suite starts',
  },
  {
    name: 'BENCH_DATABASE_URL',
    readBy: ['bench/suite/environment.ts', 'bench/bench-database.ts'],
    description:
      'PostgreSQL server of `npm run bench` (else PGlite), `npm run bench:data` and the cohort and AQL micro-benchmarks (`--database-url` before it, `TEST_DATABASE_URL` after it)',
  },
  {
    name: 'BENCH_ROUNDS',
    readBy: ['bench/composition-cost.ts', 'bench/authorization-cost.ts', 'bench/template-validation.ts', 'bench/cohort-cost.ts', 'bench/aql-cost.ts'],
    description: 'sequential requests behind each figure of `npm run bench:micro` (each micro-benchmark has its own default)',
  },
  {
    name: 'GATEWAY_URL',
    readBy: ['scripts/seed.ts'],
    description: 'where `npm run seed` sends its requests; unset → `http://127.0.0.1:$GATEWAY_PORT/graphql` (`GATEWAY_PORT` default 4000)',
  },
];

/** How the deadlines and research limits behave on each engine, and why the defaults are what they are. */
function governanceIntro(): string {
  return `Every refusal names its setting (\`extensions.limit\`) and value (\`max\`). The deadlines are
chosen well above what legitimate work takes (the slowest ordinary read takes well under a
second), and nest: a research turn (\`RESEARCH_QUEUE_TIMEOUT_MS\`)
plus a statement (\`AQL_TIMEOUT_MS\`, \`STORED_QUERY_TIMEOUT_MS\`, \`COHORT_TIMEOUT_MS\`) stays
under the gateway's \`GATEWAY_SUBGRAPH_TIMEOUT_MS\`, so the subgraph's own refusal, which says
what to ask less of, comes first. With the default pool of 10 connections, \`RESEARCH_POOL_SIZE\`
4 keeps 6 for clinical reads and commits.

**On PGlite** (no \`CLINICAL_DATABASE_URL\`, or research on the embedded database) measured on 2
cores: PGlite ignores \`statement_timeout\` (a 1 s \`pg_sleep\` under a 200 ms deadline runs its
full second), nothing can interrupt a running statement, and the statement blocks the service's
whole process (no timer fires, no other request is served) at about 250,000 joined rows a second.
The planner's estimate does not follow the data there either (\`EXPLAIN\` gave 49 to 74 cost units
for one to three sibling compositions whose rows grew from 130 to 29,500), so
\`AQL_MAX_PLAN_COST\` protects nothing on PGlite. What does: research statements run one at a time
(whatever \`RESEARCH_POOL_SIZE\` says: a second one would only queue inside PGlite ahead of every
clinical statement), and \`AQL_MAX_AND_SIBLINGS\` defaults to ${AND_SIBLINGS.pglite} instead of ${AND_SIBLINGS.postgres}:
rows multiply per EHR with each sibling, and an EHR of 200 compositions gives 40,000 rows for two
(a fraction of a second) but 8,000,000 for three (half a minute of a frozen process). Bench
scenario 6 on PGlite then completes instead of freezing, though a clinical read can still wait for
the research statement in progress (quick run: clinical p99 ×10 under research load). The \`*_TIMEOUT_MS\`
deadlines apply on PostgreSQL only; \`GATEWAY_SUBGRAPH_TIMEOUT_MS\` still bounds a separate
gateway process. PGlite is for development and single-user installations: run anything shared on
PostgreSQL, where deadlines and cancellation stop what the shape limits let through.`;
}

const isRefused = (field: z.ZodType) => field instanceof z.ZodOptional && field.unwrap() instanceof z.ZodUndefined;

/** The schema's own default value, through `.transform()` pipes; undefined when it has none. */
function schemaDefault(field: z.core.$ZodType): unknown {
  if (field instanceof z.ZodDefault) return field.def.defaultValue;
  if (field instanceof z.ZodPipe) return schemaDefault(field.def.in);
  return undefined;
}

function formatDefault(value: unknown): string {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return '—';
  return `\`${Array.isArray(value) ? value.join(',') : typeof value === 'string' ? value : JSON.stringify(value)}\``;
}

const documentation = z.object({ description: z.string().min(1), defaultText: z.string().min(1).optional() });

/** Every variable the services and token tools read, in schema order, and what each service refuses. */
export function collectSettings(): { settings: Setting[]; refusals: Refusal[] } {
  const settings = new Map<string, Setting>();
  const refusals: Refusal[] = [];
  for (const reader of READERS) {
    for (const [name, field] of Object.entries(reader.schema.shape)) {
      if (isRefused(field)) {
        refusals.push({ name, refusedBy: reader.name, message: field.safeParse('set').error?.issues[0]?.message ?? 'refused' });
        continue;
      }
      const known = settings.get(name);
      if (known && known.field !== field)
        throw new Error(`${name} is defined twice (${known.readBy.join(', ')} and ${reader.name}): define it once and share it`);
      if (known) {
        known.readBy.push(reader.name);
        continue;
      }
      const meta = documentation.safeParse(field.meta());
      if (!meta.success) throw new Error(`${name} (${reader.name}) has no documentation: end its zod field with .meta({ description: '…' })`);
      const { description, defaultText } = meta.data;
      settings.set(name, { name, field, readBy: [reader.name], description, defaultText: defaultText ?? formatDefault(schemaDefault(field)) });
    }
  }
  return { settings: [...settings.values()], refusals };
}

function readersText(readBy: string[]): string {
  const services = readBy.filter((reader) => SERVICES.includes(reader));
  const others = readBy.filter((reader) => !SERVICES.includes(reader));
  return [...(services.length === SERVICES.length ? ['all services'] : services), ...others].join(', ');
}

const settingsTable = (settings: Setting[]) =>
  table(
    ['variable', 'read by', 'default', 'meaning'],
    settings.map((setting) => [`\`${setting.name}\``, readersText(setting.readBy), setting.defaultText, setting.description]),
  );

const sourceLinks = (sources: string[]) => sources.map((source) => `[${source}](../${source})`).join(', ');

/** docs/configuration.md: every setting, where it is read, its default and meaning, from the zod schemas. */
export function configurationPage(): string {
  const { settings, refusals } = collectSettings();
  const grouped = new Set(GROUPS.flatMap((group) => Object.keys(group.fields)));
  const sections = [
    { title: 'Service settings', sources: OWN_SOURCES, more: undefined, intro: undefined, settings: settings.filter((setting) => !grouped.has(setting.name)) },
    ...GROUPS.map((group) => ({
      title: group.title,
      sources: [group.source],
      more: group.more,
      intro: group.intro,
      settings: settings.filter((setting) => setting.name in group.fields),
    })),
  ];
  const body = sections.map(
    (section) =>
      `## ${section.title}\n\nDefined in ${sourceLinks(section.sources)}${section.more ? `; explained in [${section.more.split('#')[0]}](${section.more})` : ''}.\n\n${section.intro ? `${section.intro}\n\n` : ''}${settingsTable(section.settings)}`,
  );
  const refused = table(
    ['variable', 'refused by', 'why'],
    refusals.map((refusal) => [`\`${refusal.name}\``, refusal.refusedBy, refusal.message]),
  );
  const tools = table(
    ['variable', 'read by', 'meaning'],
    TOOL_VARIABLES.map((variable) => [`\`${variable.name}\``, sourceLinks(variable.readBy), variable.description]),
  );
  return `${generatedNotice('the zod schemas of the services (.meta() on each field)')}

# Configuration

Every setting is an environment variable, validated at start-up against the service's zod schema; a
wrong setting stops the service with one line per problem. An empty value counts as unset.
"read by" comes from the schemas each loader composes: the gateway, the clinical and the demographic
service, and the token tools (\`npm run token\`, \`npm start\` and \`npm run seed\`, which sign tokens).
\`npm start\` runs the three services in one process but gives each only its own settings (the
clinical service never sees the demographic database URL or the link key, and no service sees
\`TOKEN_SIGNING_KEY\`). With \`NODE_ENV=production\` a service also refuses development keys and
default secrets: see [operations.md](operations.md#production-mode).

${body.join('\n\n')}

## What each service refuses

A service that is handed another's setting refuses to start:

${refused}

## Scripts, tests and benchmarks

${tools}
`;
}
