// SPDX-License-Identifier: EUPL-1.2
// End-to-end tests in Chromium against the real system: global-setup.ts starts the API
// (serving the release build in dist/) on a free loopback port with a fresh SQLite file.
import { defineConfig } from '@playwright/test';

// Debian's Chromium where present (no browser download here); elsewhere Playwright's own.
const executablePath = process.env.CHROMIUM_PATH || undefined;

export default defineConfig({
  testDir: './e2e',
  outputDir: './e2e/artifacts/results',
  globalSetup: './e2e/global-setup.ts',
  // Two workers on a shared 2-core machine: a whole GewA 1 through the embed or by keyboard
  // takes 25–35 s there, so 30 s per test failed on load, not on behaviour.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  workers: 2,
  reporter: [['list'], ['json', { outputFile: 'e2e/artifacts/results.json' }]],
  use: {
    baseURL: process.env.PORTAL_URL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath,
      // Without the background-networking flags Chromium keeps calling home, which a
      // closed network refuses over and over.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
