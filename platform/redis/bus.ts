import { EventEmitter } from 'node:events';
import { Redis, type RedisOptions } from 'ioredis';

export interface Logger {
  warn(message: string): void;
}

/**
 * Messages between the replicas of the services: Redis pub/sub when REDIS_URL is set, else an
 * in-process emitter (services started in one process, as `npm start` does, still hear each other).
 * Nothing here ever throws: a Redis outage is logged and state stays local.
 */
export interface SharedBus {
  readonly keyPrefix: string;
  /** True when messages and data reach other processes (Redis). */
  readonly shared: boolean;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  /** Runs `command` on the shared Redis store; undefined without Redis or when it failed (logged). */
  command<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T | undefined>;
  close(): Promise<void>;
}

export interface SharedBusOptions {
  redisUrl?: string | undefined;
  keyPrefix?: string;
  logger?: Logger;
}

export const DEFAULT_KEY_PREFIX = 'clinical-federation:';
const TIMEOUT_MS = 2000;

const inProcess = new EventEmitter().setMaxListeners(0);

export function createSharedBus({ redisUrl, keyPrefix = DEFAULT_KEY_PREFIX, logger = console }: SharedBusOptions = {}): SharedBus {
  return redisUrl ? redisBus(redisUrl, keyPrefix, logger) : localBus(keyPrefix, logger);
}

function safely(handler: (message: string) => void, logger: Logger) {
  return (message: string) => {
    try {
      handler(message);
    } catch (error) {
      logger.warn(`Shared message handler failed: ${(error as Error).message}`);
    }
  };
}

function localBus(keyPrefix: string, logger: Logger): SharedBus {
  const listeners: [string, (message: string) => void][] = [];
  return {
    keyPrefix,
    shared: false,
    async publish(channel, message) {
      inProcess.emit(keyPrefix + channel, message);
    },
    async subscribe(channel, handler) {
      const listener = safely(handler, logger);
      listeners.push([keyPrefix + channel, listener]);
      inProcess.on(keyPrefix + channel, listener);
    },
    command: async () => undefined,
    async close() {
      for (const [name, listener] of listeners.splice(0)) inProcess.off(name, listener);
    },
  };
}

interface Connection {
  redis: Redis;
  /** Set from a connection error until the connection is ready again. */
  down: boolean;
}

function redisBus(url: string, keyPrefix: string, logger: Logger): SharedBus {
  const options: RedisOptions = {
    lazyConnect: true,
    connectTimeout: TIMEOUT_MS,
    commandTimeout: TIMEOUT_MS,
    maxRetriesPerRequest: 1,
    retryStrategy: (times) => Math.min(times * 200, 5000),
  };
  const commands = watch(new Redis(url, options), 'commands', logger);
  // Subscriptions wait in the offline queue through an outage and are made once Redis is back.
  const subscriber = watch(new Redis(url, { ...options, commandTimeout: undefined, maxRetriesPerRequest: null }), 'subscriber', logger);
  const handlers = new Map<string, ((message: string) => void)[]>();
  subscriber.redis.on('message', (channel: string, message: string) => {
    for (const handler of handlers.get(channel) ?? []) handler(message);
  });

  /** The command's result, or undefined at once when its connection is (or goes) down or is slow. */
  const bounded = async <T>(what: string, connection: Connection, promise: Promise<T>): Promise<T | undefined> => {
    if (connection.down) return undefined; // the outage was logged when it began
    let timer: NodeJS.Timeout | undefined;
    let onError: (() => void) | undefined;
    const giveUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => {
        logger.warn(`Redis ${what}: no answer within ${TIMEOUT_MS} ms; continuing with local state`);
        resolve(undefined);
      }, TIMEOUT_MS);
      timer.unref();
      onError = () => resolve(undefined);
      connection.redis.once('error', onError);
    });
    try {
      return await Promise.race([promise, giveUp]);
    } catch (error) {
      logger.warn(`Redis ${what} failed (${(error as Error).message}); continuing with local state`);
      return undefined;
    } finally {
      clearTimeout(timer);
      if (onError) connection.redis.off('error', onError);
    }
  };

  return {
    keyPrefix,
    shared: true,
    async publish(channel, message) {
      if (commands.down) return;
      await bounded(`publish on ${channel}`, commands, commands.redis.publish(keyPrefix + channel, message));
    },
    async subscribe(channel, handler) {
      const name = keyPrefix + channel;
      handlers.set(name, [...(handlers.get(name) ?? []), safely(handler, logger)]);
      const subscribed = subscriber.redis.subscribe(name);
      subscribed.catch(() => undefined);
      await bounded(`subscribe to ${channel}`, subscriber, subscribed);
    },
    async command(what, command) {
      if (commands.down) return undefined;
      return bounded(what, commands, Promise.resolve().then(() => command(commands.redis)));
    },
    async close() {
      commands.redis.disconnect();
      subscriber.redis.disconnect();
    },
  };
}

/** Logs the first error of each outage only: a down Redis retries quietly until it is back. */
function watch(redis: Redis, role: string, logger: Logger): Connection {
  const connection: Connection = { redis, down: false };
  redis.on('error', (error: Error) => {
    if (connection.down) return;
    connection.down = true;
    logger.warn(`WARNING: Redis (${role}) unavailable: ${error.message}. Shared state stays local until it is back.`);
  });
  redis.on('ready', () => {
    connection.down = false;
  });
  return connection;
}
