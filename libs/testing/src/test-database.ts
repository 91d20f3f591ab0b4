import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The server tests use; each run makes its own databases there. */
export const TEST_SERVER_URL = process.env.FILON_TEST_DATABASE_SERVER ?? 'postgres://root@127.0.0.1:5432';
const PREFIX = 'filon_test_';

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL in this database (assertions on rows, simulated failures). */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  drop(): Promise<void>;
}

export const databaseUrl = (name: string): string => `${TEST_SERVER_URL}/${name}`;

/** Runs one statement on the maintenance database (CREATE/DROP DATABASE cannot run in a transaction). */
export async function adminQuery<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A database name unique to this process, carrying its pid so that stale ones can be found. */
export const uniqueDatabaseName = (label: string): string => `${PREFIX}${process.pid}_${label}_${randomBytes(4).toString('hex')}`;

/**
 * A private database for one test file, cloned from the migrated template (immich's method):
 * a clone takes a fraction of a second, where migrating every schema takes seconds.
 */
export async function createTestDatabase(template: string): Promise<TestDatabase> {
  const name = uniqueDatabaseName('file');
  await adminQuery(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  return openTestDatabase(name);
}

export function openTestDatabase(name: string): TestDatabase {
  const pool = new pg.Pool({ connectionString: databaseUrl(name), max: 2 });
  // pool.end() resolves before its idle clients have closed, so DROP … WITH (FORCE) can terminate one
  // of them; the pool re-emits that as an 'error' which, unheard, would crash the test run.
  pool.on('error', () => {});
  return {
    name,
    url: databaseUrl(name),
    query: async <T>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as T[],
    drop: async () => {
      await pool.end();
      await dropDatabase(name);
    },
  };
}

export async function dropDatabase(name: string): Promise<void> {
  await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Drops test databases left by runs whose process is gone (a killed run leaves them behind). */
export async function dropStaleTestDatabases(): Promise<void> {
  const rows = await adminQuery<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${PREFIX}%`]);
  for (const { datname } of rows) {
    const pid = Number(datname.slice(PREFIX.length).split('_')[0]);
    if (!isAlive(pid)) await dropDatabase(datname);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
