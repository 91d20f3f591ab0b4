// `npm run bench:registry` (and the second half of `npm run bench`): the company registry's two benchmarks (issue 3, point 8), in one run.
//  1. Import: a generated SIRENE-like StockEtablissement CSV of BENCH_IMPORT_ROWS rows (`;`-separated,
//     Luhn-valid unique SIRETs, real NAF codes and postal code/commune pairs from data/) is streamed
//     to POST /api/v1/companies/imports as text/csv; GET /api/v1/companies/imports/{id} is polled until
//     the job ends. Rows/s end to end (from the POST to `done`), and the companies service's peak RSS
//     (VmRSS sampled every 200 ms), the service started with --max-old-space-size=150.
//  2. Search: after VACUUM ANALYZE, GET /api/v1/companies?q=<two accented words>&postalCode=59 through
//     the gateway, then the same SQL (reproduced from CompaniesRepository.search) directly with pg,
//     the same number of times at the same concurrency: p50/p95/p99 and the ratio.
//  3. One common word: the same measure for GET /api/v1/companies?q=boulangerie (too many matches to
//     rank: the bounded plan of buildSearchQuery).
// Writes bench/REGISTRY-RESULTS.md; logs go to bench/out/registry-logs/ (git-ignored).
//
// Private database (filon_bench_registry, recreated and dropped) and private nats-server on a free
// port, like scripts/bench.mjs; every process it starts is stopped at the end, on failure and on Ctrl-C.
//
// Knobs (environment): BENCH_IMPORT_ROWS (1000000), BENCH_SEARCH_REQUESTS (300),
// BENCH_SEARCH_CONCURRENCY (4), BENCH_SEARCH_QUERY ('boulangérie dupond'), BENCH_SEARCH_POSTAL (59),
// BENCH_COMMON_WORD ('boulangerie': about 13 % of the generated names, searched alone, without postalCode),
// FILON_BENCH_DATABASE_SERVER (postgres://root@127.0.0.1:5432), NATS_SERVER_BIN (/usr/sbin/nats-server),
// BENCH_REGISTRY_PROFILE (unset: after each search's measured passes, one more API pass (4 in flight) with V8's
// sampling profiler on in the gateway and the companies service (bench/profiler-hook.mjs); the summaries go to
// bench/out/registry-profiles/, not to the results file), BENCH_SKIP_COMMON (unset: skip section 3 when set).
import { call, completeLuhn, joinOrganization } from './lib/api-client.mjs';
import { BENCH_DATABASE_SERVER as SERVER, createBenchHarness, expectStatus, freePort, NATS_BINARY, prepareBenchmark, sleep, writeResults } from './lib/bench-harness.mjs';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { log, ROOT } from './lib/environment.mjs';
import { summarise, timed } from './lib/load.mjs';
import { tell } from './lib/cpu-meter.mjs';
import { pathToFileURL } from 'node:url';
import { writeFileSync } from 'node:fs';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const SEARCH_REQUESTS = Number(process.env.BENCH_SEARCH_REQUESTS ?? 300);
const SEARCH_CONCURRENCY = Number(process.env.BENCH_SEARCH_CONCURRENCY ?? 4);
const SEARCH_QUERY = process.env.BENCH_SEARCH_QUERY ?? 'boulangérie dupond';
const SEARCH_POSTAL = process.env.BENCH_SEARCH_POSTAL ?? '59';
const COMMON_WORD = process.env.BENCH_COMMON_WORD ?? 'boulangerie';
const DATABASE = 'filon_bench_registry';
const DATABASE_URL = `${SERVER}/${DATABASE}`;
const MAX_OLD_SPACE_MB = 150;
const TARGET_ROWS_PER_S = 100_000;
const TARGET_RSS_MB = 300;
const TARGET_P95_MS = 30;
const TARGET_RATIO = 1.5;
const TARGET_COMMON_P95_MS = 100;
const PAGE_SIZE = 50; // DEFAULT_PAGE_SIZE: the API call sends no limit

const OUT = join(ROOT, 'bench', 'out');
const LOGS = join(OUT, 'registry-logs');
const PROFILE = Boolean(process.env.BENCH_REGISTRY_PROFILE);
const PROFILES = join(OUT, 'registry-profiles');
const RESULTS = join(ROOT, 'bench', 'REGISTRY-RESULTS.md');

await prepareBenchmark();
const { default: pg } = await import('pg');

// ---------------------------------------------------------------------------------------------
// Processes, and stopping them whatever happens (as in scripts/bench.mjs).

const { start, withAdmin, createDatabase, tempDir, waitFor, run } = createBenchHarness({
  label: 'bench:registry',
  logsDir: LOGS,
  server: SERVER,
  database: DATABASE,
  ipc: PROFILE,
  profilesDir: PROFILE ? PROFILES : undefined,
});

/** CPU seconds (user + system) a process has used so far, or undefined when it cannot be read (not Linux, gone). */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks (100 per second)
  } catch {
    return undefined;
  }
}

/** CPU seconds of each PostgreSQL backend serving `database` (their titles name it), by pid. */
function postgresBackendsCpu(database) {
  const backends = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let title;
    try {
      title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    if (!title.startsWith('postgres: ') || !title.includes(` ${database} `)) continue;
    const cpu = cpuSeconds(entry);
    if (cpu !== undefined) backends.set(entry, cpu);
  }
  return backends;
}

/** Resident memory of a process in MB (VmRSS), or undefined when it cannot be read (not Linux, gone). */
function rssMb(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// The generated SIRENE-like file.

// Boulangerie, Pâtisserie, Dupont and Martin come up more often, as they do in the real register.
const TRADES = ['Boulangerie', 'Boulangerie', 'Boulangerie', 'Pâtisserie', 'Pâtisserie', 'Boucherie', 'Charcuterie', 'Garage', 'Pharmacie', 'Café', 'Coiffure', 'Plomberie', 'Menuiserie', 'Librairie', 'Fleuriste', 'Épicerie', 'Transports', 'Électricité', 'Maçonnerie', 'Restaurant', 'Auto-école', 'Optique', 'Cordonnerie'];
const SURNAMES = ['Dupont', 'Dupont', 'Martin', 'Martin', 'Martin', 'Durand', 'Bernard', 'Petit', 'Moreau', 'Lefèvre', 'Leroy', 'Roux', 'Fournier', 'Girard', 'Bonnet', 'Lambert', 'Fontaine', 'Rousseau', 'Vincent', 'Muller', 'Faure', 'André', 'Mercier', 'Blanc', 'Guérin', 'Boyer', 'Garnier', 'Chevalier', 'François', 'Legrand', 'Gauthier', 'Perrin', 'Robin', 'Clément', 'Morin', 'Nicolas', 'Henry', 'Rousselle', 'Mathieu', 'Gautier', 'Masson', 'Marchand', 'Duval'];
const SUFFIXES = ['', '', '', ' et Fils', ' SARL', ' & Cie', ' du Centre', ' de la Gare'];
const STREET_TYPES = ['RUE', 'AV', 'BD', 'PL', 'CHE', 'IMP', 'ALL', 'RTE'];
const STREETS = ['DE LA REPUBLIQUE', 'VICTOR HUGO', 'JEAN JAURES', 'DU GENERAL DE GAULLE', 'PASTEUR', 'DES ECOLES', 'DE LA GARE', 'DU MOULIN', 'NATIONALE', 'DE PARIS'];
const SIZE_BANDS = ['NN', '00', '01', '02', '03', '11', '12', '21', '22', '31', '32', '41', '42', '51', '52', '53'];
const HEADER = [
  'siren', 'nic', 'siret', 'denominationUsuelleEtablissement', 'activitePrincipaleEtablissement',
  'trancheEffectifsEtablissement', 'numeroVoieEtablissement', 'typeVoieEtablissement', 'libelleVoieEtablissement',
  'codePostalEtablissement', 'libelleCommuneEtablissement', 'etatAdministratifEtablissement',
];

/** A deterministic pseudo-random generator (mulberry32): the same file on every run. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes `rows` SIRENE-like establishment rows to `file`; returns its size in bytes and the rows marked closed. */
async function generateCsv(file, rows) {
  const nafCodes = readFileSync(join(ROOT, 'data', 'naf-rev2.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.slice(0, line.indexOf(',')));
  const places = readFileSync(join(ROOT, 'data', 'postal-codes.csv'), 'utf8').trim().split('\n').slice(1).map((line) => {
    const cells = line.split(',');
    return [cells[2], cells[1]];
  });
  const next = random(20261121);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const out = createWriteStream(file);
  const write = (chunk) => (out.write(chunk) ? undefined : new Promise((resolve) => out.once('drain', resolve)));
  await write(`${HEADER.join(';')}\n`);
  let closed = 0;
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    // SIREN 8 digits + key, NIC 0000 + key: unique per row, Luhn-valid at both levels.
    const siren = completeLuhn(String(10_000_000 + i));
    const siret = completeLuhn(`${siren}0000`);
    const name = `${pick(TRADES)} ${pick(SURNAMES)}${pick(SUFFIXES)}`;
    const [postalCode, commune] = pick(places);
    const state = next() < 0.03 ? 'F' : 'A';
    if (state === 'F') closed++;
    chunk += `${siren};${siret.slice(9)};${siret};${name};${pick(nafCodes)};${pick(SIZE_BANDS)};${1 + Math.floor(next() * 120)};${pick(STREET_TYPES)};${pick(STREETS)};${postalCode};${commune};${state}\n`;
    if (chunk.length > 1 << 20) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise((resolve, reject) => out.end((error) => (error ? reject(error) : resolve())));
  return { bytes: statSync(file).size, closed };
}

// ---------------------------------------------------------------------------------------------
// The search SQL: the service's own builder (buildSearchQuery in apps/companies/src/companies/company-search.ts,
// loaded through tsx) for the criteria GET /companies?q=…&postalCode=… gives, without a cursor.

const COMPANY_COLUMNS = [
  'id', 'organization_id', 'name', 'trade_name', 'siret', 'siren', 'naf_code', 'naf_nomenclature', 'naf_label', 'size_band',
  'address_line', 'postal_code', 'city', 'department', 'phone', 'email', 'website', 'tags', 'hiring_potential',
  'hiring_potential_estimated', 'do_not_call', 'created_at', 'updated_at', 'version',
];

async function searchSql(organizationId, q, postalCode, size = PAGE_SIZE) {
  const { tsImport } = await import('tsx/esm/api');
  const { buildSearchQuery } = await tsImport('../apps/companies/src/companies/company-search.ts', import.meta.url);
  const criteria = postalCode ? { q, postalCodes: [postalCode] } : { q };
  return buildSearchQuery(organizationId, criteria, COMPANY_COLUMNS.map((column) => `"${column}"`), size);
}

// ---------------------------------------------------------------------------------------------
// The run.

async function main() {
  const startedAt = new Date();
  const loadBefore = loadavg().map((value) => value.toFixed(2));
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() || 'unknown';
  const dirty = spawnSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim() !== '';
  const natsVersion = spawnSync(NATS_BINARY, ['--version'], { encoding: 'utf8' }).stdout.trim();

  const workDir = tempDir('filon-bench-registry-');
  const csvFile = join(workDir, 'StockEtablissement-bench.csv');
  log(`bench:registry: generating ${ROWS.toLocaleString('en')} SIRENE-like rows`);
  const generationStarted = performance.now();
  const generated = await generateCsv(csvFile, ROWS);
  const generationS = (performance.now() - generationStarted) / 1000;
  log(`bench:registry: ${(generated.bytes / 1e6).toFixed(1)} MB in ${generationS.toFixed(1)} s`);

  log(`bench:registry: private database ${DATABASE} and a private nats-server`);
  await createDatabase();
  const postgresVersion = await withAdmin(async (client) => (await client.query('SHOW server_version')).rows[0].server_version);

  const natsPort = await freePort();
  const natsStore = tempDir('filon-bench-registry-nats-');
  const nats = start('nats', NATS_BINARY, ['-a', '127.0.0.1', '-p', String(natsPort), '-js', '-sd', natsStore]);
  const NATS_URL = `nats://127.0.0.1:${natsPort}`;

  const admin = { email: 'bench-admin@filon.local', password: randomBytes(12).toString('base64url') };
  const [gatewayPort, opsPort, gatewayOpsPort] = [await freePort(), await freePort(), await freePort()];
  const appEnv = {
    DATABASE_URL,
    NATS_URL,
    LOG_LEVEL: 'warn',
    JWT_SECRET: randomBytes(48).toString('base64url'),
    // One login serves the whole run (no refresh in the load generator).
    JWT_TTL_SECONDS: '86400',
    FILON_STATE_DIR: join(OUT, 'registry-state'),
    FILON_ADMIN_EMAIL: admin.email,
    FILON_ADMIN_PASSWORD: admin.password,
    NODE_ENV: 'development',
    // Each search pass is hundreds of reads by one token in a minute: the read limit is not what is measured.
    RATE_LIMIT_READS: '100000',
    // The generated file may pass the default 200 MB limit at 1,000,000 rows.
    IMPORT_BODY_LIMIT_BYTES: String(Math.max(200 * 1024 * 1024, generated.bytes + 1024 * 1024)),
  };
  for (const app of ['gateway', 'companies']) {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js'), 'migrate'], { cwd: ROOT, env: { ...process.env, ...appEnv }, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`migrating ${app} failed:\n${result.stderr || result.stdout}`);
  }

  // The profiler hook does nothing until told to start (BENCH_REGISTRY_PROFILE only).
  const hook = PROFILE ? ['--import', pathToFileURL(join(ROOT, 'bench', 'profiler-hook.mjs')).href] : [];
  const profileEnv = (name) => (PROFILE ? { BENCH_PROFILE_DIR: PROFILES, BENCH_PROFILE_NAME: name } : {});
  const companies = start('companies', process.execPath, [...hook, `--max-old-space-size=${MAX_OLD_SPACE_MB}`, join(ROOT, 'dist/apps/companies/main.js')], { ...appEnv, ...profileEnv('companies'), OPS_PORT: String(opsPort) });
  const gateway = start('gateway', process.execPath, [...hook, join(ROOT, 'dist/apps/gateway/main.js')], { ...appEnv, ...profileEnv('gateway'), PORT: String(gatewayPort), OPS_PORT: String(gatewayOpsPort) });
  const api = `http://127.0.0.1:${gatewayPort}/api/v1`;
  await waitFor('the companies service becoming ready', async () => (await fetch(`http://127.0.0.1:${opsPort}/health/ready`)).ok);
  await waitFor('the gateway answering', async () => (await fetch(`${api}/health/live`)).ok);

  const adminToken = (await expectStatus(call(api, 'POST', '/auth/login', undefined, admin), 200, 'admin login')).accessToken;
  const organization = await expectStatus(call(api, 'POST', '/organizations', adminToken, { name: 'Bench club', kind: 'club' }), 201, 'creating the organisation');
  const manager = { email: 'bench-manager@filon.local', password: randomBytes(12).toString('base64url'), initialPassword: randomBytes(12).toString('base64url') };
  const invitation = { email: manager.email, name: 'Bench Manager', role: 'manager', password: manager.initialPassword };
  await expectStatus(call(api, 'POST', `/organizations/${organization.id}/members`, adminToken, invitation), 201, 'inviting the manager');
  const token = await joinOrganization(api, manager, organization.id);
  await waitFor('the companies service answering through the gateway', async () => (await call(api, 'GET', '/companies?limit=1', token)).status === 200);

  // 1. Import.
  const rssIdle = rssMb(companies.pid);
  let rssPeak = rssIdle ?? 0;
  // Where the CPU goes: each process's CPU seconds over the import, PostgreSQL's backends (sampled, as
  // they may come and go) summed. Other work on the machine shows in the load average, not here.
  const processes = { companies, gateway, nats };
  const cpuBefore = Object.fromEntries(Object.entries(processes).map(([name, child]) => [name, cpuSeconds(child.pid)]));
  const backendsBefore = postgresBackendsCpu(DATABASE);
  const backendsSeen = new Map(backendsBefore);
  const sampleBackends = () => {
    for (const [pid, cpu] of postgresBackendsCpu(DATABASE)) backendsSeen.set(pid, cpu);
  };
  const cpuUsed = () => {
    sampleBackends();
    const used = Object.fromEntries(Object.entries(processes).map(([name, child]) => [name, (cpuSeconds(child.pid) ?? NaN) - (cpuBefore[name] ?? NaN)]));
    used.postgres = [...backendsSeen].reduce((sum, [pid, cpu]) => sum + cpu - (backendsBefore.get(pid) ?? 0), 0);
    return used;
  };
  let samples = 0;
  const sampler = setInterval(() => {
    const rss = rssMb(companies.pid);
    if (rss !== undefined && rss > rssPeak) rssPeak = rss;
    if (++samples % 5 === 0) sampleBackends();
  }, 200);
  log(`bench:registry: importing (POST /companies/imports, ${(generated.bytes / 1e6).toFixed(1)} MB)`);
  const importStarted = performance.now();
  const response = await fetch(`${api}/companies/imports`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv', authorization: `Bearer ${token}` },
    body: createReadStream(csvFile),
    duplex: 'half',
  });
  const accepted = await response.json();
  if (response.status !== 202) throw new Error(`POST /companies/imports answered ${response.status}: ${JSON.stringify(accepted)}`);
  const uploadS = (performance.now() - importStarted) / 1000;
  let job;
  let lastLog = 0;
  for (;;) {
    job = await expectStatus(call(api, 'GET', `/companies/imports/${accepted.id}`, token), 200, 'polling the import');
    if (job.status === 'done' || job.status === 'failed') break;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      log(`bench:registry: ${job.status}, ${job.processedRows ?? 0} rows processed, ${((performance.now() - importStarted) / 1000).toFixed(0)} s`);
    }
    await sleep(100);
  }
  const importS = (performance.now() - importStarted) / 1000;
  const cpu = cpuUsed();
  if (job.status !== 'done') throw new Error(`the import failed: ${JSON.stringify(job).slice(0, 2000)}`);
  // The imported companies reach other services as events: the import is over for them once the outbox relay has
  // published every one to JetStream.
  const events = await (async () => {
    const client = new pg.Client({ connectionString: DATABASE_URL });
    await client.connect();
    try {
      const pending = async () => Number((await client.query(`SELECT count(*) FROM companies.outbox_event WHERE published_at IS NULL`)).rows[0].count);
      while ((await pending()) > 0) await sleep(100);
      const publishedS = (performance.now() - importStarted) / 1000;
      const { count, bytes } = (await client.query(`SELECT count(*), coalesce(sum(octet_length(message::text)), 0) AS bytes FROM companies.outbox_event WHERE subject = 'events.companies.company.imported'`)).rows[0];
      return { count: Number(count), bytes: Number(bytes), publishedS };
    } finally {
      await client.end();
    }
  })();
  clearInterval(sampler);
  const importResult = {
    rows: ROWS,
    bytes: generated.bytes,
    closedInFile: generated.closed,
    uploadS,
    seconds: importS,
    rowsPerSecond: ROWS / importS,
    rssIdleMb: rssIdle,
    rssPeakMb: rssPeak,
    cpu,
    events,
    job: { totalRows: job.totalRows, processedRows: job.processedRows, inserted: job.inserted, updated: job.updated, skipped: job.skipped, rejected: job.rejected, firstErrors: (job.errors ?? []).slice(0, 5) },
  };
  log(`bench:registry: import done in ${importS.toFixed(1)} s: ${Math.round(importResult.rowsPerSecond)} rows/s, peak RSS ${rssPeak.toFixed(0)} MB`);
  log(`bench:registry: CPU seconds during the import: ${Object.entries(cpu).map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`).join(', ')}; ${events.count} imported events (${(events.bytes / 1e6).toFixed(0)} MB) all in JetStream ${events.publishedS.toFixed(1)} s after the POST`);

  // 2. Search.
  const database = new pg.Pool({ connectionString: DATABASE_URL, max: SEARCH_CONCURRENCY });
  try {
    log('bench:registry: VACUUM ANALYZE companies.company');
    const vacuumStarted = performance.now();
    await database.query('VACUUM ANALYZE companies.company');
    const vacuumS = (performance.now() - vacuumStarted) / 1000;
    const companyCount = Number((await database.query('SELECT count(*) FROM companies.company WHERE organization_id = $1', [organization.id])).rows[0].count);

    const measure = async (query, postal) => {
      const path = `/companies?q=${encodeURIComponent(query)}${postal ? `&postalCode=${encodeURIComponent(postal)}` : ''}`;
      const { sql, params } = await searchSql(organization.id, query, postal);
      // The same answer both ways, or the comparison means nothing.
      const apiPage = await expectStatus(call(api, 'GET', path, token), 200, 'the search');
      const directRows = (await database.query(sql, params)).rows;
      const apiIds = apiPage.items.map((item) => item.id);
      const directIds = directRows.slice(0, PAGE_SIZE).map((row) => row.id);
      if (apiIds.length === 0) throw new Error(`the search ${path} found nothing: the generated names do not match it`);
      if (JSON.stringify(apiIds) !== JSON.stringify(directIds)) throw new Error('the direct SQL does not give the API page: it is not the same query');
      const plan = (await database.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows.map((row) => row['QUERY PLAN']).join('\n');
      // Every match: the same search with a page as large as the registry.
      const all = await searchSql(organization.id, query, postal, companyCount);
      const matchCount = Number((await database.query(`SELECT count(*) FROM (${all.sql}) counted`, all.params)).rows[0].count);

      log(`bench:registry: ${path}: warm-up, then ${SEARCH_REQUESTS} API requests and ${SEARCH_REQUESTS} direct queries (${SEARCH_CONCURRENCY} in flight)`);
      const apiRequest = async () => {
        const result = await fetch(`${api}${path}`, { headers: { authorization: `Bearer ${token}` } });
        await result.arrayBuffer();
        if (result.status !== 200) throw new Error(`the search answered ${result.status}`);
      };
      const directQuery = () => database.query(sql, params);
      await timed(30, SEARCH_CONCURRENCY, apiRequest);
      await timed(30, SEARCH_CONCURRENCY, directQuery);
      // One pass at a time (the latency of one query alone), then the measured pass with a few in flight.
      const stagesBefore = await stageTotals(gatewayOpsPort, opsPort);
      const serialApi = await timed(SEARCH_REQUESTS, 1, apiRequest);
      const stages = stageMeans(stagesBefore, await stageTotals(gatewayOpsPort, opsPort));
      const serial = { api: summarise(serialApi), direct: summarise(await timed(SEARCH_REQUESTS, 1, directQuery)) };
      log(`bench:registry: one at a time, mean ms: API ${serial.api.mean.toFixed(2)} ⊃ gateway HTTP ${stages.http.toFixed(2)} ⊃ NATS request ${stages.nats.toFixed(2)} ⊃ service handler ${stages.handler.toFixed(2)}; direct SQL ${serial.direct.mean.toFixed(2)}`);
      const apiLatency = summarise(await timed(SEARCH_REQUESTS, SEARCH_CONCURRENCY, apiRequest));
      const directLatency = summarise(await timed(SEARCH_REQUESTS, SEARCH_CONCURRENCY, directQuery));
      log(`bench:registry: one at a time: API p50 ${serial.api.p50.toFixed(1)} p95 ${serial.api.p95.toFixed(1)} ms; direct p50 ${serial.direct.p50.toFixed(1)} p95 ${serial.direct.p95.toFixed(1)} ms`);
      log(`bench:registry: API p50 ${apiLatency.p50.toFixed(1)} p95 ${apiLatency.p95.toFixed(1)} ms; direct p50 ${directLatency.p50.toFixed(1)} p95 ${directLatency.p95.toFixed(1)} ms`);
      log(`bench:registry: ratio API/direct p95: one at a time ${(serial.api.p95 / serial.direct.p95).toFixed(2)}×, ${SEARCH_CONCURRENCY} in flight ${(apiLatency.p95 / directLatency.p95).toFixed(2)}×`);
      if (PROFILE) await profileSearch(query, apiRequest, { companies, gateway });
      return { companyCount, vacuumS, path, query, postal, matches: matchCount, pageItems: apiIds.length, api: apiLatency, direct: directLatency, serial, ratioP50: apiLatency.p50 / directLatency.p50, ratioP95: apiLatency.p95 / directLatency.p95, sql, params, plan };
    };
    const search = await measure(SEARCH_QUERY, SEARCH_POSTAL);
    const common = process.env.BENCH_SKIP_COMMON ? search : await measure(COMMON_WORD, undefined);

    const results = {
      startedAt: startedAt.toISOString(),
      durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
      commit: dirty ? `${commit} (with uncommitted changes)` : commit,
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.versions.node, postgres: postgresVersion, nats: natsVersion, loadBefore, loadAfter: loadavg().map((value) => value.toFixed(2)) },
      generationS,
      import: importResult,
      search,
      common,
    };
    writeResults(RESULTS, render(results));
    log(`bench:registry: wrote bench/REGISTRY-RESULTS.md`);
  } finally {
    await database.end();
  }
}

/**
 * The search's own latency histograms (sum and count of seconds) in the gateway (HTTP request, NATS request)
 * and the companies service (handler), read from their /metrics: the difference between two reads gives each
 * stage's mean over a pass (API ⊃ gateway HTTP ⊃ NATS request ⊃ handler ⊃ SQL).
 */
async function stageTotals(gatewayOpsPort, companiesOpsPort) {
  const read = async (port, name, labels) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const total = { sum: 0, count: 0 };
    for (const line of text.split('\n')) {
      for (const part of ['sum', 'count']) {
        if (line.startsWith(`${name}_${part}{`) && labels.every((label) => line.includes(label))) total[part] += Number(line.slice(line.lastIndexOf(' ') + 1));
      }
    }
    return total;
  };
  return {
    http: await read(gatewayOpsPort, 'filon_http_request_duration_seconds', ['method="GET"', 'route="/api/v1/companies"']),
    nats: await read(gatewayOpsPort, 'filon_nats_request_duration_seconds', ['subject="companies.v1.company.list"']),
    handler: await read(companiesOpsPort, 'filon_rpc_handler_duration_seconds', ['subject="companies.v1.company.list"']),
  };
}

/** Each stage's mean in ms between two stageTotals. */
function stageMeans(before, after) {
  return Object.fromEntries(Object.keys(after).map((stage) => [stage, ((after[stage].sum - before[stage].sum) / Math.max(1, after[stage].count - before[stage].count)) * 1000]));
}

/** One more API pass with the sampling profiler on in both apps; the summaries go to bench/out/registry-profiles/. */
async function profileSearch(query, apiRequest, children) {
  const { profileTables, summariseProfile } = await import('../bench/cpuprofile.mjs');
  const names = Object.keys(children);
  await Promise.all(names.map((name) => tell(children[name], 'profile:start', 'profile:started')));
  await timed(SEARCH_REQUESTS, SEARCH_CONCURRENCY, apiRequest);
  await Promise.all(names.map((name) => tell(children[name], 'profile:stop', 'profile:written')));
  const profiles = Object.fromEntries(names.map((name) => [name, summariseProfile(join(PROFILES, `${name}.cpuprofile`), ROOT, 40)]));
  const file = join(PROFILES, `${query.replace(/[^a-z]+/gi, '-')}.md`);
  writeFileSync(file, `# Profiles of ${SEARCH_REQUESTS} searches q=${query}, ${SEARCH_CONCURRENCY} in flight\n\n${profileTables(profiles)}\n`);
  log(`bench:registry: profiles summarised in ${file}`);
}

const ms = (value) => value.toFixed(1);
const met = (ok) => (ok ? '**met**' : '**not met**');

function render(r) {
  const i = r.import;
  const s = r.search;
  const c = r.common;
  const m = r.machine;
  const rowsOk = i.rowsPerSecond >= TARGET_ROWS_PER_S;
  const rssOk = i.rssPeakMb < TARGET_RSS_MB;
  const p95Ok = s.api.p95 < TARGET_P95_MS;
  const ratioOk = s.ratioP95 <= TARGET_RATIO;
  const commonOk = c.api.p95 < TARGET_COMMON_P95_MS;
  const smaller = i.rows < 1_000_000;
  const latencyRow = (label, inFlight, l) => `| ${label} | ${inFlight} | ${l.count} | ${ms(l.p50)} | ${ms(l.p95)} | ${ms(l.p99)} | ${ms(l.max)} | ${ms(l.mean)} |`;
  return `# Benchmark: the company registry (import and search)

Written by \`npm run bench:registry\` (scripts/bench-registry.mjs) on ${r.startedAt} (UTC); ${r.durationS} s in all.

- **Commit**: ${r.commit}
- **Machine**: ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB RAM; Node ${m.node}; PostgreSQL ${m.postgres}; ${m.nats}.
  Load average before ${m.loadBefore.join(' / ')}, after ${m.loadAfter.join(' / ')} (1 / 5 / 15 min). Everything (this script,
  gateway, companies service, NATS, PostgreSQL) shares these ${m.cpus} CPUs.
- **What runs**: the built bundles \`node dist/apps/gateway/main.js\` and
  \`node --max-old-space-size=${MAX_OLD_SPACE_MB} dist/apps/companies/main.js\` (the heap cap the import's design recommends;
  LOG_LEVEL=warn), a private \`nats-server -js\` and a private database \`${DATABASE}\` (created, migrated, dropped at the end).
- **Commands**: \`npm run bench:registry\` (knobs: BENCH_IMPORT_ROWS=${i.rows}, BENCH_SEARCH_REQUESTS=${s.api.count},
  BENCH_SEARCH_CONCURRENCY=${SEARCH_CONCURRENCY}, BENCH_SEARCH_QUERY='${s.query}', BENCH_SEARCH_POSTAL=${s.postal}, BENCH_COMMON_WORD='${c.query}').
${smaller ? `\n> **This run imported ${i.rows.toLocaleString('en')} rows, not the 1,000,000 of the target**, to fit the time available;\n> the rate is the one measured on that file, and the search ran on ${s.companyCount.toLocaleString('en')} companies, not 1,000,000.\n` : ''}
## Results

| target | measured | met? |
|---|---|---|
| import ≥ ${TARGET_ROWS_PER_S.toLocaleString('en')} rows/s end to end | **${Math.round(i.rowsPerSecond).toLocaleString('en')} rows/s** (${i.rows.toLocaleString('en')} rows in ${i.seconds.toFixed(1)} s) | ${met(rowsOk)} |
| companies service memory < ${TARGET_RSS_MB} MB during the import | **${i.rssPeakMb.toFixed(0)} MB** peak RSS (${i.rssIdleMb?.toFixed(0) ?? '?'} MB before) | ${met(rssOk)} |
| search p95 < ${TARGET_P95_MS} ms | **${ms(s.api.p95)} ms** on ${s.companyCount.toLocaleString('en')} companies | ${met(p95Ok)} |
| API within ${TARGET_RATIO}× of the same SQL run directly (p95) | **${s.ratioP95.toFixed(2)}×** (${ms(s.api.p95)} / ${ms(s.direct.p95)} ms; p50 ${s.ratioP50.toFixed(2)}×) | ${met(ratioOk)} |
| one common word (\`q=${c.query}\`) p95 < ${TARGET_COMMON_P95_MS} ms | **${ms(c.api.p95)} ms** (${c.matches.toLocaleString('en')} matches; direct SQL ${ms(c.direct.p95)} ms) | ${met(commonOk)} |

### 1. Import

A generated INSEE SIRENE StockEtablissement-like file (\`;\`-separated; columns ${HEADER.map((h) => `\`${h}\``).join(', ')}):
unique Luhn-valid SIRETs, names "<trade> <surname>[ suffix]" (Boulangerie, Pâtisserie… × Dupont, Martin…),
NAF codes from data/naf-rev2.csv, postal code and commune pairs from data/postal-codes.csv, about 3 % of
establishments closed (\`F\`). ${(i.bytes / 1e6).toFixed(1)} MB, generated to a temporary file in ${r.generationS.toFixed(1)} s (not counted).

It is streamed (a ReadStream as fetch's body, \`duplex: 'half'\`) to \`POST /api/v1/companies/imports\` as \`text/csv\`;
\`GET /api/v1/companies/imports/{id}\` is polled every 100 ms until the job is done. The time runs from the POST to
the first poll that sees \`done\`: upload (${i.uploadS.toFixed(1)} s until the 202), storage, parsing, validation and writing.
The companies service's VmRSS (/proc/<pid>/status) is sampled every 200 ms from before the POST to the end.

| rows in file | closed in file | seconds | rows/s | totalRows | processedRows | inserted | updated | skipped | rejected | peak RSS MB |
|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
| ${i.rows} | ${i.closedInFile} | ${i.seconds.toFixed(1)} | ${Math.round(i.rowsPerSecond)} | ${i.job.totalRows} | ${i.job.processedRows} | ${i.job.inserted} | ${i.job.updated} | ${i.job.skipped} | ${i.job.rejected} | ${i.rssPeakMb.toFixed(0)} |
${i.job.firstErrors.length ? `\nFirst errors reported: \`${JSON.stringify(i.job.firstErrors)}\`\n` : ''}
CPU seconds used from the POST to \`done\`: companies service ${i.cpu.companies.toFixed(1)}, PostgreSQL (this database's backends)
${i.cpu.postgres.toFixed(1)}, gateway ${i.cpu.gateway.toFixed(1)}, NATS ${i.cpu.nats.toFixed(1)} (the machine has ${m.cpus} CPUs: ${(i.seconds * m.cpus).toFixed(0)} CPU seconds
in that time). The import wrote ${i.events.count.toLocaleString('en')} \`imported\` events (${(i.events.bytes / 1e6).toFixed(0)} MB of JSON); the outbox relay had published
every one to JetStream ${i.events.publishedS.toFixed(1)} s after the POST.

### 2. Search

After the import the table holds ${s.companyCount.toLocaleString('en')} companies of the one organisation; \`VACUUM ANALYZE companies.company\`
ran first (${s.vacuumS.toFixed(1)} s). The request is \`GET /api/v1${s.path}\` (no limit: a page of ${PAGE_SIZE}) as the
organisation's manager; it matches ${s.matches} companies (${s.pageItems} on the page). ${s.api.count} requests, ${SEARCH_CONCURRENCY} in flight, after 30 of
warm-up (and after the one-at-a-time pass below); then the same SQL the companies service runs (reproduced from CompaniesRepository.search, same
parameters; the script checks both give the same page) through pg from this process, as many times, ${SEARCH_CONCURRENCY} in flight
(a pool of ${SEARCH_CONCURRENCY} connections).

| path | in flight | requests | p50 ms | p95 ms | p99 ms | max ms | mean ms |
|---|---:|---:|---:|---:|---:|---:|---:|
${latencyRow('API (gateway → NATS → companies → PostgreSQL)', SEARCH_CONCURRENCY, s.api)}
${latencyRow('same SQL directly (pg)', SEARCH_CONCURRENCY, s.direct)}
${latencyRow('API, one at a time', 1, s.serial.api)}
${latencyRow('same SQL directly, one at a time', 1, s.serial.direct)}

The targets are judged on the first two rows (${SEARCH_CONCURRENCY} in flight). The last two, one request at a time (run before
them, also ${s.api.count} each), show one query's own latency: with ${SEARCH_CONCURRENCY} in flight on ${m.cpus} CPUs, queries wait for a CPU.
Ratio API/direct one at a time: p50 ${(s.serial.api.p50 / s.serial.direct.p50).toFixed(2)}×, p95 ${(s.serial.api.p95 / s.serial.direct.p95).toFixed(2)}×.

The SQL (parameters ${JSON.stringify(s.params)}):

\`\`\`sql
${s.sql}
\`\`\`

Its plan (one EXPLAIN ANALYZE, after the warm-up):

\`\`\`
${s.plan}
\`\`\`

### 3. One common word

\`GET /api/v1${c.path}\` matches ${c.matches.toLocaleString('en')} companies (${c.pageItems} on the page): more than the search ranks, so
they come by id, read from the (organization_id, id) index until the page is full (apps/companies/src/companies/company-search.ts).
Measured like the search above.

| path | in flight | requests | p50 ms | p95 ms | p99 ms | max ms | mean ms |
|---|---:|---:|---:|---:|---:|---:|---:|
${latencyRow('API (gateway → NATS → companies → PostgreSQL)', SEARCH_CONCURRENCY, c.api)}
${latencyRow('same SQL directly (pg)', SEARCH_CONCURRENCY, c.direct)}
${latencyRow('API, one at a time', 1, c.serial.api)}
${latencyRow('same SQL directly, one at a time', 1, c.serial.direct)}

The SQL (parameters ${JSON.stringify(c.params)}):

\`\`\`sql
${c.sql}
\`\`\`

Its plan (one EXPLAIN ANALYZE, after the warm-up):

\`\`\`
${c.plan}
\`\`\`
`;
}

await run(main);
