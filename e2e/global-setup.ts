// SPDX-License-Identifier: EUPL-1.2
// Starts the real system once for all tests; the workers read its URL and database path
// from the environment.
import { startSystem } from './support/system';

export default async function globalSetup() {
  const system = await startSystem();
  process.env.PORTAL_URL = system.url;
  process.env.PORTAL_DB = system.dbPath;
  return async () => system.stop();
}
