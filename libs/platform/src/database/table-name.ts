import type { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** An entity's table as SQL names it, schema included (`"campaigns"."outbox_event"`), for the statements the platform writes by hand. */
export function tableNameOf(source: DataSource | EntityManager, target: EntityTarget<ObjectLiteral>): string {
  const metadata = 'manager' in source ? source.getMetadata(target) : source.connection.getMetadata(target);
  return `"${metadata.schema ?? 'public'}"."${metadata.tableName}"`;
}
