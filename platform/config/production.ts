import { createPublicKey, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readKeyText } from '../auth/keys.ts';
import { ConfigError } from './load-config.ts';

/**
 * The database passwords docker-compose.yml falls back to: fine on a laptop, refused in production
 * (test/docker-compose.test.ts keeps this list and the compose file in step).
 */
export const DEVELOPMENT_DB_PASSWORDS = ['clinical-dev-password', 'demographic-dev-password'];

/** The research noise secret of development (subgraphs/clinical/config.ts): refused in production. */
export const DEVELOPMENT_RESEARCH_NOISE_SECRET = 'development-research-noise-secret-not-for-production';

/** Where the embedded default generates its keys (platform/auth/keys.ts, subgraphs/demographic/service.ts). */
export const generatedTokenKeyPath = (dataDir: string) => join(dataDir, 'keys', 'token-signing-key.json');
export const generatedLinkKeyPath = (dataDir: string) => join(dataDir, 'demographic', 'link.key');

/** What the production check reads of any service's settings. */
export interface ProductionRelevant {
  NODE_ENV?: string | undefined;
  DATA_DIR: string;
  TOKEN_PUBLIC_KEY?: string | undefined;
  TOKEN_SIGNING_KEY?: string | undefined;
  LINK_ENCRYPTION_KEY?: string | undefined;
  CLINICAL_DATABASE_URL?: string | undefined;
  DEMOGRAPHIC_DATABASE_URL?: string | undefined;
  RESEARCH_NOISE_SECRET?: string | undefined;
}

/**
 * With NODE_ENV=production, refuses what only suits development: the token key and link key the
 * embedded default generates, a token signing key handed to a service, and the compose file's
 * default database passwords, and the development research noise secret. One problem per line, like every other configuration error.
 */
export function refuseDevelopmentSettings<C extends ProductionRelevant>(config: C, options: { parseLinkKey?: LinkKeyParser } = {}): C {
  if (config.NODE_ENV !== 'production') return config;
  const { parseLinkKey } = options;
  const problems = [
    ...tokenKeyProblems(config),
    ...(parseLinkKey ? linkKeyProblems(config, parseLinkKey) : []),
    ...passwordProblems(config),
    ...noiseSecretProblems(config),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function tokenKeyProblems(config: ProductionRelevant): string[] {
  const generated = generatedTokenKeyPath(config.DATA_DIR);
  const problems: string[] = [];
  if (!config.TOKEN_PUBLIC_KEY) {
    problems.push(`TOKEN_PUBLIC_KEY: must be set in production; without it the service uses the development key generated in ${generated}`);
  } else if (existsSync(generated) && sameKey(readKeyText(config.TOKEN_PUBLIC_KEY, 'public'), generated)) {
    problems.push(`TOKEN_PUBLIC_KEY: is the development key generated in ${generated}; make a production key pair (npm run keys)`);
  }
  if (config.TOKEN_SIGNING_KEY) {
    problems.push('TOKEN_SIGNING_KEY: must not be given to a service in production; services verify tokens with TOKEN_PUBLIC_KEY only');
  }
  return problems;
}

function sameKey(publicKey: KeyObject, privateKeyFile: string): boolean {
  try {
    return createPublicKey(readKeyText(readFileSync(privateKeyFile, 'utf8'), 'private')).equals(publicKey);
  } catch {
    return false;
  }
}

/** The link key holder's parser (hex or base64), so that the same key written either way is recognised. */
type LinkKeyParser = (text: string) => Buffer | null;

function linkKeyProblems(config: ProductionRelevant, parseLinkKey: LinkKeyParser): string[] {
  const generated = generatedLinkKeyPath(config.DATA_DIR);
  if (!config.LINK_ENCRYPTION_KEY) {
    return [`LINK_ENCRYPTION_KEY: must be set in production; without it the service uses the key generated in ${generated}`];
  }
  const given = parseLinkKey(config.LINK_ENCRYPTION_KEY);
  const developmentKey = existsSync(generated) ? parseLinkKey(readFileSync(generated, 'utf8')) : null;
  if (given && developmentKey?.equals(given)) {
    return [`LINK_ENCRYPTION_KEY: is the development key generated in ${generated}; give production a key of its own (openssl rand -base64 32)`];
  }
  return [];
}

function passwordProblems(config: ProductionRelevant): string[] {
  return (['CLINICAL_DATABASE_URL', 'DEMOGRAPHIC_DATABASE_URL'] as const).flatMap((name) => {
    const url = config[name];
    const password = url && URL.canParse(url) ? decodeURIComponent(new URL(url).password) : '';
    return DEVELOPMENT_DB_PASSWORDS.includes(password)
      ? [`${name}: uses the development default password of docker-compose.yml; set a password of its own`]
      : [];
  });
}

/** Whoever knows the noise secret can subtract the noise from research numbers. */
function noiseSecretProblems(config: ProductionRelevant): string[] {
  return config.RESEARCH_NOISE_SECRET === DEVELOPMENT_RESEARCH_NOISE_SECRET
    ? ['RESEARCH_NOISE_SECRET: is the development default; set a secret of its own (openssl rand -base64 32) and keep it as long as the data']
    : [];
}
