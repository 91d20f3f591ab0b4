// `npm test`: installs what is missing, makes sure PostgreSQL answers and nats-server and Chromium are there,
// then runs the whole suite (unit, integration, end-to-end) against the real services.
// Extra arguments go to vitest (`npm test -- test/e2e/companies.e2e.spec.ts`).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DURATIONS } from './lib/slowest-tests.mjs';
import { checkNode, ensureChromium, ensureDependencies, ensurePostgres, fail, ROOT } from './lib/environment.mjs';

checkNode();
ensureDependencies();
const server = process.env.FILON_TEST_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432';
await ensurePostgres(`${server}/postgres`);
const natsBinary = process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server';
if (!existsSync(natsBinary) && spawnSync('sh', ['-c', 'command -v nats-server']).status !== 0) {
  fail(`nats-server is not installed: tests start private ones (apt-get install nats-server, or set NATS_SERVER_BIN).`);
}
// The web app's tests drive a real browser; vitest's global setup builds the app itself.
ensureChromium();

const report = join(ROOT, 'test-results', 'vitest.json');
rmSync(report, { force: true });
rmSync(DURATIONS, { force: true });
const result = spawnSync(
  'npx',
  // The third reporter writes each file's duration (import included) for `node scripts/lib/slowest-tests.mjs`.
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, '--reporter=./scripts/lib/slowest-tests.mjs', ...process.argv.slice(2)],
  { cwd: ROOT, stdio: 'inherit' },
);

// One closing line that CI and people can read: N passed, N failed.
let passed = 0;
let failed = result.status === 0 ? 0 : 1;
if (existsSync(report)) {
  const summary = JSON.parse(readFileSync(report, 'utf8'));
  // A file that fails to load has no failed test of its own: count it as one failure.
  const unloadable = (summary.testResults ?? []).filter(
    (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((test) => test.status === 'failed'),
  ).length;
  passed = summary.numPassedTests;
  failed = summary.numFailedTests + unloadable;
  if (failed === 0 && result.status !== 0) failed = 1;
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
process.exit(result.status ?? 1);
