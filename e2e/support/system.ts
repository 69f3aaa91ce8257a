// SPDX-License-Identifier: EUPL-1.2
// The system under test: the API binary serving the portal's release build, on port 0
// (the OS picks a free port; the server prints the URL it got). Keys as in production,
// made beside the server and never by it (scripts/demo-keys.sh): the demo authorities'
// key pairs in data/authority-keys/ (the authority's side; the inbox reads them there),
// their public keys registered and signed with the Land's key in data/land/, whose public
// half the portal in dist/ was built with.
import { spawn, execFileSync, ChildProcess } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
/** The demo authorities' own key folder (private keys `<authority>.<kid>.pem`). */
export const AUTHORITY_KEYS = join(ROOT, 'data', 'authority-keys');
const LAND_PUBLIC_KEY = join(ROOT, 'data', 'land', 'land-public.jwk.json');
/** The Land's signing key (`central-api land sign --key`), made by scripts/demo-keys.sh. */
export const LAND_KEY = join(ROOT, 'data', 'land', 'land.pem');
/** The server's binary (`cargo build --profile server -p central-api`). */
export const CENTRAL_API = join(ROOT, 'target', 'server', 'central-api');

/** Fails early, with what to do, if dist/ was not built with the Land's key in data/land/:
 * the portal would refuse to encrypt for every authority. */
function checkPortalKnowsTheLandKey(dist: string) {
  if (!existsSync(LAND_PUBLIC_KEY)) {
    throw new Error(`${LAND_PUBLIC_KEY} is missing: run scripts/test.sh (scripts/demo-keys.sh land, then the portal build)`);
  }
  const { kid } = JSON.parse(readFileSync(LAND_PUBLIC_KEY, 'utf8'));
  const wasm = readdirSync(dist).filter((f) => f.endsWith('.wasm')).map((f) => readFileSync(join(dist, f)));
  if (!wasm.some((bytes) => bytes.includes(Buffer.from(kid)))) {
    throw new Error(`dist/ was built without the Land key ${kid} of data/land/: build the portal again`);
  }
}

export interface System {
  url: string;
  dbPath: string;
  stop(): Promise<void>;
}

export interface SystemOptions {
  /** A folder for `central-api seed --extra` (forms/*.json, catalogue.json), loaded first. */
  extraSeedDir?: string;
  /** A fixed port instead of one the OS picks (when its origin must be known in advance). */
  port?: number;
  /** More arguments for `central-api serve` (`--base-path`, `--api-url`). */
  serveArgs?: string[];
}

export async function startSystem(options: SystemOptions = {}): Promise<System> {
  const binary = CENTRAL_API;
  // PORTAL_DIST: another build of the portal to serve (A/B comparisons in the benchmark).
  const dist = process.env.PORTAL_DIST ?? join(ROOT, 'dist');
  for (const needed of [binary, join(dist, 'index.html')]) {
    if (!existsSync(needed)) throw new Error(`${needed} is missing: run scripts/test.sh (it builds both)`);
  }
  checkPortalKnowsTheLandKey(dist);
  const dir = mkdtempSync(join(tmpdir(), 'bp-e2e-'));
  const dbPath = join(dir, 'portal.sqlite');
  if (options.extraSeedDir) {
    execFileSync(binary, ['seed', '--db', dbPath, '--extra', options.extraSeedDir], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  execFileSync(join(ROOT, 'scripts', 'demo-keys.sh'), ['register', dbPath], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, BINARY: binary },
  });
  const child: ChildProcess = spawn(
    binary,
    ['serve', '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--db', dbPath, '--static-dir', dist, ...(options.serveArgs ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RUST_LOG: process.env.RUST_LOG ?? 'warn' } },
  );
  const started = new Promise<string>((resolveUrl, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${seen}`)), 30_000);
    const onData = (chunk: Buffer) => {
      seen += chunk.toString();
      const match = seen.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (match) {
        clearTimeout(timer);
        resolveUrl(`http://127.0.0.1:${match[1]}`);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => { seen += chunk.toString(); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${seen}`)); });
  });
  let url: string;
  try {
    url = await started;
  } catch (error) {
    // Nothing left behind when the server did not start either.
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // A run that ends without its teardown (a failed set-up, a runner that exits early)
  // must not leave the server running or its database behind: both go when this process
  // exits.
  const killOnExit = () => {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  return {
    url,
    dbPath,
    // Stops the server, waits until it has exited, and removes its database: every run
    // left a folder of about 1 MB in the temporary directory before.
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL if the process has not exited within five seconds. */
async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Runs one SQL query against a system's database (read-only; by default the shared
 * system's, else e.g. `System.dbPath`) and returns the rows. */
export function queryDb(sql: string, dbPath = process.env.PORTAL_DB): Array<Record<string, unknown>> {
  if (!dbPath) throw new Error('PORTAL_DB is not set: the global setup did not run');
  const out = execFileSync('sqlite3', ['-readonly', '-json', dbPath, sql], { encoding: 'utf8' });
  return out.trim() === '' ? [] : JSON.parse(out);
}

/** The authority's side, as a clerk would run it: `central-api inbox ...`, a FIT-Connect
 * subscriber talking to the system's Submission API with the authority's credentials and
 * keys from its own folder. `api` defaults to the shared system's address. */
export function inbox(...args: string[]): string {
  return inboxAt(process.env.PORTAL_URL ?? '', ...args);
}

/** [`inbox`] against the system at `api` (e.g. `System.url`). */
export function inboxAt(api: string, ...args: string[]): string {
  if (!api) throw new Error('PORTAL_URL is not set: the global setup did not run');
  return execFileSync(CENTRAL_API, ['inbox', '--api', api, '--keys-dir', AUTHORITY_KEYS, ...args], {
    encoding: 'utf8',
  });
}

/** A loopback port that is free now (for a server whose origin must be known first). */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}
