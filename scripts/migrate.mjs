// `npm run migrate`: creates the database named by DATABASE_URL when it is missing and applies every
// service's pending migrations to it (each app migrates only its own schema), then exits. Builds the
// bundles first when the sources are newer. What `npm start` does before it starts the apps; for a
// deployment, run it (or `node dist/apps/<app>/main.js migrate` per app) before starting new versions.
import { checkNode, ensureDependencies, ensurePostgres, loadDotEnv, log } from './lib/environment.mjs';

checkNode();
loadDotEnv();
const env = { DATABASE_URL: 'postgres://root@127.0.0.1:5432/filon', ...process.env };

ensureDependencies();
const { ensureBuilt } = await import('./lib/build.mjs');
await ensurePostgres(env.DATABASE_URL);
ensureBuilt();

const { createDatabaseIfMissing, migrateAll } = await import('./lib/database.mjs');
if (await createDatabaseIfMissing(env.DATABASE_URL)) log(`created database ${new URL(env.DATABASE_URL).pathname.slice(1)}`);
migrateAll(env);
log(`database ${new URL(env.DATABASE_URL).pathname.slice(1)} migrated`);
