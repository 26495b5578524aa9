import type { Redis } from 'ioredis';

/**
 * What would make this Redis lose queued mail: a mail leaves the INBOX once its job is in
 * Redis, so a Redis that forgets on restart (no AOF, no RDB snapshots) or evicts keys under
 * memory pressure (any maxmemory-policy but noeviction) loses mail. Empty when it is safe.
 */
export async function redisDurabilityProblems(redis: Redis): Promise<string[]> {
  const settings = await readSettings(redis);
  const problems: string[] = [];
  if (settings.appendonly !== 'yes' && (settings.save ?? '').trim() === '') {
    problems.push('no persistence (appendonly no and no save points): a restart loses queued mail');
  }
  const policy = settings['maxmemory-policy'];
  if (policy !== undefined && policy !== 'noeviction') {
    problems.push(`maxmemory-policy is ${policy}: Redis may evict queue keys (set noeviction)`);
  }
  return problems;
}

/** CONFIG GET where allowed; managed services often rename it, then INFO says enough. */
async function readSettings(redis: Redis): Promise<Record<string, string | undefined>> {
  try {
    const pairs = (await redis.call('CONFIG', 'GET', 'appendonly', 'save', 'maxmemory-policy')) as string[];
    const settings: Record<string, string> = {};
    for (let i = 0; i + 1 < pairs.length; i += 2) settings[pairs[i] as string] = pairs[i + 1] as string;
    return settings;
  } catch {
    const info = `${await redis.info('persistence')}\n${await redis.info('memory')}`;
    const field = (name: string): string | undefined =>
      new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
    return {
      appendonly: field('aof_enabled') === '1' ? 'yes' : 'no',
      // INFO does not show save points; a completed RDB save at least shows snapshots run.
      save:
        field('rdb_last_bgsave_status') === 'ok' && field('rdb_changes_since_last_save') !== undefined
          ? 'info'
          : '',
      'maxmemory-policy': field('maxmemory_policy'),
    };
  }
}
