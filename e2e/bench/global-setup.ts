// SPDX-License-Identifier: EUPL-1.2
// Starts the real system for the benchmark with the generated forms loaded
// (BENCH_EXTRA_DIR, written by scripts/bench.sh: central-api seed --extra).
import { startSystem } from '../support/system';

export default async function globalSetup() {
  const extraSeedDir = process.env.BENCH_EXTRA_DIR;
  if (!extraSeedDir) throw new Error('BENCH_EXTRA_DIR is not set: run scripts/bench.sh');
  const system = await startSystem({ extraSeedDir });
  process.env.PORTAL_URL = system.url;
  process.env.PORTAL_DB = system.dbPath;
  return async () => system.stop();
}
