// `npm run bench:read` (and the first half of `npm run bench`): GET /api/v1/companies/{id} through the whole system (gateway → NATS → companies
// service → PostgreSQL, built bundles in their own processes) against the same read served by one
// bare Fastify + pg process, and against the floor of the architecture (the same hops, HTTP → process →
// NATS → process → PostgreSQL, with no framework or policy code: bench/floor-hops.mjs), in one run. Closed loop at 50 connections (throughput), open loop at a
// fixed 1,000 requests/s and at half the full path's closed-loop throughput (latency without coordinated omission; issue 12 compares p99s at the second), then a CPU profile of both apps
// under load. Writes bench/RESULTS.md (the "Analysis" section at its end is kept) and
// bench/out/results.json; logs and profiles go to bench/out/ (git-ignored).
//
// It uses a private database (filon_bench, recreated and dropped) and a private nats-server on a
// free port, so a running `npm start` neither disturbs it nor steals its requests. Every process it
// starts is stopped at the end, on failure and on Ctrl-C.
//
// Knobs (environment): BENCH_SECONDS (15, per pass), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS
// (50), BENCH_RATE (1000), BENCH_COMPANIES (1000), FILON_BENCH_DATABASE_SERVER
// (postgres://root@127.0.0.1:5432), NATS_SERVER_BIN (/usr/sbin/nats-server).
import { call, completeLuhn, joinOrganization } from './lib/api-client.mjs';
import { appEnvironment, BENCH_DATABASE_SERVER as SERVER, createBenchHarness, expectStatus, freePort, machineFacts, migrateApps, prepareBenchmark, runFacts, writeResults } from './lib/bench-harness.mjs';
import { randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tell as tellChild } from './lib/cpu-meter.mjs';
import { log, ROOT } from './lib/environment.mjs';
import { closedLoop, summariseClosed } from './lib/load.mjs';
import { closedPasses, closedTable, cpuTable, issue12Targets, meanOf, ms, openPasses, openTable } from './lib/path-comparison.mjs';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 1000);
const COMPANIES = Number(process.env.BENCH_COMPANIES ?? 1000);
const DATABASE = 'filon_bench';
const DATABASE_URL = `${SERVER}/${DATABASE}`;
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 15;

const OUT = join(ROOT, 'bench', 'out');
const LOGS = join(OUT, 'logs');
const PROFILES = join(OUT, 'profiles');
const RESULTS = join(ROOT, 'bench', 'RESULTS.md');

await prepareBenchmark();
const { default: pg } = await import('pg');
const { openLoop } = await import('../bench/open-loop.mjs');
const { profileTables, summariseProfile } = await import('../bench/cpuprofile.mjs');

// ---------------------------------------------------------------------------------------------
// Processes, and stopping them whatever happens.

let monitor; // a pg client on the bench database: outbox and CPU of PostgreSQL's backends
const { processes, start, withAdmin, createDatabase, waitFor, startNats, run, trackLoad, interrupted } = createBenchHarness({
  label: 'bench',
  logsDir: LOGS,
  server: SERVER,
  database: DATABASE,
  ipc: true,
  profilesDir: PROFILES,
  beforeStop: () => monitor?.end().catch(() => {}),
});

// ---------------------------------------------------------------------------------------------
// Helpers.

/** A closed loop: `connections` clients, each sending its next request when the last one answered. */
const companyReads = (base, ids, token, seconds) =>
  closedLoop(
    {
      url: base,
      connections: CONNECTIONS,
      duration: seconds,
      headers: { authorization: `Bearer ${token}` },
      requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/api/v1/companies/${ids[randomInt(ids.length)]}` }) }],
    },
    trackLoad,
  );

/** The processes that serve each path, whose CPU counts per request. */
const PATH_CPU_PROCESSES = { full: ['gateway', 'companies', 'nats'], floor: ['floor-gateway', 'floor-service', 'nats'], bare: ['bare'] };
const tell = (name, message, answer) => tellChild(processes.get(name), message, answer);

const summariseCompanyReads = (label, result) => ({ label, ...summariseClosed(result, SECONDS) });

const openPath = (ids) => (i) => `/api/v1/companies/${ids[i % ids.length]}`;

// ---------------------------------------------------------------------------------------------
// The run.

async function main() {
  const facts = runFacts();

  log(`bench: private database ${DATABASE} and a private nats-server`);
  await createDatabase();
  const postgresVersion = await withAdmin(async (client) => (await client.query('SHOW server_version')).rows[0].server_version);
  const NATS_URL = await startNats();

  const admin = { email: 'bench-admin@filon.local', password: randomBytes(12).toString('base64url') };
  const [gatewayPort, opsPort, barePort, floorPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const appEnv = appEnvironment({ databaseUrl: DATABASE_URL, natsUrl: NATS_URL, stateDir: join(OUT, 'state'), admin, profilesDir: PROFILES });
  migrateApps(['gateway', 'companies'], appEnv);

  // The profiler hook does nothing until it gets SIGUSR2: it costs nothing in the measured passes.
  const hook = ['--import', pathToFileURL(join(ROOT, 'bench', 'profiler-hook.mjs')).href];
  start('companies', process.execPath, [...hook, join(ROOT, 'dist/apps/companies/main.js')], { ...appEnv, OPS_PORT: String(opsPort), BENCH_PROFILE_NAME: 'companies' });
  start('gateway', process.execPath, [...hook, join(ROOT, 'dist/apps/gateway/main.js')], { ...appEnv, PORT: String(gatewayPort), BENCH_PROFILE_NAME: 'gateway' });
  const full = `http://127.0.0.1:${gatewayPort}`;
  const api = `${full}/api/v1`;
  await waitFor('the companies service becoming ready', async () => (await fetch(`http://127.0.0.1:${opsPort}/health/ready`)).ok);
  await waitFor('the gateway answering', async () => (await fetch(`${api}/health/live`)).ok);

  // Seed through the API: an organisation, its manager, COMPANIES companies.
  log(`bench: seeding ${COMPANIES} companies through the API`);
  const adminToken = (await expectStatus(call(api, 'POST', '/auth/login', undefined, admin), 200, 'admin login')).accessToken;
  const organization = await expectStatus(call(api, 'POST', '/organizations', adminToken, { name: 'Bench club', kind: 'club' }), 201, 'creating the organisation');
  const manager = { email: 'bench-manager@filon.local', password: randomBytes(12).toString('base64url'), initialPassword: randomBytes(12).toString('base64url') };
  const invitation = { email: manager.email, name: 'Bench Manager', role: 'manager', password: manager.initialPassword };
  await expectStatus(call(api, 'POST', `/organizations/${organization.id}/members`, adminToken, invitation), 201, 'inviting the manager');
  const token = await joinOrganization(api, manager, organization.id);
  await waitFor('the companies service answering through the gateway', async () => (await call(api, 'GET', '/companies?limit=1', token)).status === 200);
  const ids = [];
  for (let next = 0; next < COMPANIES; ) {
    const batch = Array.from({ length: Math.min(20, COMPANIES - next) }, (_, k) => next + k);
    next += batch.length;
    const created = await Promise.all(
      batch.map((i) =>
        expectStatus(
          call(api, 'POST', '/companies', token, {
            name: `Boulangerie du banc d'essai ${i}`,
            siret: completeLuhn(completeLuhn(`7${String(i).padStart(7, '0')}`) + '0001'),
            nafCode: '10.71C',
            sizeBand: '02',
            address: { line: `${i} rue de la Mesure`, postalCode: '59140', city: 'Dunkerque' },
            phone: '03 28 00 00 00',
            email: `contact${i}@boulangerie-bench.fr`,
            website: 'https://boulangerie-bench.fr',
            tags: ['boulangerie', 'bench'],
            hiringPotential: i % 101,
          }),
          201,
          `creating company ${i}`,
        ),
      ),
    );
    ids.push(...created.map((company) => company.id));
  }
  // Let the outbox relay publish the creation events before measuring anything.
  monitor = new pg.Client({ connectionString: DATABASE_URL, application_name: 'bench-monitor' });
  await monitor.connect();
  await waitFor('the outbox draining', async () => (await monitor.query('SELECT count(*)::int AS n FROM companies.outbox_event WHERE published_at IS NULL')).rows[0].n === 0);

  start('bare', process.execPath, [join(ROOT, 'bench', 'bare-server.mjs')], { DATABASE_URL, PORT: String(barePort), BENCH_ORGANIZATION_ID: organization.id });
  const bare = `http://127.0.0.1:${barePort}`;
  await waitFor('the bare server answering', async () => (await fetch(`${bare}/health`)).ok, 15_000);
  const floorScript = join(ROOT, 'bench', 'floor-hops.mjs');
  start('floor-service', process.execPath, [floorScript, 'service'], { DATABASE_URL, NATS_URL });
  start('floor-gateway', process.execPath, [floorScript, 'gateway'], { NATS_URL, PORT: String(floorPort), BENCH_ORGANIZATION_ID: organization.id });
  const floor = `http://127.0.0.1:${floorPort}`;
  await waitFor('the floor pair answering', async () => (await call(floor, 'GET', `/api/v1/companies/${ids[0]}`, token)).status === 200, 15_000);

  // All three must serve the same read: same status, same JSON, same ETag.
  for (const id of [ids[0], ids[ids.length - 1]]) {
    const a = await call(full, 'GET', `/api/v1/companies/${id}`, token);
    for (const [name, base] of [['bare server', bare], ['floor pair', floor]]) {
      const b = await call(base, 'GET', `/api/v1/companies/${id}`, token);
      if (a.status !== 200 || JSON.stringify(a.body) !== JSON.stringify(b.body) || a.headers.get('etag') !== b.headers.get('etag')) {
        throw new Error(`the ${name} does not answer like the gateway:\n${JSON.stringify(a.body)}\n${JSON.stringify(b.body)}`);
      }
    }
  }

  // 1. Closed loop, interleaved (full, floor, bare, full, floor, bare) after a warm-up of each.
  const paths = [['full', full], ['floor', floor], ['bare', bare]];
  log(`bench: closed loop, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up then 2 × ${SECONDS} s each, interleaved`);
  const closed = await closedPasses({
    paths,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    drive: async (label, base, seconds) => summariseCompanyReads(label, await companyReads(base, ids, token, seconds)),
    meter: { monitor, processes, database: DATABASE, of: PATH_CPU_PROCESSES },
  });
  const [fullRps, floorRps, bareRps] = ['full', 'floor', 'bare'].map((label) => meanOf(closed, label));
  const ratio = fullRps / bareRps;

  // 2. Open loop: every path at RATE requests/s, then every path at half the full path's closed-loop throughput
  // (issue 12: a rate all three sustain, where the full path's p99 is compared with the floor's).
  const halfCapacity = Math.max(100, Math.floor(fullRps / 2 / 100) * 100);
  const rates = halfCapacity === RATE ? [RATE] : [RATE, halfCapacity];
  const openList = rates.flatMap((rate) => [['full', full, rate], ['floor', floor, rate], ['bare', bare, rate]]);
  log(`bench: open loop, ${WARMUP_SECONDS} s warm-up then ${SECONDS} s each: ${openList.map(([label, , rate]) => `${label} at ${rate} req/s`).join(', ')}`);
  const open = await openPasses({
    passes: openList,
    seconds: SECONDS,
    warmupSeconds: WARMUP_SECONDS,
    openLoop,
    options: (label, base, rate) => ({ url: `${base}/api/v1/companies/${ids[0]}`, rate, headers: { authorization: `Bearer ${token}` }, path: openPath(ids), signal: interrupted }),
  });
  const openFull = open.find((row) => row.label === 'full' && row.rate === RATE);

  // 3. Profile of both apps during one more closed-loop pass on the full path.
  log(`bench: profiling the gateway and the companies service during a ${SECONDS} s closed-loop pass`);
  const profiled = ['gateway', 'companies'];
  await Promise.all(profiled.map((name) => tell(name, 'profile:start', 'profile:started')));
  const profiledPass = summariseCompanyReads('full (profiled)', await companyReads(full, ids, token, SECONDS));
  await Promise.all(profiled.map((name) => tell(name, 'profile:stop', 'profile:written')));
  const profiles = Object.fromEntries(profiled.map((name) => [name, summariseProfile(join(PROFILES, `${name}.cpuprofile`), ROOT)]));

  const results = {
    startedAt: facts.startedAt.toISOString(),
    commit: `${facts.commit}${facts.dirty ? ' + uncommitted' : ''}`,
    machine: machineFacts(facts, postgresVersion),
    durationS: Math.round((Date.now() - facts.startedAt.getTime()) / 1000),
    settings: { seconds: SECONDS, warmupSeconds: WARMUP_SECONDS, connections: CONNECTIONS, rate: RATE, halfCapacity, companies: COMPANIES },
    closed,
    fullRps,
    bareRps,
    floorRps,
    ratio,
    open,
    profiledPass,
    profiles,
  };
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeResults(RESULTS, renderResults(results));
  log(`bench: full/bare throughput ${ratio.toFixed(2)} (target ≥ ${TARGET_RATIO}: ${ratio >= TARGET_RATIO ? 'met' : 'NOT met'}); ` +
    `floor/bare throughput ${(floorRps / bareRps).toFixed(2)}, full/floor ${(fullRps / floorRps).toFixed(2)}` +
    `; full-path open-loop p99 ${openFull.latencyMs.p99} ms (target < ${TARGET_P99_MS} ms: ${openFull.latencyMs.p99 < TARGET_P99_MS && openFull.errors === 0 ? 'met' : 'NOT met'})`);
  for (const row of issue12Targets({ closed, open, rate: halfCapacity, processes: PATH_PROCESSES }).rows) log(`bench: issue 12 ${row.replaceAll('*', '')}`);
  log('bench: wrote bench/RESULTS.md and bench/out/results.json');
}

// ---------------------------------------------------------------------------------------------
// bench/RESULTS.md

/** The processes of each path, in the CPU table's two columns: the one HTTP reaches, and the service behind NATS. */
const PATH_PROCESSES = { full: ['gateway', 'companies'], bare: ['bare', undefined], floor: ['floor-gateway', 'floor-service'] };

function renderResults(r) {
  const openFull = r.open.find((row) => row.label === 'full' && row.rate === r.settings.rate);
  const openFloor = r.open.find((row) => row.label === 'floor' && row.rate === r.settings.rate);
  const ratioMet = r.ratio >= TARGET_RATIO;
  const p99Met = openFull.latencyMs.p99 < TARGET_P99_MS && openFull.errors === 0;
  const profileSection = profileTables(r.profiles);
  const m = r.machine;
  return `# Benchmark: GET /api/v1/companies/{id}

Written by \`npm run bench:read\` (scripts/bench.mjs; \`npm run bench\` runs it, then the registry benchmark whose results are in [REGISTRY-RESULTS.md](REGISTRY-RESULTS.md)) on ${r.startedAt} (UTC); ${r.durationS} s from the database's creation to the end. Raw figures: bench/out/results.json.

- **Commit**: ${r.commit}
- **Machine**: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM; Node ${m.node}; PostgreSQL ${m.postgres}; ${m.nats}.
  Load average before the run ${m.loadBefore.join(' / ')}, after ${m.loadAfter.join(' / ')} (1 / 5 / 15 min): everything (load generator,
  gateway, service, NATS, PostgreSQL) shares these ${m.cpus} CPUs, so other work on the machine shows in the figures.
- **What runs**: (a) the built bundles \`node dist/apps/gateway/main.js\` and \`node dist/apps/companies/main.js\`
  (LOG_LEVEL=warn) with a private \`nats-server -js\` and a private database \`${DATABASE}\`; (b) \`node bench/bare-server.mjs\`
  (Fastify + pg, same database, same pool size of 10); (c) \`node bench/floor-hops.mjs gateway\` and \`… service\`: the full
  path's hops (HTTP → process → NATS request-reply → process → pg) with nothing else, on the same nats-server. Seeded through the API: one organisation, its manager,
  ${r.settings.companies} companies; every request reads a random one of them as the manager.
- **Commands**: \`npm run bench:read\` (knobs: BENCH_SECONDS=${r.settings.seconds}, BENCH_WARMUP_SECONDS=${r.settings.warmupSeconds},
  BENCH_CONNECTIONS=${r.settings.connections}, BENCH_RATE=${r.settings.rate}, BENCH_COMPANIES=${r.settings.companies}).

## Results

| target | measured | met? |
|---|---|---|
| (first read benchmark's target) closed loop at ${r.settings.connections} connections: full ≥ ${TARGET_RATIO} × bare throughput | ${Math.round(r.fullRps)} / ${Math.round(r.bareRps)} req/s = **${r.ratio.toFixed(2)}** | ${ratioMet ? '**met**' : '**not met**'} |
| (first read benchmark's target) open loop at ${r.settings.rate} req/s: full-path p99 < ${TARGET_P99_MS} ms | **${ms(openFull.latencyMs.p99)} ms** (${openFull.errors} errors) | ${p99Met ? '**met**' : '**not met**'} |
${issue12Targets({ closed: r.closed, open: r.open, rate: r.settings.halfCapacity, processes: PATH_PROCESSES }).rows.join('\n')}
| (for scale, no target) the floor: same hops, no framework | ${Math.round(r.floorRps)} / ${Math.round(r.bareRps)} req/s = ${(r.floorRps / r.bareRps).toFixed(2)} of bare; p99 at ${r.settings.rate} req/s ${ms(openFloor.latencyMs.p99)} ms | – |

### 1. Closed loop: ${r.settings.connections} connections, ${r.settings.seconds} s per pass, interleaved after a ${r.settings.warmupSeconds} s warm-up of each (autocannon 9)

${closedTable(r.closed)}

Mean throughput: full path ${Math.round(r.fullRps)} req/s, bare process ${Math.round(r.bareRps)} req/s, ratio **${r.ratio.toFixed(2)}**;
floor ${Math.round(r.floorRps)} req/s (${(r.floorRps / r.bareRps).toFixed(2)} of bare; the full path reaches ${(r.fullRps / r.floorRps).toFixed(2)} of the floor).
(autocannon records latencies in whole milliseconds.) "CPU µs/request" is the CPU time all the processes serving
the request used per request (table below); "other load" is the CPU the rest of the machine used during the pass
(other people's work, the idle apps of the other path): it takes CPUs away from the measured path.

CPU time per request during these passes (µs, user + system from /proc, mean of the passes; PostgreSQL
is the sum of the backends serving \`${DATABASE}\`; the generator is autocannon in the bench process). The
last column is the throughput the machine's ${r.machine.cpus} CPUs would allow if nothing else ran: on this
machine everything competes for the same CPUs, so the ratio of throughputs follows the ratio of total CPU costs.

${cpuTable(r.closed, { processes: PATH_PROCESSES, cpus: r.machine.cpus })}

### 2. Open loop: fixed rates for ${r.settings.seconds} s after a ${r.settings.warmupSeconds} s warm-up (bench/open-loop.mjs)

Requests leave on a fixed schedule whether or not earlier ones have answered; each latency is measured
from the request's scheduled time to the end of its response (no coordinated omission), through a
keep-alive pool of up to 200 connections. The generator's timer has a 1 ms granularity, so a latency
can include up to about 1 ms of sending delay: the figures err on the slow side. When the full path's
Every path runs at ${r.settings.rate} req/s, then at ${r.settings.halfCapacity} req/s, half the full path's closed-loop
throughput: a rate all three sustain, where issue 12 compares the full path's p99 with the floor's.

${openTable(r.open)}

### 3. Where the time goes: CPU profiles under the closed loop

One more ${r.settings.seconds} s closed-loop pass on the full path (${r.profiledPass.requestsPerSecond} req/s while profiled),
with V8's sampling profiler on in the gateway and in the companies service for exactly that window
(bench/profiler-hook.mjs; the .cpuprofile files are in bench/out/profiles/ and open in Chrome DevTools).
Self time only: \`writeBuffer\`/\`writev\` are socket writes (the system call, loopback delivery included),
\`init\` in the gateway is the HMAC of the JWT check, \`(program)\` is V8 outside JavaScript.

${profileSection}

## What the bare process and the floor skip

The bare process (bench/bare-server.mjs) and the floor pair (bench/floor-hops.mjs) answer the same read
with the same JSON and ETag (the bench checks this before measuring). The bare process skips everything
that is architecture or policy rather than the read:

- JWT verification and roles (the organisation comes from its configuration, not from a token);
- the request id (generated or checked, echoed, carried in a NATS header), access logs and metrics;
- the NATS hop: the envelope, its serialisation, request-reply and the reply's deserialisation;
- the service's validation of the envelope and payload (NATS is a trust boundary), Nest's pipes,
  guards, interceptors and exception filters, and TypeORM (it runs one fixed SQL string through pg).

The floor keeps the architecture's hops (two processes, a NATS request-reply through the same nats-server,
JSON both ways) and skips the rest of that list: what separates the full path from the floor is the
framework (Nest) and filon's policies, what separates the floor from the bare process is the architecture.
`;
}

await run(main);
