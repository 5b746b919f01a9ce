import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import type { Logger } from '../observability/logger.ts';
import { UNAVAILABLE, type RedisConnection } from './connection.ts';

/**
 * Messages between the replicas of the services: Redis pub/sub when the service has a Redis
 * connection, else an in-process emitter (services started in one process, as `npm start` does,
 * still hear each other). Nothing here ever throws: during a Redis outage state stays local.
 */
export interface SharedBus {
  readonly keyPrefix: string;
  /** True when messages and data reach other processes (Redis). */
  readonly shared: boolean;
  publish(channel: string, message: string): Promise<void>;
  subscribe(channel: string, handler: (message: string) => void): Promise<void>;
  /** Runs `command` on the shared Redis store; undefined without Redis or when it is unavailable. */
  command<T>(what: string, command: (redis: Redis) => Promise<T>): Promise<T | undefined>;
  /** Drops this bus's subscriptions (the Redis connection stays with whoever opened it). */
  close(): Promise<void>;
}

export interface SharedBusOptions {
  /** The service's Redis connection (platform/redis/connection.ts); without it the bus stays in this process. */
  redis?: RedisConnection | undefined;
  keyPrefix?: string;
  logger: Logger;
}

export const DEFAULT_KEY_PREFIX = 'clinical-federation:';

const inProcess = new EventEmitter().setMaxListeners(0);

export function createSharedBus({ redis, keyPrefix = DEFAULT_KEY_PREFIX, logger }: SharedBusOptions): SharedBus {
  return redis ? redisBus(redis, keyPrefix, logger) : localBus(keyPrefix, logger);
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

function redisBus(redis: RedisConnection, keyPrefix: string, logger: Logger): SharedBus {
  const unsubscribes: (() => void)[] = [];
  return {
    keyPrefix,
    shared: true,
    async publish(channel, message) {
      await redis.run(`publish on ${channel}`, (client) => client.publish(keyPrefix + channel, message));
    },
    async subscribe(channel, handler) {
      unsubscribes.push(await redis.subscribe(keyPrefix + channel, safely(handler, logger)));
    },
    async command(what, command) {
      const result = await redis.run(what, command);
      return result === UNAVAILABLE ? undefined : result;
    },
    async close() {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    },
  };
}
