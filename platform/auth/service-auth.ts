import type { IncomingMessage } from 'node:http';
import type { Logger } from '../observability/logger.ts';
import { createSharedBus, type SharedBus } from '../redis/bus.ts';
import type { RedisConnection } from '../redis/connection.ts';
import { RevocationList, type RevokedToken } from './revocations.ts';
import { createAuthenticator, type Authenticator } from './authenticate.ts';
import { longestLifetime, type AuthConfig } from './config.ts';
import { resolveTokenKeys, type TokenKeys } from './keys.ts';
import type { Principal } from './principal.ts';

export interface ServiceAuth {
  keys: TokenKeys;
  bus: SharedBus;
  revocations: RevocationList;
  authenticator: Authenticator;
  /** For `listen({ authenticate })`: verifies the request's Authorization header. */
  authenticate: (request: IncomingMessage) => Promise<Principal>;
  close(): Promise<void>;
}

export interface ServiceAuthOptions {
  /** Revocations already recorded (a service's database), loaded before the first request. */
  revoked?: readonly RevokedToken[];
  keyPrefix?: string | undefined;
  /** The service's Redis connection, which carries the bus; without it revocations stay in this process. */
  redis?: RedisConnection | undefined;
  logger: Logger;
}

/** Everything a service needs to authenticate its callers: keys, shared revocation list, authenticator. */
export async function startServiceAuth(config: AuthConfig & { DATA_DIR: string }, options: ServiceAuthOptions): Promise<ServiceAuth> {
  const { logger } = options;
  const keys = await resolveTokenKeys(config, (message) => logger.warn(message));
  const bus = createSharedBus({ redis: options.redis, logger, ...(options.keyPrefix ? { keyPrefix: options.keyPrefix } : {}) });
  const revocations = new RevocationList({ bus, logger, longestTokenLifetimeMs: longestLifetime(config) * 1000 });
  await revocations.load(options.revoked ?? []);
  await revocations.start();
  const authenticator = createAuthenticator({ config, keys, revocations, logger });
  return {
    keys,
    bus,
    revocations,
    authenticator,
    authenticate: (request) => authenticator.authenticate(request.headers.authorization),
    async close() {
      revocations.stop();
      await bus.close();
    },
  };
}
