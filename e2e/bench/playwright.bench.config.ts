// SPDX-License-Identifier: EUPL-1.2
// The portal benchmark (scripts/bench.sh), kept apart from the end-to-end tests: its
// files end in .bench.ts, which the normal suite's default pattern (*.spec.ts) never
// matches, and it runs from this config only. One worker, so that nothing else competes
// for the two cores while timings are taken.
import { defineConfig } from '@playwright/test';
import base from '../../playwright.config';

export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  outputDir: '../../target/bench/results',
  globalSetup: './global-setup.ts',
  timeout: 600_000,
  expect: { timeout: 30_000 },
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: process.env.PORTAL_URL,
    trace: 'off',
    screenshot: 'off',
    // Debian's Chromium and the flags that keep it from calling home, as the tests use.
    launchOptions: {
      ...base.use?.launchOptions,
      // performance.memory with exact figures instead of coarse buckets. BENCH_CHROME_ARGS
      // adds flags for an experiment, e.g. "--js-flags=--no-wasm-lazy-compilation" (which
      // share of a first call is V8 compiling WASM functions: docs/BENCHMARKS.md, session 29).
      args: [
        ...(base.use?.launchOptions?.args ?? []),
        '--enable-precise-memory-info',
        ...(process.env.BENCH_CHROME_ARGS?.split(' ').filter(Boolean) ?? []),
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
