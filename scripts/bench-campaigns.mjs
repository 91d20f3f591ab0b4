// `npm run bench:campaigns` (and the third part of `npm run bench`): the campaign benchmarks of issue 9, point 9, in one run.
//  1. Call logging: POST /api/v1/campaigns/{id}/calls through the whole system (gateway → NATS → campaigns
//     service → PostgreSQL; Idempotency-Key on every request, outbox included) against the same statements
//     (bench/campaign-writes.mjs) run by one bare Fastify + pg process (bench/campaign-bare-server.mjs) and by the
//     floor, the same hops with no framework (bench/floor-hops.mjs gateway|service campaigns), measured like
//     `npm run bench:read` (scripts/lib/path-comparison.mjs: issue 12's targets). Closed loop at
//     BENCH_CALL_CONNECTIONS connections, each request a different caller's call on the target it holds, in two
//     cases: spread (the callers over BENCH_CALL_CAMPAIGNS campaigns) and hot (all of them in one campaign: every
//     call updates the same rollup rows); then an open loop at a rate all three sustain.
//  2. Claims: BENCH_CLAIM_CALLERS callers at BENCH_CLAIM_RATE claims/s (open loop); each caller logs a call on
//     what it was handed a moment later, as a volunteer does. Claim p99 of the full path against the bare
//     claim statement at the same rate, and every claim checked in SQL: no company handed to two callers at once.
//  3. Dashboards: GET /api/v1/campaigns/{id}/dashboard on a campaign of BENCH_DASHBOARD_CALLS calls and
//     BENCH_DASHBOARD_TARGETS targets against one of BENCH_DASHBOARD_SMALL_CALLS calls (generated in SQL by
//     bench/campaign-dataset.mjs, rollups included): p95 ratio.
// Writes bench/CAMPAIGNS-RESULTS.md (its hand-written analysis is kept) and bench/out/campaigns-results.json;
// logs and profiles go to bench/out/ (git-ignored).
//
// Private database (filon_bench_campaigns, recreated and dropped) and private nats-server on a free port, like
// scripts/bench.mjs; every process it starts is stopped at the end, on failure and on Ctrl-C.
//
// Knobs (environment): BENCH_SECONDS (15, per pass), BENCH_WARMUP_SECONDS (3), BENCH_CALL_CONNECTIONS (64),
// BENCH_CALL_CAMPAIGNS (16), BENCH_CALL_RATE (open loop; default half the slower path's spread throughput),
// BENCH_CLAIM_CALLERS (200), BENCH_CLAIM_RATE (25: each caller claims every 8 s, a rate the full path sustains here), BENCH_DASHBOARD_CALLS (1000000), BENCH_DASHBOARD_TARGETS
// (100000), BENCH_DASHBOARD_SMALL_CALLS (10000), BENCH_DASHBOARD_REQUESTS (400), BENCH_DASHBOARD_CONCURRENCY (4),
// BENCH_PARTS (calls,claims,dashboards), BENCH_CALL_CASES (spread,hot), BENCH_PROFILE (1), FILON_BENCH_DATABASE_SERVER,
// NATS_SERVER_BIN; `--calls` (npm run bench:calls) means BENCH_PARTS=calls BENCH_CALL_CASES=spread BENCH_PROFILE=0.
// The sections of parts a run leaves out are kept from bench/CAMPAIGNS-RESULTS.md as the last run wrote them.
import { call } from './lib/api-client.mjs';
import { ANALYSIS_MARKER, BENCH_DATABASE_SERVER as SERVER, createBenchHarness, freePort, machineFacts, prepareBenchmark, runFacts, sleep, writeResults } from './lib/bench-harness.mjs';
import { createOrganisation, startSystem } from './lib/bench-system.mjs';
import { callBody, callPlan, closedCallLoop as driveCalls } from './lib/call-driver.mjs';
import { cpuPerRequest, cpuSnapshot, tell } from './lib/cpu-meter.mjs';
import { log, ROOT } from './lib/environment.mjs';
import { summarise, timed } from './lib/load.mjs';
import { closedPasses, closedTable, cpuTable, issue12Targets, meanOf, ms, openPasses, openTable, PATH_NAMES } from './lib/path-comparison.mjs';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CALL_CONNECTIONS = Number(process.env.BENCH_CALL_CONNECTIONS ?? 64);
const CALL_CAMPAIGNS = Number(process.env.BENCH_CALL_CAMPAIGNS ?? 16);
const CALL_RATE = process.env.BENCH_CALL_RATE ? Number(process.env.BENCH_CALL_RATE) : undefined;
const CLAIM_CALLERS = Number(process.env.BENCH_CLAIM_CALLERS ?? 200);
const CLAIM_RATE = Number(process.env.BENCH_CLAIM_RATE ?? 25);
const DASHBOARD_CALLS = Number(process.env.BENCH_DASHBOARD_CALLS ?? 1_000_000);
const DASHBOARD_TARGETS = Number(process.env.BENCH_DASHBOARD_TARGETS ?? 100_000);
const DASHBOARD_SMALL_CALLS = Number(process.env.BENCH_DASHBOARD_SMALL_CALLS ?? 10_000);
const DASHBOARD_REQUESTS = Number(process.env.BENCH_DASHBOARD_REQUESTS ?? 400);
const DASHBOARD_CONCURRENCY = Number(process.env.BENCH_DASHBOARD_CONCURRENCY ?? 4);
// `--calls` (npm run bench:calls): the call-logging comparison only, spread case, no profile; the other parts' sections are kept.
const CALLS_ONLY = process.argv.includes('--calls');
const list = (value) => new Set(value.split(',').map((part) => part.trim()));
const PARTS = list(process.env.BENCH_PARTS ?? (CALLS_ONLY ? 'calls' : 'calls,claims,dashboards'));
const CALL_CASES = list(process.env.BENCH_CALL_CASES ?? (CALLS_ONLY ? 'spread' : 'spread,hot'));
const PROFILE = (process.env.BENCH_PROFILE ?? (CALLS_ONLY ? '0' : '1')) !== '0';
// Targets each caller calls in the call passes: more than any pass can log, so that no call finds its target used.
const TARGETS_PER_CALLER = Number(process.env.BENCH_CALL_TARGETS_PER_CALLER ?? 1000);
// The callers whose names the generated dashboard calls carry.
const DASHBOARD_CALLERS = 20;
const DATABASE = 'filon_bench_campaigns';
const DATABASE_URL = `${SERVER}/${DATABASE}`;
const TARGETS = { callThroughput: 0.5, callP99: 3, claimP99: 3, dashboardP95: 1.5 };

const OUT = join(ROOT, 'bench', 'out');
const LOGS = join(OUT, 'campaigns-logs');
const PROFILES = join(OUT, 'campaigns-profiles');
const RESULTS = join(ROOT, 'bench', 'CAMPAIGNS-RESULTS.md');

await prepareBenchmark();
const { default: pg } = await import('pg');
const { openLoop, send } = await import('../bench/open-loop.mjs');
const { profileTables, summariseProfile } = await import('../bench/cpuprofile.mjs');
const dataset = await import('../bench/campaign-dataset.mjs');

let db; // a pg client on the bench database: data, checks, CPU of PostgreSQL's backends
const harness = createBenchHarness({
  label: 'bench:campaigns',
  logsDir: LOGS,
  server: SERVER,
  database: DATABASE,
  ipc: true,
  profilesDir: PROFILES,
  beforeStop: () => db?.end().catch(() => {}),
});
const { processes, start, withAdmin, createDatabase, waitFor, run, trackLoad, interrupted } = harness;

/** The processes that serve each path, whose CPU counts per request (the full path's consumers of call.logged included). */
const PATH_CPU_PROCESSES = { full: ['gateway', 'campaigns', 'nats', 'conventions', 'companies'], floor: ['floor-gateway', 'floor-service', 'nats'], bare: ['bare'] };
/** The processes of each path in the CPU table's two columns: the one HTTP reaches, and the service behind NATS. */
const PATH_PROCESSES = { full: ['gateway', 'campaigns'], floor: ['floor-gateway', 'floor-service'], bare: ['bare', undefined] };

/** A closed loop of call logging on `plan` through `base` at CALL_CONNECTIONS connections (scripts/lib/call-driver.mjs). */
const closedCallLoop = (base, plan, seconds) => driveCalls({ base, plan, seconds, connections: CALL_CONNECTIONS, track: trackLoad });

/** Waits until the campaigns service's relay has published every event (the previous pass's work must not run into the next). */
const outboxDrained = () =>
  waitFor('the outbox draining', async () => (await db.query('SELECT count(*)::int AS n FROM campaigns.outbox_event WHERE published_at IS NULL')).rows[0].n === 0, 180_000);

async function backlog() {
  return (await db.query('SELECT count(*)::int AS n FROM campaigns.outbox_event WHERE published_at IS NULL')).rows[0].n;
}

// ---------------------------------------------------------------------------------------------
// 1. Call logging.

/**
 * One call through each path on a fresh target of its own plan, and their answers compared: same status, same
 * fields, same values but for the ids and times (the bench refuses to measure paths that do not do the same thing).
 */
async function sameAnswers(bases, plans) {
  const answers = {};
  for (const [label, base] of bases) {
    const plan = plans[label];
    const caller = plan.callers[0];
    const companyId = plan.targets.get(caller.id).at(-1);
    const body = { companyId, outcome: 'offer', notes: 'Même réponse partout ?', durationSeconds: 42, offers: [{ title: 'Apprenti boulanger', contractType: 'apprenticeship', positions: 1, romeCode: 'D1102' }] };
    const answer = await call(`${base}/api/v1`, 'POST', `/campaigns/${plan.campaignOf.get(caller.id)}/calls`, caller.token, body, { 'idempotency-key': randomUUID() });
    const varying = new Set(['id', 'campaignId', 'companyId', 'companyName', 'calledAt', 'createdAt', 'updatedAt', 'callId', 'campaignName']);
    const shape = (value) =>
      Array.isArray(value) ? value.map(shape) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, varying.has(k) ? typeof v : shape(v)])) : value;
    answers[label] = { status: answer.status, body: shape(answer.body) };
  }
  const [first, ...others] = Object.entries(answers);
  for (const [label, answer] of others) {
    if (JSON.stringify(answer) !== JSON.stringify(first[1])) throw new Error(`the ${label} path does not answer a call like the ${first[0]} path:\n${JSON.stringify(first[1])}\n${JSON.stringify(answer)}`);
  }
}

async function benchCalls({ full, floor, bare, callers, organizationId, managerId, fullReady }) {
  const connections = callers.slice(0, CALL_CONNECTIONS);
  log(`bench:campaigns: call logging data (${CALL_CONNECTIONS} callers × ${TARGETS_PER_CALLER} targets, cases ${[...CALL_CASES].join(', ')})`);
  const paths = [['full', full], ['floor', floor], ['bare', bare]].filter(([path]) => path !== 'full' || fullReady);
  const plans = {};
  for (const [path] of paths) {
    for (const scenario of CALL_CASES) {
      const count = scenario === 'spread' ? CALL_CAMPAIGNS : 1;
      const campaignIds = [];
      for (let i = 0; i < count; i++) {
        const campaignId = await dataset.createCampaign(db, { organizationId, createdBy: managerId, name: `Calls ${path} ${scenario} ${i + 1}`, cooldownDays: 0 });
        const holders = connections.filter((_, k) => k % count === i).length;
        await dataset.addTargets(db, { organizationId, campaignId, count: holders * TARGETS_PER_CALLER });
        campaignIds.push(campaignId);
      }
      plans[`${path}-${scenario}`] = await callPlan(db, `${path}-${scenario}`, campaignIds, connections);
    }
  }
  await db.query('VACUUM ANALYZE');
  const [firstCase] = CALL_CASES;
  await sameAnswers(paths, Object.fromEntries(paths.map(([path]) => [path, plans[`${path}-${firstCase}`]])));

  const cases = {};
  let rate;
  for (const scenario of CALL_CASES) {
    const planOf = (path) => plans[`${path}-${scenario}`];
    const prepare = async (path) => {
      await planOf(path).reset();
      await outboxDrained();
    };
    log(`bench:campaigns: calls (${scenario}), closed loop at ${CALL_CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then 2 × ${SECONDS} s each, interleaved`);
    const closed = await closedPasses({
      paths,
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      unit: 'calls/s',
      what: 'call',
      prepare,
      drive: async (path, base, seconds) => {
        const summary = await closedCallLoop(base, planOf(path), seconds);
        summary.outboxBacklogAtEnd = path === 'full' ? await backlog() : 0;
        return summary;
      },
      meter: { monitor: db, processes, database: DATABASE, of: PATH_CPU_PROCESSES },
    });
    const throughput = Object.fromEntries(paths.map(([path]) => [path, meanOf(closed, path)]));
    // Open loop at a rate all three sustain: half the slowest one's throughput in the first case (issue 12: half the full path's).
    rate ??= CALL_RATE ?? Math.max(10, Math.floor(Math.min(...Object.values(throughput)) / 2 / 10) * 10);
    log(`bench:campaigns: calls (${scenario}), open loop at ${rate} calls/s, ${WARMUP_SECONDS} s warm-up then ${SECONDS} s each`);
    const open = await openPasses({
      passes: paths.map(([path, base]) => [path, base, rate]),
      seconds: SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      openLoop,
      unit: 'calls/s',
      prepare,
      options: (path, base) => ({ url: base, rate, connections: CALL_CONNECTIONS * 4, request: () => planOf(path).nextCall(), ok: (status) => status === 201, signal: interrupted }),
    });
    cases[scenario] = { closed, throughput, open };
  }

  // Where the full path's time goes: one more pass of the first case with the profiler on in the gateway and the service.
  let profiles;
  let profiledPass;
  if (fullReady && PROFILE) {
    log(`bench:campaigns: profiling the gateway and the campaigns service during a ${SECONDS} s ${firstCase} pass`);
    const plan = plans[`full-${firstCase}`];
    await plan.reset();
    await outboxDrained();
    const profiled = ['gateway', 'campaigns'];
    await Promise.all(profiled.map((name) => tell(processes.get(name), 'profile:start', 'profile:started')));
    profiledPass = await closedCallLoop(full, plan, SECONDS);
    await Promise.all(profiled.map((name) => tell(processes.get(name), 'profile:stop', 'profile:written')));
    profiles = Object.fromEntries(profiled.map((name) => [name, summariseProfile(join(PROFILES, `${name}.cpuprofile`), ROOT)]));
  }

  // The rollups each path kept up under concurrent logging, against their recomputation from the calls.
  await outboxDrained();
  const rollupChecks = {};
  for (const [key, plan] of Object.entries(plans)) {
    let differences = 0;
    for (const campaignId of plan.campaignIds) differences += (await dataset.checkRollups(db, campaignId)).length;
    rollupChecks[key] = { campaigns: plan.campaignIds.length, differences };
  }
  return { connections: CALL_CONNECTIONS, campaigns: CALL_CAMPAIGNS, cases, rate, profiledPass, profiles, rollupChecks };
}

// ---------------------------------------------------------------------------------------------
// 2. Claims.

/**
 * Open loop of claims on `campaignId` through `base`: request i is caller i mod CLAIM_CALLERS asking for a target.
 * Each caller then holds what it got for a moment and logs a call on it (outside the measured latencies), so that
 * the next claim finds it gone, as in a real session. Every claim is recorded with when it was surely held: from
 * its answer to the moment its call was sent.
 */
async function claimPass(base, campaignId, callers, seconds, records) {
  const period = (CLAIM_CALLERS / CLAIM_RATE) * 1000;
  const holdMs = Math.min(1000, period / 2);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(base);
  const held = new Map(); // caller id → claim id it holds
  const calls = [];
  const callStatuses = {};
  let repeated = 0;
  let empty = 0;
  const logCall = async (caller, record) => {
    record.endedAt = Date.now();
    const began = performance.now();
    const headers = { authorization: `Bearer ${caller.token}`, 'idempotency-key': randomUUID() };
    const { status } = await send(agent, target, { method: 'POST', path: `/api/v1/campaigns/${campaignId}/calls`, headers, body: callBody(record.companyId) });
    record.callStatus = status ?? 0;
    callStatuses[record.callStatus] = (callStatuses[record.callStatus] ?? 0) + 1;
    calls.push(performance.now() - began);
    held.delete(caller.id);
  };
  const pending = [];
  const result = await openLoop({
    url: base,
    rate: CLAIM_RATE,
    durationMs: seconds * 1000,
    connections: CLAIM_CALLERS * 2,
    signal: interrupted,
    ok: (status) => status === 201 || status === 204,
    request: (i) => ({ method: 'POST', path: `/api/v1/campaigns/${campaignId}/claims`, headers: { authorization: `Bearer ${callers[i % CLAIM_CALLERS].token}` } }),
    onResponse: (i, status, body) => {
      const caller = callers[i % CLAIM_CALLERS];
      if (status === 204) empty++;
      if (status !== 201 || !body?.claim) return;
      if (held.get(caller.id) === body.claim.id) {
        repeated++; // the caller still held it (its call not yet logged): the same claim back, as the contract says
        return;
      }
      held.set(caller.id, body.claim.id);
      const record = { callerId: caller.id, claimId: body.claim.id, companyId: body.target.company.id, claimedAt: Date.now() };
      records.push(record);
      pending.push(sleep(holdMs).then(() => logCall(caller, record)));
    },
  });
  await Promise.all(pending);
  agent.destroy();
  const sorted = calls.sort((a, b) => a - b);
  const at = (q) => Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0) * 100) / 100;
  return { ...result, repeated, empty, holdMs, calls: { count: calls.length, statuses: callStatuses, p50: at(0.5), p99: at(0.99) } };
}

/** Double claims of `campaignId` among `records`, checked in SQL against each other and against the calls logged. */
async function checkClaims(campaignId, records) {
  await db.query('CREATE TABLE IF NOT EXISTS bench_bare.claim_record (campaign_id uuid, caller_id uuid, claim_id uuid, company_id uuid, claimed_at timestamptz, ended_at timestamptz, call_status int)');
  for (let i = 0; i < records.length; i += 1000) {
    const batch = records.slice(i, i + 1000);
    await db.query(
      `INSERT INTO bench_bare.claim_record (campaign_id, caller_id, claim_id, company_id, claimed_at, ended_at, call_status)
       SELECT $1, caller_id, claim_id, company_id, to_timestamp(claimed_ms / 1000), to_timestamp(ended_ms / 1000), call_status
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::float8[], $6::float8[], $7::int[]) AS r(caller_id, claim_id, company_id, claimed_ms, ended_ms, call_status)`,
      [campaignId, batch.map((r) => r.callerId), batch.map((r) => r.claimId), batch.map((r) => r.companyId), batch.map((r) => r.claimedAt), batch.map((r) => r.endedAt ?? r.claimedAt), batch.map((r) => r.callStatus ?? 0)],
    );
  }
  const one = async (sql) => (await db.query(sql, [campaignId])).rows[0].n;
  return {
    claims: records.length,
    // Two different claims of one company whose held intervals overlap: two callers at once.
    overlapping: await one(`SELECT count(*)::int AS n FROM bench_bare.claim_record a JOIN bench_bare.claim_record b
      ON a.campaign_id = b.campaign_id AND a.company_id = b.company_id AND a.claim_id < b.claim_id AND a.claimed_at < b.ended_at AND b.claimed_at < a.ended_at
      WHERE a.campaign_id = $1`),
    // Every claim was followed by a call that makes the company unavailable for hours: a company handed out twice was handed out wrongly.
    companiesClaimedTwice: await one(`SELECT count(*)::int AS n FROM (SELECT company_id FROM bench_bare.claim_record WHERE campaign_id = $1 GROUP BY company_id HAVING count(DISTINCT claim_id) > 1) x`),
    // The calls table agrees: one call per claimed company, by the caller who held it.
    claimsWithoutTheirCall: await one(`SELECT count(*)::int AS n FROM bench_bare.claim_record r WHERE r.campaign_id = $1 AND NOT EXISTS
      (SELECT 1 FROM campaigns.call c WHERE c.campaign_id = r.campaign_id AND c.company_id = r.company_id AND c.caller_id = r.caller_id)`),
    companiesCalledTwice: await one(`SELECT count(*)::int AS n FROM (SELECT company_id FROM campaigns.call WHERE campaign_id = $1 GROUP BY company_id HAVING count(*) > 1) x`),
    callsRefused: await one(`SELECT count(*)::int AS n FROM bench_bare.claim_record WHERE campaign_id = $1 AND call_status <> 201`),
  };
}

async function benchClaims({ full, bare, callers, organizationId, managerId, fullReady }) {
  const claimers = callers.slice(0, CLAIM_CALLERS);
  const targets = Math.max(20_000, Math.ceil(CLAIM_RATE * (SECONDS + WARMUP_SECONDS) * 1.5));
  log(`bench:campaigns: claims, ${CLAIM_CALLERS} callers at ${CLAIM_RATE} claims/s (open loop), campaigns of ${targets} targets`);
  const passes = [];
  for (const [path, base] of [['full', full], ['bare', bare]].filter(([path]) => path === 'bare' || fullReady)) {
    const campaignId = await dataset.createCampaign(db, { organizationId, createdBy: managerId, name: `Claims ${path}` });
    await dataset.addTargets(db, { organizationId, campaignId, count: targets });
    await db.query('VACUUM ANALYZE campaigns.target');
    await outboxDrained();
    const records = [];
    await claimPass(base, campaignId, claimers, WARMUP_SECONDS, records);
    const pass = { path, campaignId, ...(await claimPass(base, campaignId, claimers, SECONDS, records)) };
    pass.check = await checkClaims(campaignId, records);
    passes.push(pass);
    const l = pass.latencyMs;
    log(`  ${path}: claim p50 ${l.p50} ms, p99 ${l.p99} ms, errors ${pass.errors} ${JSON.stringify(pass.statuses)}; calls p99 ${pass.calls.p99} ms ${JSON.stringify(pass.calls.statuses)}; check ${JSON.stringify(pass.check)}`);
  }
  return { callers: CLAIM_CALLERS, rate: CLAIM_RATE, passes };
}

// ---------------------------------------------------------------------------------------------
// 3. Dashboards.

async function benchDashboards({ api, managerToken, callers, organizationId, managerId }) {
  const callerIds = callers.slice(0, DASHBOARD_CALLERS).map((caller) => caller.id);
  const sizes = [
    { label: 'small', targets: Math.max(100, Math.round(DASHBOARD_SMALL_CALLS / 10)), calls: DASHBOARD_SMALL_CALLS },
    { label: 'large', targets: DASHBOARD_TARGETS, calls: DASHBOARD_CALLS },
  ];
  for (const size of sizes) {
    const began = performance.now();
    size.campaignId = await dataset.createCampaign(db, { organizationId, createdBy: managerId, name: `Dashboard ${size.label}`, goal: size.targets });
    await dataset.addTargets(db, { organizationId, campaignId: size.campaignId, count: size.targets });
    await dataset.generateCalls(db, { campaignId: size.campaignId, calls: size.calls, callerIds });
    size.generationS = Math.round((performance.now() - began) / 100) / 10;
    size.rollupDifferences = (await dataset.checkRollups(db, size.campaignId)).length;
    log(`  ${size.label}: ${size.calls} calls on ${size.targets} targets generated in ${size.generationS} s (rollup differences: ${size.rollupDifferences})`);
  }
  await db.query('VACUUM ANALYZE');
  for (const size of sizes) {
    const answer = await call(api, 'GET', `/campaigns/${size.campaignId}/dashboard`, managerToken);
    size.status = answer.status;
    size.sample = answer.body;
  }
  if (sizes.some((size) => size.status !== 200)) return { sizes, skipped: `GET /campaigns/{id}/dashboard answered ${sizes.map((s) => s.status).join(' and ')}` };

  log(`bench:campaigns: dashboards, ${DASHBOARD_REQUESTS} requests per size at concurrency ${DASHBOARD_CONCURRENCY}, in four interleaved blocks`);
  const get = (campaignId) => async () => {
    const answer = await call(api, 'GET', `/campaigns/${campaignId}/dashboard`, managerToken);
    if (answer.status !== 200) throw new Error(`dashboard answered ${answer.status}`);
  };
  for (const size of sizes) await timed(20, DASHBOARD_CONCURRENCY, get(size.campaignId));
  for (const size of sizes) size.latencies = [];
  for (let block = 0; block < 2; block++) {
    for (const size of sizes) {
      const before = await cpuSnapshot(db, processes, DATABASE);
      size.latencies.push(...(await timed(DASHBOARD_REQUESTS / 2, DASHBOARD_CONCURRENCY, get(size.campaignId))));
      const cpu = cpuPerRequest(before, await cpuSnapshot(db, processes, DATABASE), DASHBOARD_REQUESTS / 2, ['gateway', 'campaigns', 'nats']);
      (size.cpu ??= []).push(cpu);
    }
  }
  for (const size of sizes) {
    size.summary = summarise(size.latencies);
    delete size.latencies;
  }
  const ratio = sizes[1].summary.p95 / sizes[0].summary.p95;
  log(`  dashboard p95: small ${sizes[0].summary.p95.toFixed(2)} ms, large ${sizes[1].summary.p95.toFixed(2)} ms, ratio ${ratio.toFixed(2)}`);

  let profile;
  if (ratio > TARGETS.dashboardP95) {
    log('bench:campaigns: profiling the campaigns service on the large dashboard');
    await tell(processes.get('campaigns'), 'profile:start', 'profile:started');
    await timed(DASHBOARD_REQUESTS / 2, DASHBOARD_CONCURRENCY, get(sizes[1].campaignId));
    await tell(processes.get('campaigns'), 'profile:stop', 'profile:written');
    profile = summariseProfile(join(PROFILES, 'campaigns.cpuprofile'), ROOT);
  }
  return { sizes, ratio, profile };
}

// ---------------------------------------------------------------------------------------------
// The run.

async function main() {
  const facts = runFacts();
  log(`bench:campaigns: private database ${DATABASE} and a private nats-server`);
  await createDatabase();
  const postgresVersion = await withAdmin(async (client) => (await client.query('SHOW server_version')).rows[0].server_version);
  const { admin, full, api, natsUrl } = await startSystem(harness, { databaseUrl: DATABASE_URL, stateDir: join(OUT, 'campaigns-state'), profilesDir: PROFILES });
  const [barePort, floorPort] = [await freePort(), await freePort()];

  db = new pg.Client({ connectionString: DATABASE_URL, application_name: 'bench-campaigns-monitor' });
  await db.connect();
  // The bare process's outbox: the same table, where the service's relay does not look.
  await db.query('CREATE SCHEMA bench_bare');
  await db.query('CREATE TABLE bench_bare.outbox_event (LIKE campaigns.outbox_event INCLUDING ALL)');

  const callerCount = Math.max(PARTS.has('calls') ? CALL_CONNECTIONS : 0, PARTS.has('claims') ? CLAIM_CALLERS : 0, DASHBOARD_CALLERS);
  log(`bench:campaigns: an organisation, its manager and ${callerCount} volunteers, through the API`);
  const { organization, manager, callers } = await createOrganisation(api, admin, { callerCount });

  start('bare', process.execPath, [join(ROOT, 'bench', 'campaign-bare-server.mjs')], { DATABASE_URL, PORT: String(barePort) });
  const bare = `http://127.0.0.1:${barePort}`;
  await waitFor('the bare server answering', async () => (await fetch(`${bare}/health`)).ok, 15_000);
  const floorScript = join(ROOT, 'bench', 'floor-hops.mjs');
  start('floor-service', process.execPath, [floorScript, 'service', 'campaigns'], { DATABASE_URL, NATS_URL: natsUrl });
  start('floor-gateway', process.execPath, [floorScript, 'gateway', 'campaigns'], { NATS_URL: natsUrl, PORT: String(floorPort) });
  const floor = `http://127.0.0.1:${floorPort}`;
  await waitFor('the floor pair answering', async () => (await fetch(`${floor}/health`)).ok, 15_000);

  // Which campaign routes the full path has: a part without them measures the bare process only.
  const probe = await dataset.createCampaign(db, { organizationId: organization.id, createdBy: manager.id, name: 'Probe' });
  const routes = {
    calls: (await call(api, 'POST', `/campaigns/${probe}/calls`, callers[0].token, {})).status,
    claims: (await call(api, 'POST', `/campaigns/${probe}/claims`, callers[0].token)).status,
    dashboard: (await call(api, 'GET', `/campaigns/${probe}/dashboard`, manager.token)).status,
  };
  log(`bench:campaigns: the full path answers ${JSON.stringify(routes)} (404: not there yet)`);
  const context = { full, floor, bare, api, callers, organizationId: organization.id, managerId: manager.id, managerToken: manager.token };

  const results = {
    startedAt: facts.startedAt.toISOString(),
    commit: `${facts.commit}${facts.dirty ? ' + uncommitted' : ''}`,
    settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, parts: [...PARTS].join(','), callCases: [...CALL_CASES].join(','), command: CALLS_ONLY ? 'npm run bench:calls' : 'npm run bench:campaigns' },
    routes,
  };
  // The results so far are written after each part: a run that fails later keeps what it measured.
  const save = () => {
    results.machine = machineFacts(facts, postgresVersion);
    results.durationS = Math.round((Date.now() - facts.startedAt.getTime()) / 1000);
    writeFileSync(join(OUT, 'campaigns-results.json'), `${JSON.stringify(results, null, 2)}\n`);
    writeResults(RESULTS, renderResults(results));
    log('bench:campaigns: wrote bench/CAMPAIGNS-RESULTS.md and bench/out/campaigns-results.json');
  };
  if (PARTS.has('calls')) {
    results.calls = await benchCalls({ ...context, fullReady: routes.calls !== 404 });
    save();
  }
  if (PARTS.has('claims')) {
    results.claims = await benchClaims({ ...context, fullReady: routes.claims !== 404 && routes.calls !== 404 });
    save();
  }
  if (PARTS.has('dashboards')) {
    results.dashboards = routes.dashboard === 404 ? { skipped: 'GET /campaigns/{id}/dashboard is not there yet' } : await benchDashboards(context);
    save();
  }
}

// ---------------------------------------------------------------------------------------------
// bench/CAMPAIGNS-RESULTS.md

const ratioCell = (value) => (value === undefined || Number.isNaN(value) ? '–' : `**${value.toFixed(2)}**`);
const verdict = (met) => (met === undefined ? 'not measured' : met ? '**met**' : '**not met**');

/** One case of the call-logging comparison, in the tables of bench/RESULTS.md (scripts/lib/path-comparison.mjs), plus issue 9's targets. */
function renderCallCase(c, scenario, { rate, cpus }) {
  const { closed, open, throughput } = c.cases[scenario];
  const p99 = (path) => open.find((row) => row.label === path)?.latencyMs.p99;
  const bareRatio = throughput.full === undefined ? undefined : throughput.full / throughput.bare;
  const p99Ratio = p99('full') === undefined ? undefined : p99('full') / p99('bare');
  const { rows } = issue12Targets({ closed, open, rate, processes: PATH_PROCESSES, unit: 'calls/s' });
  const backlog = closed.filter((pass) => pass.label === 'full').map((pass) => pass.outboxBacklogAtEnd);
  return `### ${scenario === 'spread' ? `Spread: the callers over ${c.campaigns} campaigns (${c.connections / c.campaigns} each)` : 'Hot: all the callers in one campaign (every call updates the same rollup rows)'}

| target | measured | met? |
|---|---|---|
${rows.join('\n')}
| (issue 9) closed loop: full ≥ ${TARGETS.callThroughput} × bare throughput | ${Math.round(throughput.full ?? 0)} / ${Math.round(throughput.bare)} calls/s = ${ratioCell(bareRatio)} | ${verdict(bareRatio === undefined ? undefined : bareRatio >= TARGETS.callThroughput)} |
| (issue 9) open loop at ${rate} calls/s: full p99 ≤ ${TARGETS.callP99} × bare p99 | ${ms(p99('full'))} / ${ms(p99('bare'))} ms = ${ratioCell(p99Ratio)} | ${verdict(p99Ratio === undefined ? undefined : p99Ratio <= TARGETS.callP99)} |

Closed loop, ${c.connections} connections, interleaved after a warm-up pass of each (autocannon, whole milliseconds):

${closedTable(closed, { unit: 'calls/s', what: 'call' })}

Mean throughput: full ${Math.round(throughput.full ?? 0)}, floor ${Math.round(throughput.floor)}, bare ${Math.round(throughput.bare)} calls/s. Outbox rows the full path's relay had not yet
published when its passes ended: ${backlog.join(', ') || '–'} (the relay's work that spilled past the pass; each pass starts with it drained).

CPU time per call during these passes (µs, user + system from /proc, mean of the passes; the full path's total counts the
consumers of call.logged, conventions and companies, in their own columns; PostgreSQL is the sum of the backends serving \`${DATABASE}\`):

${cpuTable(closed, { processes: PATH_PROCESSES, cpus, extra: ['conventions', 'companies'], unit: 'calls/s' })}

Open loop at ${rate} calls/s (bench/open-loop.mjs: latency from each request's scheduled time, no coordinated omission):

${openTable(open, { unit: 'calls/s' })}
`;
}

function renderCalls(c, machine) {
  if (!c) return 'Not run (BENCH_PARTS).';
  const checks = Object.entries(c.rollupChecks).map(([key, check]) => `${key}: ${check.differences} of ${check.campaigns} campaign(s) differ`).join('; ');
  return `Three paths log the same calls (the bench first logs one call through each and checks the answers are alike):
${PATH_NAMES.full}: gateway → NATS → campaigns service → PostgreSQL, the outbox's relay and the consumers of call.logged (conventions,
companies) included; ${PATH_NAMES.floor}: bench/floor-hops.mjs gateway|service campaigns, HTTP → process → NATS request-reply →
process → pg; ${PATH_NAMES.bare}: bench/campaign-bare-server.mjs, Fastify + pg. The floor and the bare process run the service's
statements, each the same SQL text (bench/campaign-writes.mjs: the campaign read with the convention-sharing condition, then in one
transaction the Idempotency-Key, the target locked, the call with its company's name, its offers, the target moved with
company_last_call, the outbox row, the rollups, the answer kept with the key); their outbox rows go to a copy of the table no relay reads.
Each request is the next of ${c.connections} callers (round robin) logging a call on the next of its targets (pending), with a new
Idempotency-Key; outcomes in a fixed realistic mix (38 % no answer, 10 % busy, 3 % wrong number, 12 % callback, 20 % not interested,
8 % interested, 4 % meeting, 5 % offer with one offer; a third with notes). The open loop runs at ${c.rate} calls/s${CALL_RATE ? '' : ", half the slowest path's closed-loop throughput in the first case"}.

${Object.keys(c.cases).map((scenario) => renderCallCase(c, scenario, { rate: c.rate, cpus: machine.cpus })).join('\n')}
Rollups against their recomputation from the calls after all passes: ${checks}.
${c.profiles ? `\n#### Where the full path's time goes: CPU profiles during one more pass (${c.profiledPass.requestsPerSecond} calls/s while profiled)\n\n${profileTables(c.profiles)}\n` : ''}`;
}

function renderClaims(c) {
  if (!c) return 'Not run (BENCH_PARTS).';
  const of = (path) => c.passes.find((p) => p.path === path);
  const ratio = of('full') ? of('full').latencyMs.p99 / of('bare').latencyMs.p99 : undefined;
  const doubles = (p) => p.check.overlapping + p.check.companiesClaimedTwice + p.check.companiesCalledTwice;
  const rows = c.passes.map(
    (p) =>
      `| ${PATH_NAMES[p.path]} | ${p.rate} | ${p.achievedRate} | ${ms(p.latencyMs.p50)} | ${ms(p.latencyMs.p90)} | ${ms(p.latencyMs.p99)} | ${ms(p.latencyMs.p999)} | ${ms(p.latencyMs.max)} | ${JSON.stringify(p.statuses)} | ${p.repeated} | ${ms(p.calls.p99)} (${JSON.stringify(p.calls.statuses)}) |`,
  );
  const checkRows = c.passes.map(
    (p) => `| ${PATH_NAMES[p.path]} | ${p.check.claims} | ${p.check.overlapping} | ${p.check.companiesClaimedTwice} | ${p.check.companiesCalledTwice} | ${p.check.claimsWithoutTheirCall} | ${p.check.callsRefused} |`,
  );
  return `| target | measured | met? |
|---|---|---|
| zero double claims (full path) | ${of('full') ? doubles(of('full')) : '–'} | ${verdict(of('full') ? doubles(of('full')) === 0 : undefined)} |
| open loop at ${c.rate} claims/s, ${c.callers} callers: full p99 ≤ ${TARGETS.claimP99} × bare p99 | ${ms(of('full')?.latencyMs.p99)} / ${ms(of('bare')?.latencyMs.p99)} ms = ${ratioCell(ratio)} | ${verdict(ratio === undefined ? undefined : ratio <= TARGETS.claimP99)} |

Request i is caller i mod ${c.callers} asking for the next target; each caller then holds what it got for ${c.passes[0]?.holdMs ?? '–'} ms and logs a call
on it (not in the claim latencies; their p99 is the last column), so that every claim takes a new company. The bare process runs the
claim statement alone (bench/campaign-writes.mjs: \`UPDATE … WHERE … = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING\` with the
company card); the full path adds the gateway, NATS, the service's checks, the contacts asked of the contacts service and the last calls.
"Same claim" counts answers that gave a caller the claim it still held (its call not yet logged), as the contract says.

| path | rate | achieved | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms | statuses | same claim | call p99 ms (statuses) |
|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---|
${rows.join('\n')}

Every claim (warm-up included) recorded with the interval it was surely held (from its answer to its call's sending), then checked in SQL:

| path | claims | overlapping claims of one company | companies handed out twice | companies called twice | claims without their caller's call | calls refused |
|---|---:|---:|---:|---:|---:|---:|
${checkRows.join('\n')}
`;
}

function renderDashboards(d) {
  if (!d) return 'Not run (BENCH_PARTS).';
  if (d.skipped) return `Not measured: ${d.skipped}. The dataset generator ran${d.sizes ? ` (${d.sizes.map((s) => `${s.label}: ${s.calls} calls on ${s.targets} targets in ${s.generationS} s, rollup differences ${s.rollupDifferences}`).join('; ')})` : ''}.`;
  const [small, large] = d.sizes;
  const cpu = (size, name) => Math.round(size.cpu.reduce((sum, row) => sum + (row?.[name] ?? 0), 0) / size.cpu.length);
  const rows = d.sizes.map(
    (s) => `| ${s.label} | ${s.calls} | ${s.targets} | ${s.generationS} | ${ms(s.summary.p50)} | ${ms(s.summary.p95)} | ${ms(s.summary.p99)} | ${ms(s.summary.max)} | ${cpu(s, 'gateway')} | ${cpu(s, 'campaigns')} | ${cpu(s, 'postgres')} |`,
  );
  return `| target | measured | met? |
|---|---|---|
| p95 with ${large.calls} calls and ${large.targets} targets ≤ ${TARGETS.dashboardP95} × p95 with ${small.calls} calls | ${ms(large.summary.p95)} / ${ms(small.summary.p95)} ms = ${ratioCell(d.ratio)} | ${verdict(d.ratio <= TARGETS.dashboardP95)} |

Data generated in SQL by bench/campaign-dataset.mjs (calls over 90 days by ${DASHBOARD_CALLERS} callers, 80 % of the targets called, rollups rebuilt
from the calls and checked against them), then VACUUM ANALYZE. ${DASHBOARD_REQUESTS} requests per size as the manager, ${DASHBOARD_CONCURRENCY} in flight,
in four interleaved blocks (small, large, small, large). CPU µs per request from /proc.

| campaign | calls | targets | generated in s | p50 ms | p95 ms | p99 ms | max ms | gateway µs | campaigns µs | PostgreSQL µs |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join('\n')}
${d.profile ? `\n#### The campaigns service on the large dashboard (target missed)\n\n${profileTables({ campaigns: d.profile })}\n` : ''}`;
}

function renderResults(r) {
  const m = r.machine;
  const notYet = (part) => (PARTS.has(part) ? 'Not measured yet (the run stopped before this part).' : undefined);
  const section = (part, title, result, render) => (result ? render(result) : (notYet(part) ?? keptSection(title) ?? render()));
  return `# Benchmark: campaigns (call logging, claims, dashboards)

Written by \`${r.settings.command}\` (scripts/bench-campaigns.mjs; \`npm run bench\` runs it after the read and registry benchmarks) on ${r.startedAt} (UTC); ${r.durationS} s in all. Raw figures: bench/out/campaigns-results.json.

- **Commit**: ${r.commit}
- **Machine**: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM; Node ${m.node}; PostgreSQL ${m.postgres}; ${m.nats}.
  Load average before the run ${m.loadBefore.join(' / ')}, after ${m.loadAfter.join(' / ')} (1 / 5 / 15 min): the load generator, the five apps, NATS
  and PostgreSQL share these ${m.cpus} CPUs, so other work on the machine shows in the figures.
- **What runs**: (a) the built bundles of the gateway and the four services (LOG_LEVEL=warn) with a private \`nats-server -js\` and a private
  database \`${DATABASE}\`; (b) \`node bench/campaign-bare-server.mjs\`: the same routes in one Fastify + pg process (pool of 10, like a service),
  running the statements of bench/campaign-writes.mjs (the campaigns service's, same SQL; its outbox rows go to a copy of the table no
  relay reads); (c) the floor, \`node bench/floor-hops.mjs gateway campaigns\` and \`… service campaigns\`: the same statements behind the
  full path's hops with no framework, on the same nats-server. One organisation, its manager and its volunteers made through the API; campaigns and targets generated in SQL
  (bench/campaign-dataset.mjs). The full path answered the probes ${JSON.stringify(r.routes)} (404: route not there).
- **Commands**: \`${r.settings.command}\` (BENCH_SECONDS=${r.settings.seconds}, BENCH_WARMUP_SECONDS=${r.settings.warmupSeconds}, BENCH_PARTS=${r.settings.parts}, BENCH_CALL_CASES=${r.settings.callCases}; the other knobs at the top of the script).

## 1. Call logging

${section('calls', '1. Call logging', r.calls, (calls) => renderCalls(calls, m))}

## 2. Claims

${section('claims', '2. Claims', r.claims, renderClaims)}

## 3. Dashboards

${section('dashboards', '3. Dashboards', r.dashboards, renderDashboards)}
`;
}

/**
 * The section `title` of the results file as the last run that measured it wrote it, under a line naming that run, for a
 * part this run leaves out (BENCH_PARTS); undefined when the file has none.
 */
function keptSection(title) {
  const previous = existsSync(RESULTS) ? readFileSync(RESULTS, 'utf8').split(ANALYSIS_MARKER)[0] : '';
  const at = previous.indexOf(`\n## ${title}\n`);
  if (at < 0) return undefined;
  const body = previous.slice(at + title.length + 5).split(/\n## /)[0].trim();
  if (body.startsWith('Not run') || body.startsWith('Not measured yet')) return undefined;
  if (body.startsWith('_Kept from')) return body;
  const runOf = /on (\S+) \(UTC\)/.exec(previous)?.[1] ?? 'an earlier run';
  return `_Kept from the run of ${runOf}, which this run left out (BENCH_PARTS): that run's header (commit, machine, load) is in this file's git history._\n\n${body}`;
}

await run(main);
