import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logging/logger.ts';

/**
 * What a cached read can go stale on: an API key (by prefix), a domain's intel or who owns a
 * domain's account (by domain; {@link EVERY_KEY} for all of them).
 */
export type InvalidationTopic = 'api-key' | 'intel' | 'account-access';

/** The key that stands for every key of its topic (no prefix or domain can be `*`). */
export const EVERY_KEY = '*';

/** `origin` names the publishing process's bus: it delivered to itself already and skips its own echo. */
const MessageSchema = z.object({ topic: z.enum(['api-key', 'intel', 'account-access']), key: z.string().min(1).max(300), origin: z.string().max(64).optional() });

/**
 * Tells every process's read caches that something changed. `publish` reaches this process's
 * listeners at once (so a revoked key is refused by the very next request here) and, with
 * Redis, every other process within milliseconds. A listener receives `undefined` as key when
 * messages may have been missed (the subscriber reconnected): it should then forget everything.
 */
export interface InvalidationBus {
  /** `key` {@link EVERY_KEY} reaches listeners as `undefined`: forget the whole topic. */
  publish(topic: InvalidationTopic, key: string): void;
  subscribe(topic: InvalidationTopic, listener: (key: string | undefined) => void): () => void;
  close(): Promise<void>;
}

export interface InvalidationBusOptions {
  /** Without Redis the bus stays in this process (which then also runs every job). */
  redis?: Redis;
  /** The deployment's Redis prefix; the channel is `<prefix>:cache-invalidation`. */
  prefix: string;
  logger: Logger;
}

export async function createInvalidationBus(options: InvalidationBusOptions): Promise<InvalidationBus> {
  const log = options.logger.child({ component: 'cache-invalidation' });
  const local = new EventEmitter();
  local.setMaxListeners(50);
  const deliver = (topic: InvalidationTopic, key: string | undefined) => local.emit(topic, key);
  const channel = `${options.prefix}:cache-invalidation`;
  const origin = randomUUID();

  let subscriber: Redis | undefined;
  if (options.redis) {
    subscriber = options.redis.duplicate();
    let readyBefore = false;
    subscriber.on('error', (error) => log.warn({ err: error }, 'cache invalidation subscriber error'));
    subscriber.on('ready', () => {
      // ioredis resubscribes on reconnect; what was published while we were away is lost.
      if (readyBefore) for (const topic of MessageSchema.shape.topic.options) deliver(topic, undefined);
      readyBefore = true;
    });
    subscriber.on('message', (_channel: string, raw: string) => {
      let parsed: z.infer<typeof MessageSchema> | undefined;
      try {
        parsed = MessageSchema.parse(JSON.parse(raw));
      } catch {
        log.warn({ channel }, 'ignored a malformed cache invalidation message');
        return;
      }
      if (parsed.origin === origin) return;
      deliver(parsed.topic, parsed.key === EVERY_KEY ? undefined : parsed.key);
    });
    await subscriber.subscribe(channel);
  }

  return {
    publish(topic, key) {
      deliver(topic, key === EVERY_KEY ? undefined : key);
      options.redis?.publish(channel, JSON.stringify({ topic, key, origin })).catch((error: unknown) => log.warn({ err: error, topic }, 'could not publish a cache invalidation'));
    },
    subscribe(topic, listener) {
      local.on(topic, listener);
      return () => local.off(topic, listener);
    },
    async close() {
      local.removeAllListeners();
      if (subscriber) await subscriber.quit().catch(() => subscriber?.disconnect());
    },
  };
}
