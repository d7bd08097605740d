import { defineConfig } from 'vitest/config';

/** Browser tests in real Chromium (npm run test:e2e); one file at a time, browsers are heavy. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    globalSetup: ['test/setup/redisGlobalSetup.ts', 'test/setup/buildWebSetup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
