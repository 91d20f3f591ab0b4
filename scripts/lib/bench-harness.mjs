// What both benchmarks need around their measurements: child processes logged to files, a private
// database dropped at the end, temporary folders, and stopping everything whatever happens
// (end, failure, Ctrl-C). Used by scripts/bench.mjs and scripts/bench-registry.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { checkNode, ensureDependencies, ensurePostgres, fail, ROOT } from './environment.mjs';

/** The PostgreSQL server the benchmarks create their private database on (knob FILON_BENCH_DATABASE_SERVER). */
export const BENCH_DATABASE_SERVER = (process.env.FILON_BENCH_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432').replace(/\/$/, '');
/** The nats-server binary the benchmarks start privately (knob NATS_SERVER_BIN). */
export const NATS_BINARY = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';

/**
 * What a benchmark needs before it starts anything: Node, the dependencies, PostgreSQL, the
 * nats-server binary, and up-to-date bundles in dist/.
 */
export async function prepareBenchmark() {
  checkNode();
  ensureDependencies();
  const { ensureBuilt } = await import('./build.mjs');
  await ensurePostgres(`${BENCH_DATABASE_SERVER}/postgres`);
  if (!existsSync(NATS_BINARY)) fail(`nats-server is not at ${NATS_BINARY}: install it (apt-get install nats-server) or set NATS_SERVER_BIN.`);
  ensureBuilt();
}

/** What a results file says about the run, taken as it starts: when, which commit, the load average before. */
export function runFacts() {
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  const natsVersion = spawnSync(NATS_BINARY, ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { startedAt: new Date(), loadBefore: loadavg().map((value) => value.toFixed(2)), commit, dirty, natsVersion };
}

/** The machine the run used, with the load average now (at the end of the run). */
export const machineFacts = (facts, postgresVersion) => ({
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
  node: process.version,
  postgres: postgresVersion,
  nats: facts.natsVersion,
  loadBefore: facts.loadBefore,
  loadAfter: loadavg().map((value) => value.toFixed(2)),
});

/**
 * The environment every app of a benchmark gets: the private database and NATS, a JWT secret of the run, one
 * login serving the whole run (no refresh in the load generator), warnings only in the logs, the administrator,
 * rate budgets a token never spends (the limiter is measured, not hit), and where the profiler hook writes.
 */
export const appEnvironment = ({ databaseUrl, natsUrl, stateDir, admin, profilesDir }) => ({
  DATABASE_URL: databaseUrl,
  NATS_URL: natsUrl,
  LOG_LEVEL: 'warn',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  JWT_TTL_SECONDS: '86400',
  FILON_STATE_DIR: stateDir,
  FILON_ADMIN_EMAIL: admin.email,
  FILON_ADMIN_PASSWORD: admin.password,
  NODE_ENV: 'development',
  RATE_LIMIT_READS: '1000000000',
  RATE_LIMIT_WRITES: '1000000000',
  ...(profilesDir ? { BENCH_PROFILE_DIR: profilesDir } : {}),
});

/** Runs each app's migrations (`node dist/apps/<app>/main.js migrate`) with `env`; throws on the first failure. */
export function migrateApps(apps, env) {
  for (const app of apps) {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js'), 'migrate'], { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`migrating ${app} failed:\n${result.stderr || result.stdout}`);
  }
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Separates a results file's generated part from the analysis written by hand below it, which a new run keeps. */
export const ANALYSIS_MARKER = '<!-- Everything below this line is written by hand and kept by the next run of the benchmark. -->';

/** Writes `generated` to `file`, followed by the hand-written analysis the file already holds (or a placeholder). */
export function writeResults(file, generated) {
  const previous = existsSync(file) ? readFileSync(file, 'utf8') : '';
  // Files written before the marker's wording changed carry the older marker.
  const marker = [ANALYSIS_MARKER, '<!-- Everything below this line is written by hand and kept by scripts/bench.mjs. -->'].find((m) => previous.includes(m));
  const analysis = marker ? previous.slice(previous.indexOf(marker) + marker.length) : '\n\n## Analysis\n\n(to be written)\n';
  writeFileSync(file, `${generated.trimEnd()}\n\n${ANALYSIS_MARKER}${analysis}`);
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Throws unless `promise` (an api-client call) answered `status`; returns the body. */
export async function expectStatus(promise, status, what) {
  const result = await promise;
  if (result.status !== status) throw new Error(`${what} answered ${result.status}, expected ${status}: ${JSON.stringify(result.body)}`);
  return result.body;
}

/**
 * @param {object} options
 * @param {string} options.label      prefix of messages (`bench`, `bench:registry`)
 * @param {string} options.logsDir    where each child's output goes (`<name>.log`)
 * @param {string} options.server     PostgreSQL server URL without a database
 * @param {string} options.database   the private database, dropped at the end once created
 * @param {boolean} [options.ipc]     give Node children an IPC channel (the profiler hook)
 * @param {string} [options.profilesDir] where the profiler hook writes, emptied now
 * @param {() => Promise<void> | void} [options.beforeStop] first step of the clean-up, once the load is stopped
 */
export function createBenchHarness({ label, logsDir, server, database, ipc = false, profilesDir, beforeStop }) {
  const processes = new Map(); // name -> ChildProcess
  const tempDirs = [];
  let databaseCreated = false;
  let cleaning;
  let currentLoad; // the running autocannon instance, stopped first on Ctrl-C
  const interrupted = { aborted: false }; // stops a running open loop (its `signal`)
  const trackLoad = (load) => (currentLoad = load);
  mkdirSync(logsDir, { recursive: true });
  if (profilesDir) {
    rmSync(profilesDir, { recursive: true, force: true });
    mkdirSync(profilesDir, { recursive: true });
  }
  const logsShown = relative(ROOT, logsDir);

  function start(name, command, args, env = {}) {
    const stdio = ipc && command === process.execPath ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'];
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio });
    const file = createWriteStream(join(logsDir, `${name}.log`));
    child.stdout.pipe(file, { end: false });
    child.stderr.pipe(file, { end: false });
    child.on('exit', (code, signal) => {
      file.end();
      processes.delete(name);
      if (!child.expectedExit && !cleaning) {
        console.error(`\x1b[31m${label}: ${name} stopped (${signal ?? `exit ${code}`}); see ${logsShown}/${name}.log\x1b[0m`);
        void abort(1);
      }
    });
    processes.set(name, child);
    return child;
  }

  function stop(name) {
    const child = processes.get(name);
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    child.expectedExit = true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }

  async function withAdmin(run) {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: `${server}/postgres` });
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.end();
    }
  }
  const dropDatabase = () => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

  /** Drops a leftover, creates the private database; it is dropped again by the clean-up. */
  async function createDatabase() {
    await dropDatabase();
    await withAdmin((client) => client.query(`CREATE DATABASE "${database}"`));
    databaseCreated = true;
  }

  /** A temporary folder removed by the clean-up. */
  function tempDir(prefix) {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    tempDirs.push(dir);
    return dir;
  }

  async function waitFor(what, check, timeoutMs = 60_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await check().catch(() => false)) return;
      if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs / 1000} s (logs: ${logsShown}/)`);
      await sleep(250);
    }
  }

  // The load first (an app waits for busy connections to end), then the apps (they hold database
  // and NATS connections), then NATS, then the database and the folders.
  function cleanup() {
    cleaning ??= (async () => {
      currentLoad?.stop();
      interrupted.aborted = true;
      await beforeStop?.();
      await Promise.all([...processes.keys()].filter((name) => name !== 'nats').map(stop));
      await stop('nats');
      for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
      if (databaseCreated) await dropDatabase().catch((error) => console.error(`${label}: could not drop ${database}: ${error.message}`));
    })();
    return cleaning;
  }

  async function abort(code) {
    await cleanup();
    process.exit(code);
  }
  process.on('SIGINT', () => {
    console.log(`\n${label}: interrupted, stopping everything…`);
    void abort(130);
  });
  process.on('SIGTERM', () => void abort(143));

  /** True once the clean-up began (after Ctrl-C the run fails on closed connections: already reported). */
  const isStopping = () => cleaning !== undefined;

  /** A private nats-server with JetStream on a free port (its store in a temporary folder); returns its URL. */
  async function startNats() {
    const port = await freePort();
    start('nats', NATS_BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', tempDir(`filon-${label.replace(/\W/g, '-')}-nats-`)]);
    return `nats://127.0.0.1:${port}`;
  }

  /** Runs the benchmark's `main`, cleans up whatever happens, and exits 0 or 1. */
  async function run(main) {
    try {
      await main();
      await cleanup();
      process.exit(0);
    } catch (error) {
      // After Ctrl-C the run fails on closed connections: the interruption was reported already.
      if (!isStopping()) console.error(`\x1b[31m${label}: ${error instanceof Error ? error.stack : String(error)}\x1b[0m`);
      await cleanup();
      process.exit(1);
    }
  }

  return { processes, start, stop, withAdmin, createDatabase, tempDir, waitFor, cleanup, abort, isStopping, startNats, run, trackLoad, interrupted };
}
