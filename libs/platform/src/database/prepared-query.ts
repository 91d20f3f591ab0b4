import type { Pool, PoolClient } from 'pg';
import type { EntityManager } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/**
 * Runs `text` as a named prepared statement: PostgreSQL parses and plans it once per connection
 * instead of on every call (about half of the backend's CPU for a one-row read, bench/RESULTS.md).
 * For the hottest fixed queries only; `name` must be unique to this `text` in the process. Inside a
 * transaction (`manager` holds a query runner) it runs on the transaction's connection.
 */
export async function preparedQuery<Row = Record<string, unknown>>(manager: EntityManager, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const runner = manager.queryRunner;
  const client: Pool | PoolClient = runner && !runner.isReleased ? ((await runner.connect()) as PoolClient) : ((manager.connection.driver as PostgresDriver).master as Pool);
  return (await client.query<Row & object>({ name, text, values })).rows;
}
