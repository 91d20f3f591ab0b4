// What both benchmarks need around their measurements: child processes logged to files, a private
// database dropped at the end, temporary folders, and stopping everything whatever happens
// (end, failure, Ctrl-C). Used by scripts/bench.mjs and scripts/bench-registry.mjs.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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
 * @param {() => Promise<void> | void} [options.beforeStop] first step of the clean-up (stop the load)
 */
export function createBenchHarness({ label, logsDir, server, database, ipc = false, beforeStop }) {
  const processes = new Map(); // name -> ChildProcess
  const tempDirs = [];
  let databaseCreated = false;
  let cleaning;
  mkdirSync(logsDir, { recursive: true });
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

  return { processes, start, stop, withAdmin, createDatabase, tempDir, waitFor, cleanup, abort, isStopping };
}
