// `npm run bench:conventions` (and the last part of `npm run bench`): issue 10, point 7. How long after a call is
// acknowledged does the convention's progress show it, while calls are logged as fast as the gateway takes them,
// and how that delay behaves when the conventions service restarts mid-run.
//
// The system as scripts/bench-campaigns.mjs starts it (scripts/lib/bench-system.mjs: the five built apps, a private
// nats-server, a private database filon_bench_conventions). One organisation signs a convention (its manager creates
// it); each run gets a campaign of that convention (active, targets generated in SQL) and two indicators linked to it,
// `calls_logged` and `companies_contacted`. The volunteers log calls with the campaigns benchmark's driver
// (scripts/lib/call-driver.mjs: closed loop, autocannon) while one more connection polls
// GET /conventions/{id}/progress every BENCH_CONV_POLL_MS as the manager.
//
// Delay of the k-th acknowledged call (201 received at a_k): the first poll sent after a_k that shows
// calls_logged ≥ k, its answer time minus a_k. An upper bound: it over-states the delay by at most one poll interval
// plus one poll's round trip (both reported). It is what someone watching the progress sees; the k-th call counted need
// not be the k-th acknowledged (they overlap at 32+ in flight), which the definition does not need.
//
// Runs: (0) a sweep of the connections (BENCH_CONV_SWEEP) on a warm-up campaign, the smallest count within 10 % of the
// best throughput kept; (1) steady: BENCH_CONV_SECONDS of load; (2) restart: the same, the conventions service stopped
// (SIGTERM, the harness's stop) a third into it and started again BENCH_CONV_OUTAGE_SECONDS after the stop, the load going
// on until a third of BENCH_CONV_SECONDS after the progress caught up (at most 4 × BENCH_CONV_SECONDS). After each
// run the load stops and polling goes on until the progress shows every acknowledged call; then the final values are
// checked against the calls in SQL (nothing lost, nothing counted twice): a difference fails the run.
//
// Writes the "Convention progress" section of bench/RESULTS.md (its reading, below the section, is kept) and
// bench/out/conventions-results.json; logs go to bench/out/conventions-logs/.
//
// Knobs (environment): BENCH_CONV_SECONDS (25), BENCH_CONV_POLL_MS (50), BENCH_CONV_CONNECTIONS (skips the sweep),
// BENCH_CONV_SWEEP (8,16,32,64), BENCH_CONV_SWEEP_SECONDS (5), BENCH_CONV_OUTAGE_SECONDS (5),
// FILON_BENCH_DATABASE_SERVER, NATS_SERVER_BIN.
import { call } from './lib/api-client.mjs';
import { BENCH_DATABASE_SERVER as SERVER, createBenchHarness, expectStatus, machineFacts, prepareBenchmark, runFacts, sleep, writeResultsSection } from './lib/bench-harness.mjs';
import { createOrganisation, startSystem } from './lib/bench-system.mjs';
import { callPlan, closedCallLoop } from './lib/call-driver.mjs';
import { log, ROOT } from './lib/environment.mjs';
import { summarise } from './lib/load.mjs';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';

const SECONDS = Number(process.env.BENCH_CONV_SECONDS ?? 25);
const POLL_MS = Number(process.env.BENCH_CONV_POLL_MS ?? 50);
const FIXED_CONNECTIONS = process.env.BENCH_CONV_CONNECTIONS ? Number(process.env.BENCH_CONV_CONNECTIONS) : undefined;
const SWEEP = (process.env.BENCH_CONV_SWEEP ?? '8,16,32,64').split(',').map(Number);
const SWEEP_SECONDS = Number(process.env.BENCH_CONV_SWEEP_SECONDS ?? 5);
const OUTAGE_SECONDS = Number(process.env.BENCH_CONV_OUTAGE_SECONDS ?? 5);
const TARGET_P99_MS = 2000;
// A campaign's targets: more than a run can call at any rate this machine reaches, so that no target is called twice.
const TARGETS_PER_RUN = Math.max(10_000, 500 * SECONDS);
// How long the progress may take to show every acknowledged call once the load stopped.
const DRAIN_TIMEOUT_MS = 180_000;
const DATABASE = 'filon_bench_conventions';
const DATABASE_URL = `${SERVER}/${DATABASE}`;

const OUT = join(ROOT, 'bench', 'out');
const LOGS = join(OUT, 'conventions-logs');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

await prepareBenchmark();
const { default: pg } = await import('pg');
const { send } = await import('../bench/open-loop.mjs');
const dataset = await import('../bench/campaign-dataset.mjs');

let db; // a pg client on the bench database: targets, and the calls the final values are checked against
const harness = createBenchHarness({ label: 'bench:conventions', logsDir: LOGS, server: SERVER, database: DATABASE, ipc: true, beforeStop: () => db?.end().catch(() => {}) });
const { withAdmin, createDatabase, waitFor, run, trackLoad, stop } = harness;

// ---------------------------------------------------------------------------------------------
// The convention, its campaigns and indicators, through the API.

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

async function createConvention(api, manager, organizationId) {
  const year = Number(today().slice(0, 4));
  return expectStatus(
    call(api, 'POST', '/conventions', manager.token, {
      title: 'Apprentissage dans les métiers de bouche (banc d’essai)',
      reference: 'BENCH-CONV',
      signedOn: today(),
      startsOn: `${year}-01-01`,
      endsOn: `${year + 1}-12-31`,
      parties: [{ organizationId, role: 'signatory' }],
      axes: [{ code: 'A1', title: "Promouvoir l'apprentissage" }],
    }),
    201,
    'creating the convention',
  );
}

/**
 * An active campaign of the convention with `targets` targets (generated in SQL), and its two indicators. The
 * campaigns service learns the convention's parties from its events: until then a conventionId answers 422, retried.
 */
async function conventionCampaign({ api, manager, organizationId, conventionId, name, targets }) {
  let created;
  for (const deadline = Date.now() + 30_000; ; await sleep(250)) {
    created = await call(api, 'POST', '/campaigns', manager.token, { name, conventionId, cooldownDays: 0 });
    if (created.status !== 422 || Date.now() > deadline) break;
  }
  if (created.status !== 201) throw new Error(`creating the campaign "${name}" answered ${created.status}: ${JSON.stringify(created.body)}`);
  const campaign = created.body;
  await expectStatus(call(api, 'PATCH', `/campaigns/${campaign.id}`, manager.token, { status: 'active' }, { 'if-match': `"${campaign.version}"` }), 200, `activating "${name}"`);
  await dataset.addTargets(db, { organizationId, campaignId: campaign.id, count: targets });
  await db.query('VACUUM ANALYZE campaigns.target');
  const indicator = (metric, label) =>
    expectStatus(call(api, 'POST', `/conventions/${conventionId}/indicators`, manager.token, { axisCode: 'A1', label, metric, target: targets, campaignIds: [campaign.id] }), 201, `adding ${metric}`);
  const calls = await indicator('calls_logged', `Appels (${name})`);
  const contacted = await indicator('companies_contacted', `Entreprises contactées (${name})`);
  return { campaignId: campaign.id, indicators: { calls: calls.id, contacted: contacted.id } };
}

const callsInSql = async (campaignId) =>
  (await db.query('SELECT count(*)::int AS calls, count(DISTINCT company_id)::int AS companies FROM campaigns.call WHERE campaign_id = $1', [campaignId])).rows[0];

/**
 * Where each call's delay went, from the rows themselves (transaction start times, now()): its event waiting in the
 * campaigns outbox for the relay (created → published), then for the conventions consumer (published → processed).
 */
async function delayParts(campaignId) {
  const { rows } = await db.query(
    `SELECT count(*)::int AS events,
       percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM o.published_at - o.created_at) * 1000) AS relay,
       percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM p.processed_at - o.published_at) * 1000) AS consumer
     FROM campaigns.outbox_event o JOIN conventions.processed_event p ON p.event_id = o.id AND p.consumer = 'conventions-calls'
     WHERE o.subject = 'events.campaigns.call.logged' AND o.message->'data'->>'campaignId' = $1`,
    [campaignId],
  );
  const [{ events, relay, consumer }] = rows;
  const part = (values) => ({ p50: round(values?.[0]), p99: round(values?.[1]) });
  return { events, relayMs: part(relay), consumerMs: part(consumer) };
}

// ---------------------------------------------------------------------------------------------
// The progress, polled on its own connection.

/**
 * Polls the progress every POLL_MS (one request at a time) until `stop()`; each poll keeps its times, the two values,
 * and `due`: the calls acknowledged at least TARGET_P99_MS before it was sent (`ackedBefore(time)`), which a progress
 * within the target shows.
 */
function pollProgress({ full, conventionId, token, indicators, ackedBefore }) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(full);
  const polls = [];
  let stopped = false;
  const request = { method: 'GET', path: `/api/v1/conventions/${conventionId}/progress`, headers: { authorization: `Bearer ${token}` } };
  const loop = (async () => {
    while (!stopped) {
      const sentAt = performance.now();
      const due = ackedBefore(sentAt - TARGET_P99_MS);
      const { status, body } = await send(agent, target, request, { timeoutMs: 5000, readBody: true });
      const answeredAt = performance.now();
      const value = (id) => body?.indicators?.find((indicator) => indicator.id === id)?.value;
      polls.push({ sentAt, answeredAt, due, status: status ?? 0, calls: status === 200 ? value(indicators.calls) : undefined, contacted: status === 200 ? value(indicators.contacted) : undefined });
      await sleep(Math.max(0, sentAt + POLL_MS - performance.now()));
    }
  })();
  const latest = () => polls.findLast((poll) => poll.status === 200);
  return {
    polls,
    latest,
    stop: async () => {
      stopped = true;
      await loop;
      agent.destroy();
    },
  };
}

/**
 * Each acknowledged call's delay: for the k-th acknowledgement (time acks[k-1]), the first poll sent after it that
 * shows calls_logged ≥ k, answer time minus acknowledgement time. Undefined when no poll ever showed it.
 */
function delaysOf(acks, polls) {
  const answered = polls.filter((poll) => poll.status === 200);
  const delays = new Array(acks.length);
  let p = 0;
  for (let k = 1; k <= acks.length; k++) {
    const ackedAt = acks[k - 1];
    // Both conditions only grow with k: the poll that satisfies them never moves back.
    while (p < answered.length && (answered[p].sentAt < ackedAt || answered[p].calls < k)) p++;
    if (p === answered.length) break;
    delays[k - 1] = answered[p].answeredAt - ackedAt;
  }
  return delays;
}

const round = (ms) => (ms === undefined ? undefined : Math.round(ms));
const distribution = (delays) => {
  const known = delays.filter((delay) => delay !== undefined);
  if (known.length === 0) return { count: delays.length, seen: 0 };
  const s = summarise(known);
  return { count: delays.length, seen: known.length, p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), max: round(s.max), mean: round(s.mean) };
};

// ---------------------------------------------------------------------------------------------
// One run: load, polling, an optional restart of the conventions service, then the drain and the checks.

async function measureRun({ label, system, members, conventionId, connections, restart }) {
  const { full, api, startService, serviceReady } = system;
  const { manager, organization, callers } = members;
  const setup = await conventionCampaign({ api, manager, organizationId: organization.id, conventionId, name: `Run ${label}`, targets: TARGETS_PER_RUN });
  const plan = await callPlan(db, label, [setup.campaignId], callers.slice(0, connections));
  const acks = [];
  /** How many calls were acknowledged before `time` (acks are in time order). */
  const ackedBefore = (time) => {
    let [low, high] = [0, acks.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if (acks[middle] < time) low = middle + 1;
      else high = middle;
    }
    return low;
  };
  const poller = pollProgress({ full, conventionId, token: manager.token, indicators: setup.indicators, ackedBefore });
  await waitFor('the first answer of the progress', async () => poller.latest() !== undefined, 10_000);

  const statuses = {};
  const began = performance.now();
  const events = {};
  const outage = restart
    ? (async () => {
        await sleep((SECONDS * 1000) / 3);
        events.stopAt = performance.now();
        await stop('conventions');
        events.exitedAt = performance.now();
        await sleep(Math.max(0, events.stopAt + OUTAGE_SECONDS * 1000 - performance.now()));
        events.restartAt = performance.now();
        await startService('conventions');
        await serviceReady('conventions');
        events.readyAt = performance.now();
      })()
    : Promise.resolve();
  // The steady run lasts SECONDS. The restart run at least that, and until a third of SECONDS after the progress
  // caught up (a poll after the service is ready showing every call acknowledged TARGET_P99_MS before it), so that
  // the delay is measured back to normal; at most 4 × SECONDS.
  let running;
  const caughtUpPoll = () => (events.readyAt === undefined ? undefined : poller.polls.find((poll) => poll.sentAt >= events.readyAt && poll.status === 200 && poll.calls >= poll.due));
  const longEnough = () => {
    const now = performance.now();
    if (now - began < SECONDS * 1000) return false;
    if (!restart) return true;
    const caughtUp = caughtUpPoll();
    return caughtUp !== undefined && now - caughtUp.answeredAt >= (SECONDS * 1000) / 3;
  };
  const stopper = setInterval(() => longEnough() && running?.stop(), 100);
  const load = await closedCallLoop({
    base: full,
    plan,
    seconds: restart ? SECONDS * 4 : SECONDS,
    connections,
    track: (instance) => {
      trackLoad(instance);
      running = instance;
    },
    onResponse: (status) => {
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 201) acks.push(performance.now());
    },
  });
  clearInterval(stopper);
  const loadEndedAt = performance.now();
  await outage;

  // The calls in flight when the load stopped are stored, their answers never read: the progress must reach the
  // calls stored once no more arrive, however late.
  let stored = await callsInSql(setup.campaignId);
  for (;;) {
    await sleep(1000);
    const now = await callsInSql(setup.campaignId);
    if (now.calls === stored.calls) break;
    stored = now;
  }
  await waitFor(`the progress showing the ${stored.calls} calls of ${label}`, async () => (poller.latest()?.calls ?? 0) >= stored.calls, DRAIN_TIMEOUT_MS);
  const drainedAt = poller.latest().answeredAt;
  await sleep(1000); // a call counted twice would show in the next second
  await poller.stop();
  const final = poller.latest();
  const sql = await callsInSql(setup.campaignId);
  const delays = delaysOf(acks, poller.polls);

  const seconds = (at) => (at === undefined ? undefined : Math.round((at - began) / 100) / 10);
  const result = {
    label,
    connections,
    seconds: SECONDS,
    acknowledged: acks.length,
    loadSeconds: Math.round((loadEndedAt - began) / 100) / 10,
    callsPerSecond: Math.round(acks.length / ((loadEndedAt - began) / 1000)),
    callLatencyMs: load.latencyMs,
    statuses,
    delays: distribution(delays),
    drainAfterLoadMs: round(drainedAt - loadEndedAt),
    polls: { count: poller.polls.length, statuses: countBy(poller.polls, (poll) => poll.status), roundTripMs: distribution(poller.polls.filter((poll) => poll.status === 200).map((poll) => poll.answeredAt - poll.sentAt)) },
    final: { callsLogged: final.calls, companiesContacted: final.contacted, callsInSql: sql.calls, companiesInSql: sql.companies },
  };
  result.parts = await delayParts(setup.campaignId);
  // Nothing lost, nothing counted twice: the indicators against the calls the campaigns service stored; those are
  // the calls acknowledged, at most one in flight per connection when the load stopped, and any the gateway gave up
  // waiting for (504) that the service stored all the same.
  const refused = Object.entries(statuses).reduce((sum, [status, count]) => sum + (status === '201' ? 0 : count), 0);
  result.final.unanswered = sql.calls - acks.length;
  result.final.exact = final.calls === sql.calls && final.contacted === sql.companies && result.final.unanswered >= 0 && result.final.unanswered <= connections + refused;

  if (restart) {
    const phase = (from, to) => distribution(delays.filter((_, k) => acks[k] >= from && acks[k] < to));
    const ackedBeforeRestart = ackedBefore(events.restartAt);
    const afterReady = poller.polls.filter((poll) => poll.status === 200 && poll.sentAt >= events.readyAt);
    const absorbed = afterReady.find((poll) => poll.calls >= ackedBeforeRestart);
    const caughtUp = caughtUpPoll();
    const caughtUpAt = caughtUp?.answeredAt ?? Infinity;
    const valueAtReady = afterReady[0]?.calls;
    result.restart = {
      stoppedAtS: seconds(events.stopAt),
      exitMs: round(events.exitedAt - events.stopAt),
      restartedAtS: seconds(events.restartAt),
      readyAfterRestartMs: round(events.readyAt - events.restartAt),
      phases: {
        before: phase(-Infinity, events.stopAt),
        stopped: phase(events.stopAt, events.restartAt),
        starting: phase(events.restartAt, events.readyAt),
        catchingUp: phase(events.readyAt, caughtUpAt),
        caughtUp: phase(caughtUpAt, Infinity),
      },
      backlogAtReady: valueAtReady === undefined ? undefined : ackedBefore(events.readyAt) - valueAtReady,
      ackedBeforeRestart,
      backlogAbsorbedAfterRestartMs: absorbed ? round(absorbed.answeredAt - events.restartAt) : undefined,
      caughtUpAfterRestartMs: caughtUp ? round(caughtUp.answeredAt - events.restartAt) : undefined,
      // How fast the consumer worked its backlog off: calls counted per second from ready to caught up.
      catchUpCallsPerSecond: caughtUp && valueAtReady !== undefined ? Math.round((caughtUp.calls - valueAtReady) / ((caughtUp.answeredAt - afterReady[0].answeredAt) / 1000)) : undefined,
      pollsFailedDuringOutage: poller.polls.filter((poll) => poll.status !== 200 && poll.sentAt >= events.stopAt && poll.sentAt < events.readyAt).length,
    };
  }
  log(`  ${label}: ${result.acknowledged} calls acknowledged (${result.callsPerSecond}/s, statuses ${JSON.stringify(statuses)}); delay p50 ${result.delays.p50} ms, p95 ${result.delays.p95} ms, p99 ${result.delays.p99} ms, max ${result.delays.max} ms; drain after the load ${result.drainAfterLoadMs} ms`);
  log(`  ${label}: outbox → published ${JSON.stringify(result.parts.relayMs)} ms, published → counted ${JSON.stringify(result.parts.consumerMs)} ms (${result.parts.events} events)`);
  log(`  ${label}: final calls_logged ${final.calls} / calls in SQL ${sql.calls} (acknowledged ${acks.length}, in flight when the load stopped ${result.final.unanswered}); companies_contacted ${final.contacted} / companies in SQL ${sql.companies}: ${result.final.exact ? 'exact' : 'DIFFERENT'}`);
  if (result.restart) log(`  ${label}: restart ${JSON.stringify(result.restart)}`);
  return result;
}

const countBy = (items, key) => items.reduce((counts, item) => ({ ...counts, [key(item)]: (counts[key(item)] ?? 0) + 1 }), {});

/** Throughput at each connection count of SWEEP on the warm-up campaign; the smallest count within 10 % of the best. */
async function sweepConnections({ system, members, conventionId }) {
  const { full, api } = system;
  const { manager, organization, callers } = members;
  const warmup = await conventionCampaign({ api, manager, organizationId: organization.id, conventionId, name: 'Warm-up', targets: TARGETS_PER_RUN });
  const passes = [];
  const pass = async (connections, seconds) => {
    const plan = await callPlan(db, 'warm-up', [warmup.campaignId], callers.slice(0, connections));
    await plan.reset();
    return closedCallLoop({ base: full, plan, seconds, connections, track: trackLoad });
  };
  await pass(FIXED_CONNECTIONS ?? Math.max(...SWEEP), 3);
  if (FIXED_CONNECTIONS === undefined) {
    for (const connections of SWEEP) {
      const { requestsPerSecond, latencyMs, non2xx, errors } = await pass(connections, SWEEP_SECONDS);
      passes.push({ connections, callsPerSecond: requestsPerSecond, p50: latencyMs.p50, p99: latencyMs.p99, failed: non2xx + errors });
      log(`  ${connections} connections: ${requestsPerSecond} calls/s, p50 ${latencyMs.p50} ms, p99 ${latencyMs.p99} ms, non-2xx + errors ${non2xx + errors}`);
    }
  }
  const best = Math.max(...passes.map((p) => p.callsPerSecond));
  const chosen = FIXED_CONNECTIONS ?? passes.find((p) => p.callsPerSecond >= 0.9 * best).connections;
  // The warm-up's events must be counted before a run starts, or their backlog would delay the run's.
  const { indicators } = warmup;
  await waitFor('the warm-up calls being counted', async () => {
    const progress = await call(api, 'GET', `/conventions/${conventionId}/progress`, manager.token);
    const value = progress.body?.indicators?.find((indicator) => indicator.id === indicators.calls)?.value;
    return value === (await callsInSql(warmup.campaignId)).calls;
  }, DRAIN_TIMEOUT_MS);
  return { passes, chosen };
}

// ---------------------------------------------------------------------------------------------
// The run.

async function main() {
  const facts = runFacts();
  const nproc = spawnSync('nproc', { encoding: 'utf8' }).stdout.trim();
  log(`bench:conventions: private database ${DATABASE} and a private nats-server`);
  await createDatabase();
  const postgresVersion = await withAdmin(async (client) => (await client.query('SHOW server_version')).rows[0].server_version);
  const system = await startSystem(harness, { databaseUrl: DATABASE_URL, stateDir: join(OUT, 'conventions-state') });
  db = new pg.Client({ connectionString: DATABASE_URL, application_name: 'bench-conventions-monitor' });
  await db.connect();

  const callerCount = FIXED_CONNECTIONS ?? Math.max(...SWEEP);
  log(`bench:conventions: an organisation, its manager and ${callerCount} volunteers, through the API; a convention it signs`);
  const members = await createOrganisation(system.api, system.admin, { callerCount });
  const convention = await createConvention(system.api, members.manager, members.organization.id);

  log(`bench:conventions: connections ${FIXED_CONNECTIONS === undefined ? `sweep ${SWEEP.join(', ')} (${SWEEP_SECONDS} s each)` : `fixed at ${FIXED_CONNECTIONS}`}`);
  const sweep = await sweepConnections({ system, members, conventionId: convention.id });
  log(`bench:conventions: ${sweep.chosen} connections; ${SECONDS} s per run, progress polled every ${POLL_MS} ms`);
  const context = { system, members, conventionId: convention.id, connections: sweep.chosen };
  const steady = await measureRun({ ...context, label: 'steady', restart: false });
  const restart = await measureRun({ ...context, label: 'restart', restart: true });

  const results = {
    startedAt: facts.startedAt.toISOString(),
    commit: `${facts.commit}${facts.dirty ? ' + uncommitted' : ''}`,
    machine: { ...machineFacts(facts, postgresVersion), nproc },
    durationS: Math.round((Date.now() - facts.startedAt.getTime()) / 1000),
    settings: { seconds: SECONDS, pollMs: POLL_MS, sweepSeconds: SWEEP_SECONDS, outageSeconds: OUTAGE_SECONDS, targetsPerRun: TARGETS_PER_RUN },
    sweep,
    runs: { steady, restart },
  };
  writeFileSync(join(OUT, 'conventions-results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeResultsSection(RESULTS, 'convention-progress', renderResults(results));
  log('bench:conventions: wrote the "Convention progress" section of bench/RESULTS.md and bench/out/conventions-results.json');
  const inexact = [steady, restart].filter((r) => !r.final.exact).map((r) => r.label);
  if (inexact.length > 0) throw new Error(`the final values differ from the calls logged in: ${inexact.join(', ')} (see bench/RESULTS.md)`);
}

// ---------------------------------------------------------------------------------------------
// The section of bench/RESULTS.md.

const cell = (value) => (value === undefined ? '–' : String(value));
const delayRow = (name, d) => `| ${name} | ${d.count} | ${cell(d.p50)} | ${cell(d.p95)} | ${cell(d.p99)} | ${cell(d.max)} |`;

function renderResults(r) {
  const { steady, restart } = r.runs;
  const m = r.machine;
  const met = steady.delays.p99 !== undefined && steady.delays.p99 < TARGET_P99_MS;
  const rs = restart.restart;
  const runRow = (run) =>
    `| ${run.label} | ${run.connections} | ${run.loadSeconds} | ${run.acknowledged} (+${run.final.unanswered}) | ${run.callsPerSecond} | ${cell(run.callLatencyMs.p99)} | ${cell(run.delays.p50)} | ${cell(run.delays.p95)} | ${cell(run.delays.p99)} | ${cell(run.delays.max)} | ${run.drainAfterLoadMs} | ${run.final.callsLogged} / ${run.final.callsInSql} | ${run.final.companiesContacted} / ${run.final.companiesInSql} | ${run.final.exact ? 'yes' : '**no**'} |`;
  const sweepRows = r.sweep.passes.map((p) => `| ${p.connections} | ${p.callsPerSecond} | ${p.p50} | ${p.p99} | ${p.failed} |`);
  return `## Convention progress (issue 10, point 7)

Written by \`npm run bench:conventions\` (scripts/bench-conventions.mjs; last part of \`npm run bench\`) on ${r.startedAt} (UTC), ${r.durationS} s in all;
commit ${r.commit}. Raw figures: bench/out/conventions-results.json.
Machine: ${m.cpus} CPUs (${m.cpuModel}; \`nproc\` ${m.nproc}), ${m.memoryGiB} GiB RAM; Node ${m.node}; PostgreSQL ${m.postgres}; ${m.nats}.
Load average before the run ${m.loadBefore.join(' / ')}, after ${m.loadAfter.join(' / ')} (1 / 5 / 15 min): the load generator, the five apps,
NATS and PostgreSQL share these CPUs with whatever else runs on the machine.

| target | measured | met? |
|---|---|---|
| delay from a logged call to its effect on the progress, p99 < ${TARGET_P99_MS / 1000} s, calls logged as fast as the gateway takes them | p99 ${cell(steady.delays.p99)} ms at ${steady.callsPerSecond} calls/s | ${met ? '**met**' : '**not met**'} |
| conventions service restarted mid-run: every call counted once | calls_logged ${restart.final.callsLogged}, calls stored ${restart.final.callsInSql} (${restart.acknowledged} acknowledged, ${restart.final.unanswered} in flight when the load stopped) | ${restart.final.exact ? '**yes**' : '**no**'} |

| run | connections | load s | calls acknowledged (+ stored, not acknowledged) | calls/s | call p99 ms | delay p50 ms | p95 ms | p99 ms | max ms | progress complete after the load ms | calls_logged / calls stored | companies_contacted / companies called | exact |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
${runRow(steady)}
${runRow(restart)}

Where the delay goes, from the rows (transaction start times): the call's event waits in the campaigns outbox for the relay
(created → published: steady p50 ${cell(steady.parts.relayMs.p50)} ms, p99 ${cell(steady.parts.relayMs.p99)} ms; restart run p50 ${cell(restart.parts.relayMs.p50)} ms, p99 ${cell(restart.parts.relayMs.p99)} ms), then in JetStream for
the conventions consumer (published → counted: steady p50 ${cell(steady.parts.consumerMs.p50)} ms, p99 ${cell(steady.parts.consumerMs.p99)} ms; restart run p50 ${cell(restart.parts.consumerMs.p50)} ms, p99 ${cell(restart.parts.consumerMs.p99)} ms).

Restart run: the conventions service stopped (SIGTERM) at ${rs.stoppedAtS} s (exited ${rs.exitMs} ms later), started again at ${rs.restartedAtS} s, ready
${rs.readyAfterRestartMs} ms after that; ${rs.pollsFailedDuringOutage} polls failed meanwhile. Delay of the calls acknowledged in each phase:

| calls acknowledged | calls | delay p50 ms | p95 ms | p99 ms | max ms |
|---|---:|---:|---:|---:|---:|
${delayRow('before the stop', rs.phases.before)}
${delayRow('while the service was stopped', rs.phases.stopped)}
${delayRow('restarted, not yet ready', rs.phases.starting)}
${delayRow('ready, the progress catching up', rs.phases.catchingUp)}
${delayRow('after it caught up', rs.phases.caughtUp)}

Catch-up: ${cell(rs.backlogAtReady)} calls acknowledged were not yet counted when the service was ready again. The progress showed the
${rs.ackedBeforeRestart} calls acknowledged before the restart ${cell(rs.backlogAbsorbedAfterRestartMs)} ms after the restart, and caught up (a poll showing every
call acknowledged ${TARGET_P99_MS / 1000} s or more before it) ${cell(rs.caughtUpAfterRestartMs)} ms after the restart; from ready to caught up the consumer
counted ${cell(rs.catchUpCallsPerSecond)} calls/s (the calls went on arriving at ${restart.callsPerSecond}/s).

Connections (closed loop on a warm-up campaign of the same convention, ${r.settings.sweepSeconds} s each; the smallest count within 10 % of the best
throughput is used${FIXED_CONNECTIONS === undefined ? '' : `; fixed at ${FIXED_CONNECTIONS} by BENCH_CONV_CONNECTIONS`}):

| connections | calls/s | call p50 ms | call p99 ms | non-2xx + errors |
|---:|---:|---:|---:|---:|
${sweepRows.join('\n')}

**Method.** One organisation signs a convention (its manager creates it through the API); each run has its own active campaign
of that convention (${r.settings.targetsPerRun} targets generated in SQL, each called at most once) and two indicators linked to it
(\`calls_logged\`, \`companies_contacted\`). The volunteers log calls through the gateway with the campaigns benchmark's driver
(closed loop, autocannon, ${steady.connections} connections, ${r.settings.seconds} s; the restart run goes on until ${Math.round(r.settings.seconds / 3)} s after the progress caught up,
at most ${4 * r.settings.seconds} s; each 201's arrival time recorded) while one more
connection reads \`GET /conventions/{id}/progress\` as the manager every ${r.settings.pollMs} ms (one request at a time). The delay of the
k-th acknowledged call is the answer time of the first poll sent after its acknowledgement that shows \`calls_logged\` ≥ k, minus the
acknowledgement time: it over-states the true delay by at most one poll interval (${r.settings.pollMs} ms) plus one poll's round trip
(p50 ${cell(steady.polls.roundTripMs.p50)} ms, p99 ${cell(steady.polls.roundTripMs.p99)} ms in the steady run). When the load stops, the calls then in flight (one per connection at most) are stored
but their answers are not read (and a call the gateway answered 504 may be stored all the same); once the count of stored calls stays the same for a second, the polls go on until the progress shows
them all ("progress complete after the load"), then a second more. The final values are checked against the calls stored in
\`campaigns.call\` (calls and distinct companies; a difference fails the run). The restart run stops the conventions service a third into the load and starts it
again ${r.settings.outageSeconds} s after the stop: the calls go on being logged and their events wait in JetStream for the durable
consumer \`conventions-calls\`.
`;
}

await run(main);
