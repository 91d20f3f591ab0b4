import type { TestSystem } from './system.js';

// The tables a request from a client can write to (reference data and bookkeeping aside), and the
// rows that count: a personal-data export is a read, and the audit trail records it by design.
const CLIENT_WRITTEN_TABLES: Record<string, string> = {
  'identity.organization': 'true',
  'identity.app_user': 'true',
  'identity.membership': 'true',
  'companies.company': 'true',
  'companies.import_job': 'true',
  'contacts.contact': 'true',
  'contacts.audit_entry': "action <> 'exported'",
  'campaigns.campaign': 'true',
  'campaigns.target': 'true',
  'campaigns.campaign_rollup': 'true',
  'conventions.convention': 'true',
  'conventions.party': 'true',
  'conventions.axis': 'true',
  'conventions.action': 'true',
  'conventions.indicator': 'true',
  'conventions.indicator_day': 'true',
};

/** Row count and a digest of every row of each table a client can write: equal states mean nothing was stored or changed. */
export async function storedState(system: TestSystem): Promise<Record<string, string>> {
  const state: Record<string, string> = {};
  for (const [table, counted] of Object.entries(CLIENT_WRITTEN_TABLES)) {
    const [row] = await system.database.query<{ rows: number; digest: string | null }>(
      `SELECT count(*)::int AS rows, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${table} t WHERE ${counted}`,
    );
    state[table] = `${row.rows} rows, ${row.digest ?? 'empty'}`;
  }
  return state;
}
