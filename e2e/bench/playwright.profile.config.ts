// SPDX-License-Identifier: EUPL-1.2
// CPU profiles of the portal (scripts/profile.sh): the benchmark's set-up, its own files
// (*.profile.ts), served from PORTAL_DIST (a names-kept build of the release WASM).
import { defineConfig } from '@playwright/test';
import bench from './playwright.bench.config';

export default defineConfig({ ...bench, testMatch: '*.profile.ts', outputDir: '../../target/profile/results' });
