// Creates the application database when it does not exist, and migrates every service's schema
// (needs `pg`, installed by npm ci, and the built bundles).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import pg from 'pg';
import { APPS } from './build.mjs';
import { fail, ROOT } from './environment.mjs';

export async function createDatabaseIfMissing(databaseUrl) {
  const target = new URL(databaseUrl);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (rowCount > 0) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } finally {
    await client.end();
  }
}

/** Each app applies its own schema's pending migrations (`node dist/apps/<app>/main.js migrate`), in turn. */
export function migrateAll(env) {
  for (const app of APPS) {
    const result = spawnSync(process.execPath, [join(ROOT, 'dist/apps', app, 'main.js'), 'migrate'], { env, encoding: 'utf8' });
    if (result.status !== 0) fail(`migrating ${app} failed:\n${result.stderr || result.stdout}`);
  }
}
