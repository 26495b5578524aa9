import { defineConfig } from 'vitest/config';

// The fault trials (npm run test:faults): minutes each, on the real local stack, one at a time
// because they stop shared services (Postfix, Dovecot) of the stack. Not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/faults/**/*.test.ts'],
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 1_800_000,
    hookTimeout: 60_000,
  },
});
