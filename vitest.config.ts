import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Every test must assert something: a test that cannot fail is not a test.
    expect: { requireAssertions: true },
    benchmark: { include: ['bench/**/*.bench.ts'] },
  },
});
