// CPU time per process (user + system, from /proc), so that the cost of a request can be read even
// when other work on the machine slows everything down: µs of CPU per request for each process.
// Used by scripts/bench.mjs and scripts/bench-campaigns.mjs.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** µs of CPU a process has used so far, or undefined (not Linux, or the process is gone). */
export function cpuMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return undefined;
  }
}

/** CPU time the whole machine spent busy (every CPU, every process), from /proc/stat. */
function machineBusyMicros() {
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = ticks[3] + ticks[4];
    return ((ticks.slice(0, 8).reduce((sum, value) => sum + value, 0) - idle) / CLOCK_TICKS) * 1e6;
  } catch {
    return undefined;
  }
}

/**
 * CPU counters of the benchmark's child processes (`processes`: name → ChildProcess), PostgreSQL's
 * backends serving `database` (found through `monitor`, a pg client) and this process (the load generator).
 */
export async function cpuSnapshot(monitor, processes, database) {
  const backends = (await monitor.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [database])).rows.map((row) => row.pid);
  const usage = process.cpuUsage();
  const snapshot = { at: performance.now(), machine: machineBusyMicros(), generator: usage.user + usage.system, postgres: new Map() };
  for (const [name, child] of processes) snapshot[name] = cpuMicros(child.pid);
  for (const pid of backends) snapshot.postgres.set(pid, cpuMicros(pid));
  return snapshot;
}

/** µs of CPU per request between two snapshots, for each of `names` (the processes that served the pass), PostgreSQL and the generator. */
export function cpuPerRequest(before, after, requests, names) {
  const perRequest = {};
  for (const name of names) {
    if (before[name] === undefined || after[name] === undefined) return undefined;
    perRequest[name] = Math.round((after[name] - before[name]) / requests);
  }
  let postgres = 0;
  for (const [pid, micros] of after.postgres) postgres += (micros ?? 0) - (before.postgres.get(pid) ?? 0);
  perRequest.postgres = Math.round(postgres / requests);
  perRequest.generator = Math.round((after.generator - before.generator) / requests);
  perRequest.total = Object.values(perRequest).reduce((sum, value) => sum + value, 0);
  // What the rest of the machine used meanwhile (other people's work, the idle apps), in CPUs.
  if (before.machine !== undefined && after.machine !== undefined) {
    const ours = perRequest.total * requests;
    perRequest.otherCpus = Math.max(0, Math.round(((after.machine - before.machine - ours) / ((after.at - before.at) * 1000)) * 100) / 100);
  }
  return perRequest;
}

/** Sends `message` to a child started with an IPC channel (bench/profiler-hook.mjs) and waits for `answer`. */
export function tell(child, message, answer, timeoutMs = 30_000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process ${child.pid} did not answer ${message}`)), timeoutMs);
    const listen = (reply) => {
      if (reply !== answer) return;
      clearTimeout(timer);
      child.off('message', listen);
      resolve();
    };
    child.on('message', listen);
    child.send(message);
  });
}
