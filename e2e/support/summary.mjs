// SPDX-License-Identifier: EUPL-1.2
// Prints Playwright's result as one closing line: "playwright: N passed, N failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
const report = JSON.parse(readFileSync(file, 'utf8'));
const stats = report.stats ?? {};
const passed = (stats.expected ?? 0) + (stats.flaky ?? 0);
const failed = stats.unexpected ?? 0;
const skipped = stats.skipped ?? 0;
console.log(`playwright: ${passed} passed, ${failed} failed, ${skipped} skipped`);
