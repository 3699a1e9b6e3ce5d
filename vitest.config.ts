import { defineConfig } from 'vitest/config';

const shared = {
  testTimeout: 20_000,
  hookTimeout: 20_000,
  // Every test must assert something: a test that cannot fail is not a test.
  expect: { requireAssertions: true },
};

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'test/**/*.test.tsx'],
          exclude: ['test/scale/**'],
          benchmark: { include: ['bench/**/*.bench.ts'] },
        },
      },
      {
        // Suites of real app processes: after the others and one file at a time, so the
        // processes they start neither slow the other suites nor race each other for the CPU.
        test: {
          ...shared,
          name: 'scale',
          include: ['test/scale/**/*.test.ts'],
          benchmark: { include: [] },
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
