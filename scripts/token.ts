/**
 * `npm run token -- --sub <id> --org <org> --role <role> [--role <role2>] [--scope "<scopes>"]
 * [--ehr-id <uuid>] [--purpose TREAT] [--ttl 30d]`: prints a token signed by the platform issuer (an API key), and
 * nothing else on stdout. Reads the same settings as the services: TOKEN_SIGNING_KEY, else the key
 * generated under DATA_DIR (embedded default).
 */
import { parseArgs } from 'node:util';
import { maxLifetimeOf, resolveTokenKeys, tokenToolConfigSchema } from '../platform/auth/config.ts';
import { parseTtl, signToken } from '../platform/auth/tokens.ts';
import { ConfigError, loadConfig } from '../platform/config/load-config.ts';

const USAGE =
  'usage: npm run token -- --sub <id> --org <org> --role <role> [--role <role2>] [--scope "<smart scopes>"] [--ehr-id <uuid>] [--purpose <HL7 PurposeOfUse code>] [--ttl 30d]';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function usageError(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function readArgs() {
  try {
    return parseArgs({
      options: {
        sub: { type: 'string' },
        org: { type: 'string' },
        role: { type: 'string', multiple: true },
        scope: { type: 'string' },
        'ehr-id': { type: 'string' },
        purpose: { type: 'string' },
        ttl: { type: 'string', default: '30d' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    return usageError((error as Error).message);
  }
}

const args = readArgs();
if (args.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (!args.sub) usageError('--sub is required');
if (!args.org) usageError('--org is required');
if (!args.role?.length) usageError('at least one --role is required');
if (args['ehr-id'] !== undefined && !UUID.test(args['ehr-id'])) usageError(`--ehr-id must be a UUID, found "${args['ehr-id']}"`);
let ttl: number;
try {
  ttl = parseTtl(args.ttl);
} catch (error) {
  usageError((error as Error).message);
}

try {
  const config = loadConfig(tokenToolConfigSchema);
  const max = maxLifetimeOf(config, args.sub);
  if (ttl > max) usageError(`--ttl ${args.ttl} is longer than the ${max} s a token of ${args.sub} may live (TOKEN_MAX_LIFETIME, TOKEN_SERVICE_CLIENTS)`);
  const keys = await resolveTokenKeys(config);
  const token = await signToken(keys, {
    issuer: config.AUTH_ISSUER,
    audience: config.AUTH_AUDIENCE,
    sub: args.sub,
    org: args.org,
    roles: args.role,
    scope: args.scope,
    ehrId: args['ehr-id'],
    purpose: args.purpose,
    ttl,
  });
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof ConfigError ? error.message : `token: ${(error as Error).message}`}\n`);
  process.exit(1);
}
