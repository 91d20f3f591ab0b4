// `npm start`: everything a newcomer needs, in one command. Installs what is missing, builds (the
// five apps and the web app the gateway serves at `/`), starts PostgreSQL and NATS when they are
// installed but stopped, creates and migrates the database, starts the gateway and the four
// services, seeds the demo data, prints where to go.
// Ctrl-C stops everything cleanly.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_NODE_OPTIONS, checkNode, ensureDependencies, ensureNats, ensurePostgres, fail, loadDotEnv, log, ROOT, STATE_DIR } from './lib/environment.mjs';

checkNode();
loadDotEnv();
const env = {
  DATABASE_URL: 'postgres://root@127.0.0.1:5432/filon',
  NATS_URL: 'nats://127.0.0.1:4222',
  PORT: '3000',
  FILON_ADMIN_EMAIL: 'admin@filon.local',
  FILON_ADMIN_PASSWORD: 'filon-admin-demo',
  LOG_LEVEL: 'info',
  ...process.env,
};
const OPS_PORTS = { gateway: 3100, companies: 3101, contacts: 3102, campaigns: 3103, conventions: 3104 };

ensureDependencies();
const { ensureBuilt, APPS } = await import('./lib/build.mjs');
await ensurePostgres(env.DATABASE_URL);
await ensureNats(env.NATS_URL);
ensureBuilt();

const { createDatabaseIfMissing, migrateAll } = await import('./lib/database.mjs');
if (await createDatabaseIfMissing(env.DATABASE_URL)) log(`created database ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
migrateAll(env);
log('database migrated');

const logDir = join(STATE_DIR, 'logs');
mkdirSync(logDir, { recursive: true });
const children = new Map();
let stopping = false;

function startApp(app) {
  const appEnv = { ...env, NODE_OPTIONS: APP_NODE_OPTIONS, ...(OPS_PORTS[app] ? { OPS_PORT: String(OPS_PORTS[app]) } : {}) };
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js')], { env: appEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const file = createWriteStream(join(logDir, `${app}.log`), { flags: 'a' });
  const relay = (chunk) => {
    file.write(chunk);
    // Warnings and errors also show here; everything is in .filon/logs/<app>.log.
    for (const line of chunk.toString().split('\n')) {
      if (/"level":(40|50|60)|"level":"(warn|error|fatal)"/.test(line)) console.log(`\x1b[33m${app.padEnd(11)}\x1b[0m ${line}`);
    }
  };
  child.stdout.on('data', relay);
  child.stderr.on('data', relay);
  child.on('exit', (code, signal) => {
    children.delete(app);
    if (!stopping) {
      console.error(`\x1b[31mfilon: ${app} stopped (${signal ?? `exit ${code}`}); see .filon/logs/${app}.log. Stopping the rest.\x1b[0m`);
      void stopAll(1);
    }
  });
  children.set(app, child);
}

async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  // Services drain their NATS subscriptions and close their connections on SIGTERM.
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise((resolve) => {
          const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
          child.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          child.kill('SIGTERM');
        }),
    ),
  );
  log('stopped');
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

for (const app of APPS.filter((app) => app !== 'gateway')) startApp(app);
startApp('gateway');

const baseUrl = `http://${env.HOST && env.HOST !== '0.0.0.0' ? env.HOST : '127.0.0.1'}:${env.PORT}`;
const deadline = Date.now() + 90_000;
for (;;) {
  const ready = await fetch(`${baseUrl}/health/ready`).then((r) => r.ok, () => false);
  if (ready) break;
  if (Date.now() > deadline || stopping) {
    if (!stopping) fail(`the system did not become ready in 90 s: see .filon/logs/. Last check: ${baseUrl}/health/ready`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}

const { seedDemoData, DEMO_LOGINS } = await import('./lib/seed.mjs');
try {
  const summary = await seedDemoData(`${baseUrl}/api/v1`, { email: env.FILON_ADMIN_EMAIL, password: env.FILON_ADMIN_PASSWORD });
  log(`demo data ready (${summary})`);
} catch (error) {
  console.error(`\x1b[31mfilon: seeding the demo data failed: ${error.message}\x1b[0m`);
}

console.log(`
  filon is running at ${baseUrl}
    Web app     ${baseUrl}/
    API         ${baseUrl}/api/v1      (OpenAPI: ${baseUrl}/api/docs)
    Health      ${baseUrl}/health/ready   Metrics: ${baseUrl.replace(/:\d+$/, `:${OPS_PORTS.gateway}`)}/metrics
    Logs        ${join(ROOT, '.filon', 'logs')}

  Demo logins (password for all: ${DEMO_LOGINS.password}):
${DEMO_LOGINS.users.map((u) => `    ${u.email.padEnd(44)} ${u.role.padEnd(10)} ${u.organization}`).join('\n')}
    ${env.FILON_ADMIN_EMAIL.padEnd(44)} admin      (platform; password ${env.FILON_ADMIN_PASSWORD})

  Press Ctrl-C to stop.
`);
