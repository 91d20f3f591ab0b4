import type { DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { ParkedEventEntity } from '../outbox/parked-event.entity.js';
import { ProcessedEventEntity } from '../outbox/processed-event.entity.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type EntityList = MixedList<Function | string | EntitySchema>;
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = Function[];

export interface DatabaseDefinition {
  /** The PostgreSQL schema this process owns; every table it creates lives there. */
  schema: string;
  entities: EntityList;
  /** Migration classes, oldest first (a bundled app has no files to glob: docs/runtime-notes.md, TypeORM). */
  migrations: MigrationList;
}

/** Tables every process keeps in its own schema: outbox, applied and parked events, idempotency keys. */
export const PLATFORM_ENTITIES = [OutboxEventEntity, ProcessedEventEntity, ParkedEventEntity, IdempotencyRecordEntity];

/**
 * TypeORM options for one process. Never `synchronize`: the schema comes from migrations only,
 * run as an explicit step (`main.js migrate`, the test template), not on every replica's boot.
 */
export function databaseOptions(url: string, definition: DatabaseDefinition, applicationName: string, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    schema: definition.schema,
    entities: [...PLATFORM_ENTITIES, ...(definition.entities as unknown[])] as EntityList,
    migrations: definition.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    migrationsRun: false,
    synchronize: false,
    applicationName,
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: `-c search_path=${definition.schema},public` },
  } as DataSourceOptions;
}
