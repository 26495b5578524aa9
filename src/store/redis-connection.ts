import { Redis } from 'ioredis';

/**
 * BullMQ needs `maxRetriesPerRequest: null` on connections its workers block on; we use the
 * same for our own commands so a Redis restart delays work instead of failing it.
 * `autoPipeline` sends the commands issued in one tick as one write: many small stage steps
 * cost one round trip instead of many. Never on a connection that blocks (BullMQ workers).
 */
export function createRedis(url: string, name: string, options: { autoPipeline?: boolean } = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: null,
    connectionName: name,
    lazyConnect: false,
    enableAutoPipelining: options.autoPipeline === true,
  });
}
