import { DataSource, type DataSourceOptions } from 'typeorm';

/**
 * Creates the schema (TypeORM will not: typeorm#5382) and applies pending migrations, holding an
 * advisory lock so that replicas or init containers starting together take turns.
 */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const schema = (options as { schema?: string }).schema ?? 'public';
  const dataSource = new DataSource({ ...options, migrationsRun: false, synchronize: false });
  await dataSource.initialize();
  try {
    await dataSource.query(`SELECT pg_advisory_lock(hashtext($1))`, [`filon:migrate:${schema}`]);
    try {
      await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((migration) => migration.name);
    } finally {
      await dataSource.query(`SELECT pg_advisory_unlock(hashtext($1))`, [`filon:migrate:${schema}`]);
    }
  } finally {
    await dataSource.destroy();
  }
}
