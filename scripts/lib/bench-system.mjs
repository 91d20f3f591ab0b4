// The whole system as the campaign and convention benchmarks run it: a private nats-server, the five apps'
// built bundles (migrated first, each its own child process of the harness, the profiler hook preloaded),
// and an organisation with its manager and volunteers made through the API like anyone's.
// Used by scripts/bench-campaigns.mjs and scripts/bench-conventions.mjs (after prepareBenchmark and createDatabase).
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { call, joinOrganization } from './api-client.mjs';
import { appEnvironment, expectStatus, freePort, migrateApps } from './bench-harness.mjs';
import { ROOT } from './environment.mjs';

export const APPS = ['gateway', 'companies', 'contacts', 'campaigns', 'conventions'];
const SERVICES = APPS.filter((name) => name !== 'gateway');

/**
 * Starts NATS and the five apps on `databaseUrl` with `harness` (createBenchHarness) and waits until every one is ready.
 * Returns the gateway's URLs, the administrator, the apps' environment, and `startService(name)` /
 * `serviceReady(name)`: a service stopped with `harness.stop(name)` starts again the same way, on the same ops port.
 */
export async function startSystem(harness, { databaseUrl, stateDir, profilesDir }) {
  const { start, waitFor, startNats } = harness;
  const natsUrl = await startNats();
  const admin = { email: 'bench-admin@filon.local', password: randomBytes(12).toString('base64url') };
  // Hundreds of callers log in from one address: a budget never spent.
  const appEnv = { ...appEnvironment({ databaseUrl, natsUrl, stateDir, admin, profilesDir }), RATE_LIMIT_AUTH: '1000000000' };
  migrateApps(APPS, appEnv);
  const hook = ['--import', pathToFileURL(join(ROOT, 'bench', 'profiler-hook.mjs')).href];
  const opsPorts = {};
  const startService = async (name) => {
    opsPorts[name] ??= await freePort();
    return start(name, process.execPath, [...hook, join(ROOT, 'dist/apps', name, 'main.js')], { ...appEnv, OPS_PORT: String(opsPorts[name]), BENCH_PROFILE_NAME: name });
  };
  const serviceReady = (name, timeoutMs = 90_000) =>
    waitFor(`the ${name} service becoming ready`, async () => (await fetch(`http://127.0.0.1:${opsPorts[name]}/health/ready`)).ok, timeoutMs);

  for (const name of SERVICES) await startService(name);
  const gatewayPort = await freePort();
  start('gateway', process.execPath, [...hook, join(ROOT, 'dist/apps/gateway/main.js')], { ...appEnv, PORT: String(gatewayPort), OPS_PORT: String(await freePort()), BENCH_PROFILE_NAME: 'gateway' });
  const full = `http://127.0.0.1:${gatewayPort}`;
  const api = `${full}/api/v1`;
  for (const name of SERVICES) await serviceReady(name);
  await waitFor('the gateway answering', async () => (await fetch(`${api}/health/live`)).ok);
  return { natsUrl, admin, appEnv, full, api, startService, serviceReady };
}

/** The user id a token was issued to. */
export const userIdOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).sub;

/**
 * An organisation made by the administrator through the API, its manager, and `callerCount` volunteers the
 * manager invites (eight at a time), each having joined as an invited person does. Tokens of that organisation.
 */
export async function createOrganisation(api, admin, { name = 'Bench club', callerCount }) {
  const adminToken = (await expectStatus(call(api, 'POST', '/auth/login', undefined, admin), 200, 'admin login')).accessToken;
  const organization = await expectStatus(call(api, 'POST', '/organizations', adminToken, { name, kind: 'club' }), 201, 'creating the organisation');
  const join_ = async (email, memberName, role, inviterToken) => {
    const person = { email, password: randomBytes(12).toString('base64url'), initialPassword: randomBytes(12).toString('base64url') };
    await expectStatus(call(api, 'POST', `/organizations/${organization.id}/members`, inviterToken, { email, name: memberName, role, password: person.initialPassword }), 201, `inviting ${email}`);
    const token = await joinOrganization(api, person, organization.id);
    return { id: userIdOf(token), token };
  };
  const manager = await join_('bench-manager@filon.local', 'Bench Manager', 'manager', adminToken);
  const callers = [];
  for (let next = 0; next < callerCount; next += 8) {
    const batch = Array.from({ length: Math.min(8, callerCount - next) }, (_, k) => next + k);
    callers.push(...(await Promise.all(batch.map((i) => join_(`bench-caller-${i}@filon.local`, `Bénévole ${i}`, 'volunteer', manager.token)))));
  }
  return { adminToken, organization, manager, callers };
}
