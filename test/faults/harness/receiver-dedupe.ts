import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STACK } from '../../helpers/local-stack.js';

/**
 * How many deliveries to each address the stack's Dovecot dropped as duplicates (its Sieve
 * `duplicate` rule, by Message-ID, as Gmail does). Resending with the same Message-ID is how the
 * daemon meets SMTP's at-least-once delivery, so these are resends the customer never saw;
 * counting them shows how often that path was taken.
 */
export function droppedDuplicates(addresses: string[]): number {
  let log = '';
  try {
    log = readFileSync(join(STACK.dir, 'log', 'dovecot.log'), 'utf8');
  } catch {
    return 0;
  }
  const wanted = addresses.map((a) => `lmtp(${a.toLowerCase()})`);
  return log
    .split('\n')
    .filter((line) => line.includes('discard action') && wanted.some((w) => line.includes(w))).length;
}
