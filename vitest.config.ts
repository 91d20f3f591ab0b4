import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { tsconfigPaths: true },
  test: {
    globals: true,
    include: ['apps/**/*.spec.ts', 'libs/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/setup-file.ts'],
    // Each file boots its own NATS server and database clone; two at a time suit a 2-core machine.
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs file after file with the modules it already imported (NestJS, the apps): importing
    // them again for each file cost about a third of the suite's time. Files share no state that
    // matters: each boots its own system, and what a process counts (metrics) is compared with before.
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
