// How the benchmarks compare a route's paths, one way for all of them (scripts/bench.mjs for the company read,
// scripts/bench-campaigns.mjs for call logging): (a) the full path, (b) one bare process, (c) the floor (the full
// path's hops with no framework: bench/floor-hops.mjs). A closed loop of interleaved passes with the CPU each process
// spent per request, an open loop at fixed rates, and the tables of the results files, with issue 12's targets.
import { cpuPerRequest, cpuSnapshot } from './cpu-meter.mjs';
import { log } from './environment.mjs';

export const PATH_NAMES = { full: '(a) full path', bare: '(b) bare process', floor: '(c) floor: same hops, no framework' };

/** Issue 12, point 2: the full path against the floor and the bare process, each a ratio measured in one run. */
export const ISSUE_12 = { fullOverFloor: 0.85, fullOverBare: 0.55, p99OverFloor: 2, cpuOverFloor: 1.5 };

/**
 * Closed loop: a warm-up pass of each path, then `rounds` rounds of one pass per path, interleaved (full, floor, bare,
 * full, …). `drive(label, base, seconds)` runs one pass and returns its summariseClosed figures; `prepare(label)`, when
 * given, runs before each pass (not measured). `meter` ({ monitor, processes, database, of: label → process names })
 * gives each pass its CPU µs per request. Returns the passes, each `{ label, round, ...summary, cpuMicrosPerRequest }`.
 */
export async function closedPasses({ paths, seconds, warmupSeconds, rounds = 2, drive, prepare = async () => {}, meter, unit = 'req/s', what = 'request' }) {
  for (const [label, base] of paths) {
    await prepare(label);
    await drive(label, base, warmupSeconds);
  }
  const passes = [];
  for (let round = 1; round <= rounds; round++) {
    for (const [label, base] of paths) {
      await prepare(label);
      const before = await cpuSnapshot(meter.monitor, meter.processes, meter.database);
      const summary = await drive(label, base, seconds);
      summary.cpuMicrosPerRequest = cpuPerRequest(before, await cpuSnapshot(meter.monitor, meter.processes, meter.database), summary.requests, meter.of[label]);
      passes.push({ label, round, ...summary });
      const cpu = summary.cpuMicrosPerRequest;
      log(`  ${label} #${round}: ${summary.requestsPerSecond} ${unit}, p50 ${summary.latencyMs.p50} ms, p99 ${summary.latencyMs.p99} ms, non-2xx ${summary.non2xx}, errors ${summary.errors}` +
        (cpu ? `; CPU µs/${what} ${Object.entries(cpu).map(([name, micros]) => `${name} ${micros}`).join(', ')}` : ''));
    }
  }
  return passes;
}

/** The mean of `pick(pass)` over the passes of `label` (undefined when it has none). */
export function meanOf(passes, label, pick = (pass) => pass.requestsPerSecond) {
  const rows = passes.filter((pass) => pass.label === label);
  return rows.length ? rows.reduce((sum, row) => sum + pick(row), 0) / rows.length : undefined;
}

/** The mean CPU µs per request of process `name` over the passes of `label` that measured it. */
export function meanCpu(passes, label, name) {
  const values = passes.filter((pass) => pass.label === label).map((pass) => pass.cpuMicrosPerRequest?.[name]).filter((value) => value !== undefined);
  return values.length ? Math.round(values.reduce((sum, value) => sum + value, 0) / values.length) : undefined;
}

/**
 * Open loop: for each `[label, base, rate]`, a warm-up then a measured pass of bench/open-loop.mjs with `options(label,
 * base, rate)`; `prepare(label)` first when given. Returns `{ label, ...openLoop result }` per pass.
 */
export async function openPasses({ passes, seconds, warmupSeconds, openLoop, options, prepare = async () => {}, unit = 'req/s' }) {
  const results = [];
  for (const [label, base, rate] of passes) {
    await prepare(label);
    const opts = options(label, base, rate);
    await openLoop({ ...opts, durationMs: warmupSeconds * 1000 });
    const summary = { label, ...(await openLoop({ ...opts, durationMs: seconds * 1000 })) };
    results.push(summary);
    const l = summary.latencyMs;
    log(`  ${label} at ${rate} ${unit}: p50 ${l.p50} ms, p90 ${l.p90} ms, p99 ${l.p99} ms, p99.9 ${l.p999} ms, max ${l.max} ms, errors ${summary.errors}, achieved ${summary.achievedRate} ${unit}`);
  }
  return results;
}

export const ms = (value) => (value === undefined || value === null ? '–' : Number(value).toFixed(value < 10 ? 2 : 1));

/** The closed-loop table: one row per pass. */
export function closedTable(passes, { unit = 'req/s', what = 'request' } = {}) {
  const rows = passes.map(
    (row) =>
      `| ${PATH_NAMES[row.label]} | ${row.round} | ${row.requestsPerSecond} | ${ms(row.latencyMs.p50)} | ${ms(row.latencyMs.p90)} | ${ms(row.latencyMs.p99)} | ${ms(row.latencyMs.max)} | ${row.non2xx + row.errors} | ${row.cpuMicrosPerRequest?.total ?? '–'} | ${row.cpuMicrosPerRequest?.otherCpus ?? '–'} |`,
  );
  return `| path | pass | ${unit} | p50 ms | p90 ms | p99 ms | max ms | non-2xx + errors | CPU µs/${what} | other load (CPUs) |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}`;
}

/**
 * The CPU table: per path, the mean µs per request of its HTTP process and its service process (`processes`: label →
 * [front, service]), nats-server, PostgreSQL, the generator, the total and the throughput the machine's `cpus` would
 * allow. `extra` names more processes counted in the total, shown in their own column (the full path's event consumers).
 */
export function cpuTable(passes, { processes, cpus, labels = ['full', 'bare', 'floor'], extra = [], unit = 'req/s' }) {
  const extraHeader = extra.map((name) => ` ${name} |`).join('');
  const rows = labels.map((label) => {
    if (!passes.some((row) => row.label === label && row.cpuMicrosPerRequest)) return `| ${label} | (not measured: needs Linux /proc) |`;
    const cell = (name) => String(name === undefined ? '–' : (meanCpu(passes, label, name) ?? '–'));
    const total = meanCpu(passes, label, 'total');
    const [front, service] = processes[label];
    const nats = label === 'bare' ? '–' : cell('nats');
    return `| ${PATH_NAMES[label]} | ${cell(front)} | ${cell(service)} | ${nats} |${extra.map((name) => ` ${cell(name)} |`).join('')} ${cell('postgres')} | ${cell('generator')} | **${total}** | ${Math.round((cpus * 1e6) / total)} |`;
  });
  return `| path | HTTP process | service process | nats-server |${extraHeader} PostgreSQL | generator | total | ceiling ${unit} |
|---|---:|---:|---:|${extra.map(() => '---:|').join('')}---:|---:|---:|---:|
${rows.join('\n')}`;
}

/** The open-loop table: one row per pass. */
export function openTable(open, { unit = 'req/s' } = {}) {
  const rows = open.map(
    (row) =>
      `| ${PATH_NAMES[row.label]} | ${row.rate} | ${row.requests} | ${row.achievedRate} | ${ms(row.latencyMs.p50)} | ${ms(row.latencyMs.p90)} | ${ms(row.latencyMs.p99)} | ${ms(row.latencyMs.p999)} | ${ms(row.latencyMs.max)} | ${row.errors} |`,
  );
  return `| path | rate ${unit} | requests | achieved ${unit} | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | errors |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}`;
}

/**
 * Issue 12's targets as measured in one run: `closed` and `open` passes of the three paths, `rate` the open loop's
 * rate all three sustain, `processes` label → [front, service]. Returns `{ rows, met }`: the rows of a target table
 * (target | measured | met?) and whether all are met (undefined when one could not be measured).
 */
export function issue12Targets({ closed, open, rate, processes, unit = 'req/s' }) {
  const t = ISSUE_12;
  const [full, floor, bare] = ['full', 'floor', 'bare'].map((label) => meanOf(closed, label));
  const p99 = (label) => open.find((row) => row.label === label && row.rate === rate);
  const verdict = (met) => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');
  const ratio = (a, b) => (a === undefined || b === undefined || !b ? undefined : a / b);
  const cell = (value) => (value === undefined ? '–' : `**${value.toFixed(2)}**`);
  const checks = [];
  const row = (target, measured, met) => {
    checks.push(met);
    return `| ${target} | ${measured} | ${verdict(met)} |`;
  };
  const fullFloor = ratio(full, floor);
  const fullBare = ratio(full, bare);
  const [openFull, openFloor] = [p99('full'), p99('floor')];
  const p99Ratio = openFull && openFloor && openFull.errors === 0 ? ratio(openFull.latencyMs.p99, openFloor.latencyMs.p99) : undefined;
  const rows = [
    row(`closed loop: full ≥ ${t.fullOverFloor} × floor throughput`, `${Math.round(full ?? 0)} / ${Math.round(floor ?? 0)} ${unit} = ${cell(fullFloor)}`, fullFloor === undefined ? undefined : fullFloor >= t.fullOverFloor),
    row(`closed loop: full ≥ ${t.fullOverBare} × bare throughput`, `${Math.round(full ?? 0)} / ${Math.round(bare ?? 0)} ${unit} = ${cell(fullBare)}`, fullBare === undefined ? undefined : fullBare >= t.fullOverBare),
    row(
      `open loop at ${rate} ${unit} (all three sustain it): full p99 ≤ ${t.p99OverFloor} × floor p99`,
      `${ms(openFull?.latencyMs.p99)} / ${ms(openFloor?.latencyMs.p99)} ms = ${cell(p99Ratio)}${openFull?.errors ? ` (${openFull.errors} errors)` : ''}`,
      p99Ratio === undefined ? (openFull?.errors ? false : undefined) : p99Ratio <= t.p99OverFloor,
    ),
  ];
  for (const [position, name] of [[0, 'HTTP process'], [1, 'service process']]) {
    const mine = meanCpu(closed, 'full', processes.full[position]);
    const floors = meanCpu(closed, 'floor', processes.floor[position]);
    const r = ratio(mine, floors);
    rows.push(row(`CPU per request, ${name} (${processes.full[position]}): ≤ ${t.cpuOverFloor} × the floor's`, `${mine ?? '–'} / ${floors ?? '–'} µs = ${cell(r)}`, r === undefined ? undefined : r <= t.cpuOverFloor));
  }
  return { rows, met: checks.includes(undefined) ? undefined : checks.every(Boolean) };
}
