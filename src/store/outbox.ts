import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';

export type OutboxState = 'pending' | 'sent';

/**
 * Every outgoing mail is an outbox entry keyed by its deterministic Message-ID. A retried job
 * finds `sent` and does nothing, so a customer never gets the same mail twice.
 */
export class Outbox {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async state(messageId: string): Promise<OutboxState | undefined> {
    const s = await this.redis.hget(this.keys.outbox(messageId), 'state');
    return s === 'pending' || s === 'sent' ? s : undefined;
  }

  async markPending(messageId: string, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(this.keys.outbox(messageId), { ...fields, state: 'pending' });
  }

  async markSent(messageId: string, at: Date): Promise<void> {
    await this.redis.hset(this.keys.outbox(messageId), { state: 'sent', sentAt: at.toISOString() });
  }
}
