import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAEMON_NODE_FLAGS } from '../../helpers/daemon-process.js';

// The daemon's V8 heap flags live in config/node-flags; every way of starting it must use them,
// or bench:memory would measure a daemon nobody runs.
const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('the daemon V8 flags', () => {
  it('bound the heap and the young generation', () => {
    expect(DAEMON_NODE_FLAGS.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
    expect(DAEMON_NODE_FLAGS.some((f) => /^--max-semi-space-size=\d+$/.test(f))).toBe(true);
  });

  it('are the Docker image NODE_OPTIONS', () => {
    const env = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(read('Dockerfile'))?.[1];
    expect(env?.split(/\s+/)).toEqual(DAEMON_NODE_FLAGS);
  });

  it('are read by scripts/start-local', () => {
    expect(read('scripts/start-local')).toMatch(/exec node \$\(cat config\/node-flags\) dist\/cli\.js run/);
  });
});
