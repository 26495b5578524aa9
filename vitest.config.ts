import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The fault trials take minutes and stop stack services: npm run test:faults runs them. The
    // Redis wipe is the exception: under a minute, on a Redis of its own, and the proof that
    // intake is durable, so every run of the suite makes it.
    exclude: ['test/faults/!(redis-wipe).test.ts', 'test/faults/harness/**', 'node_modules/**'],
    // Integration tests share one real stack; each test file uses its own Redis prefix and
    // mailboxes, so files may run in parallel, but two cores make 2 workers the sweet spot.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.stack/test-results.json' },
  },
});
