import type { TestSystem } from './system.js';

// The tables a request from a client can write to (reference data and bookkeeping aside).
const CLIENT_WRITTEN_TABLES = [
  'identity.organization',
  'identity.app_user',
  'identity.membership',
  'companies.company',
  'companies.import_job',
  'contacts.contact',
  'contacts.audit_entry',
] as const;

/** Row count and a digest of every row of each table a client can write: equal states mean nothing was stored or changed. */
export async function storedState(system: TestSystem): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const table of CLIENT_WRITTEN_TABLES) {
    const [row] = await system.database.query<{ rows: number; digest: string | null }>(
      `SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t`,
    );
    state[table] = `${row.rows} rows, ${row.digest ?? 'empty'}`;
  }
  return state;
}
