// Set-up shared by `npm start`, `npm test` and `npm run bench`: dependencies, PostgreSQL, NATS.
// Plain Node (no dependencies) so that it runs before `npm ci` has.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STATE_DIR = join(ROOT, '.filon');

/**
 * Node's options for every filon app process (npm start, the benchmarks; the Dockerfile's NODE_OPTIONS holds the
 * same, test/deploy checks it). A young generation of up to 32 MB per semi-space instead of V8's 16: at a few
 * thousand requests per second the default one fills several times a second and promotes the requests in flight to
 * the old generation, whose collections then stall the event loop for 10–20 ms; with it, bench:read measured
 * 10–15 % less CPU per request in the gateway and the companies service and half the open-loop p99
 * (bench/RESULTS.md, "The request path's cuts"). It costs up to 64 MB of memory per process.
 */
export const APP_NODE_OPTIONS = '--max-semi-space-size=32';

export const log = (message) => console.log(`\x1b[36mfilon\x1b[0m ${message}`);
export const fail = (message) => {
  console.error(`\x1b[31mfilon: ${message}\x1b[0m`);
  process.exit(1);
};

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19)) fail(`Node ${process.versions.node} is too old: install Node 20.19 or newer (24 LTS recommended).`);
}

/** Runs `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureDependencies() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  log('installing dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) fail('npm ci failed: see the messages above.');
}

export function portOpen(host, port, timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (open) => {
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitForPort(host, port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await portOpen(host, port)) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

const which = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).stdout.trim();

/** PostgreSQL must answer at the URL's host and port; a local, stopped cluster is started. */
export async function ensurePostgres(databaseUrl) {
  const url = new URL(databaseUrl);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 5432);
  if (await portOpen(host, port)) return;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  if (local && which('pg_ctlcluster') && existsSync('/etc/postgresql')) {
    log('PostgreSQL is stopped: starting it…');
    const versions = execFileSync('ls', ['/etc/postgresql'], { encoding: 'utf8' }).trim().split('\n');
    for (const version of versions) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start'], { stdio: 'inherit' });
    if (await waitForPort(host, port, 15_000)) return;
  }
  fail(`PostgreSQL does not answer on ${host}:${port}: start it (or set DATABASE_URL to one that runs).`);
}

/** NATS with JetStream must answer; a local nats-server that is installed but stopped is started. */
export async function ensureNats(natsUrl) {
  const url = new URL(natsUrl.split(',')[0]);
  const host = url.hostname || '127.0.0.1';
  const port = Number(url.port || 4222);
  if (await portOpen(host, port)) return;
  const local = ['127.0.0.1', 'localhost', '::1'].includes(host);
  const binary = which('nats-server') || (existsSync('/usr/sbin/nats-server') ? '/usr/sbin/nats-server' : '');
  if (local && binary) {
    log('NATS is stopped: starting nats-server with JetStream…');
    const storeDir = existsSync('/var/lib/nats-server') ? '/var/lib/nats-server' : join(STATE_DIR, 'nats');
    mkdirSync(storeDir, { recursive: true });
    const args = ['-a', host === 'localhost' ? '127.0.0.1' : host, '-p', String(port), '-js', '-sd', storeDir];
    if (which('start-stop-daemon')) {
      const logFile = existsSync('/var/log') ? '/var/log/nats-server.log' : join(STATE_DIR, 'nats-server.log');
      spawnSync('start-stop-daemon', ['--start', '--oknodo', '--background', '--exec', binary, '--', ...args, '-l', logFile], { stdio: 'inherit' });
    } else {
      const child = (await import('node:child_process')).spawn(binary, args, { detached: true, stdio: 'ignore' });
      child.unref();
    }
    if (await waitForPort(host, port, 10_000)) return;
  }
  fail(`NATS does not answer on ${host}:${port}: start nats-server with JetStream (-js), or set NATS_URL.`);
}

/** The Chromium the browser tests drive (playwright-core has no browser of its own): Debian's package. */
export const CHROMIUM_BIN = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';

/** Installs Debian's chromium when it is missing (`apt-get`, as root); otherwise says what to do. */
export function ensureChromium() {
  if (existsSync(CHROMIUM_BIN)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    log('installing chromium for the browser tests (apt-get install -y chromium)…');
    const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    // A fresh machine or container has no package lists yet.
    if (install().status !== 0) {
      spawnSync('apt-get', ['update'], { stdio: ['ignore', 'ignore', 'inherit'] });
      install();
    }
    if (existsSync(CHROMIUM_BIN)) return;
  }
  fail(`Chromium is not installed at ${CHROMIUM_BIN}: the browser tests need it (apt-get install chromium, or set CHROMIUM_BIN).`);
}

/** Loads `.env` at the root (KEY=value lines) under the process's own environment. */
export function loadDotEnv() {
  const file = join(ROOT, '.env');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([A-Z0-9_]+)\s*=\s*(.*?)\s*$/.exec(line);
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2].replace(/^(['"])(.*)\1$/, '$2');
  }
}
