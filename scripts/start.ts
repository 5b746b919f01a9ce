/**
 * `npm start`: the whole system on one machine — clinical and demographic subgraphs and the
 * gateway in one process (so that token revocations reach all three without Redis), each service
 * still given only its own settings (the clinical service never sees the demographic database or
 * the link key, and the reverse; no service sees the token signing key). Then the web console's
 * static server (CONSOLE_PORT). Prints the URLs and demo tokens.
 */
import { exportJWK } from 'jose';
import { maxLifetimeOf, resolveTokenKeys, tokenToolConfigSchema, type AuthConfig } from '../platform/auth/config.ts';
import { signToken } from '../platform/auth/tokens.ts';
import { ConfigError, loadConfig } from '../platform/config/load-config.ts';
import { production } from '../platform/config/settings.ts';
import { consoleOrigin, loadConsoleConfig } from '../console/server/config.ts';
import { startConsoleServer } from '../console/server/server.ts';
import { loadGatewayConfig } from '../gateway/config.ts';
import { startGateway } from '../gateway/service.ts';
import { loadClinicalConfig } from '../subgraphs/clinical/config.ts';
import { startClinicalService } from '../subgraphs/clinical/service.ts';
import { loadDemographicConfig } from '../subgraphs/demographic/config.ts';
import { startDemographicService } from '../subgraphs/demographic/service.ts';

const THIRTY_DAYS = 30 * 86_400;
/** Demo tokens live 30 days, or as long as TOKEN_MAX_LIFETIME allows when that is shorter. */
const demoTokenSeconds = (config: Pick<AuthConfig, 'TOKEN_MAX_LIFETIME' | 'TOKEN_SERVICE_CLIENTS'>, sub: string) =>
  Math.min(THIRTY_DAYS, maxLifetimeOf(config, sub));
const describeSeconds = (seconds: number) => (seconds % 86_400 === 0 ? `${seconds / 86_400} days` : `${Math.round(seconds / 60)} minutes`);

const ONLY_FOR: Record<string, string[]> = {
  CLINICAL_DATABASE_URL: ['clinical'],
  DEMOGRAPHIC_DATABASE_URL: ['demographic'],
  LINK_ENCRYPTION_KEY: ['demographic'],
  TOKEN_SIGNING_KEY: [],
};

/**
 * The console's pages call the gateway and the clinical subgraph from the console's origin, so both
 * allow it by CORS: added to CORS_ORIGINS when that is set (or empty in production); the development
 * default (any loopback port) already allows it.
 */
function corsWithConsole(origin: string): NodeJS.ProcessEnv {
  const configured = process.env.CORS_ORIGINS;
  if (!configured && !production()) return {};
  return { CORS_ORIGINS: [configured, origin].filter(Boolean).join(',') };
}

function envFor(service: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  for (const [name, owners] of Object.entries(ONLY_FOR)) if (!owners.includes(service)) delete env[name];
  return env;
}

const DEMO_USERS = [
  { role: 'clinician', org: 'org-a' },
  { role: 'nurse', org: 'org-a' },
  { role: 'researcher', org: 'org-r' },
  { role: 'registrar', org: 'org-a' },
  { role: 'admin', org: 'org-a' },
];

const running: { stop(): Promise<void> }[] = [];
let stopping = false;

function stopAll(code: number): void {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 5000).unref();
  void Promise.allSettled(running.reverse().map((service) => service.stop())).then(() => process.exit(code));
}

process.once('SIGINT', () => stopAll(0));
process.once('SIGTERM', () => stopAll(0));

try {
  // The signing key stays here: the services get only its public half.
  const tokenConfig = loadConfig(tokenToolConfigSchema);
  const keys = await resolveTokenKeys(tokenConfig);
  const consoleConfig = loadConsoleConfig();
  const cors = corsWithConsole(consoleOrigin(consoleConfig));
  const publicKey = { TOKEN_PUBLIC_KEY: JSON.stringify(await exportJWK(keys.publicKey)) };
  const clinical = await startClinicalService(loadClinicalConfig(envFor('clinical', { ...publicKey, ...cors })));
  running.push(clinical);
  const demographic = await startDemographicService(loadDemographicConfig(envFor('demographic', { ...publicKey, CLINICAL_URL: clinical.url })));
  running.push(demographic);
  const gateway = await startGateway(
    loadGatewayConfig(
      envFor('gateway', {
        ...publicKey,
        ...cors,
        CLINICAL_URL: process.env.CLINICAL_URL ?? clinical.url,
        DEMOGRAPHIC_URL: process.env.DEMOGRAPHIC_URL ?? demographic.url,
      }),
    ),
  );
  running.push(gateway);
  const webConsole = await startConsoleServer({
    ...consoleConfig,
    CONSOLE_GATEWAY_URL: process.env.CONSOLE_GATEWAY_URL ? consoleConfig.CONSOLE_GATEWAY_URL : gateway.url,
    CONSOLE_CLINICAL_URL: process.env.CONSOLE_CLINICAL_URL ? consoleConfig.CONSOLE_CLINICAL_URL : clinical.url,
  });
  running.push(webConsole);
  const tokens = await Promise.all(
    DEMO_USERS.map(async ({ role, org }) => {
      const token = await signToken(keys, {
        issuer: tokenConfig.AUTH_ISSUER,
        audience: tokenConfig.AUTH_AUDIENCE,
        sub: `demo-${role}`,
        org,
        roles: [role],
        ttl: demoTokenSeconds(tokenConfig, `demo-${role}`),
      });
      return { role, org, token };
    }),
  );
  console.log(`
Clinical federation is running (data in ${tokenConfig.DATA_DIR} unless database URLs are set):
  gateway      ${gateway.url}   ← front-end apps: patients, EHRs and compositions in one graph
  clinical     ${clinical.url}   ← research dashboards: anonymous clinical data only
  demographic  ${demographic.url}
  console      ${webConsole.url}   ← web console: sign in with a demo token below (policies, audit, research)

Demo tokens (${describeSeconds(demoTokenSeconds(tokenConfig, 'demo-clinician'))}; more with: npm run token -- --sub <id> --org <org> --role <role>):
${tokens.map(({ role, org, token }) => `  ${role.padEnd(11)}${org.padEnd(7)}${token}`).join('\n')}

Try: curl -s ${gateway.url} -H 'content-type: application/json' -H 'authorization: Bearer ${tokens[0]?.token}' -d '{"query":"{ __typename }"}'
Load demo data with: npm run seed     Stop with Ctrl+C.
`);
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  stopAll(1);
}
