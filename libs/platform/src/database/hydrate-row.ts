import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A raw row (RETURNING, a hand-written SELECT) as the entity TypeORM would load: raw column names
 * mapped to properties, the driver's conversions and column transformers applied. The one way every
 * repository turns rows it did not get from TypeORM's find methods into entities.
 */
export function hydrateRow<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const metadata = tx.connection.getMetadata(target);
  const entity = tx.getRepository(target).create();
  for (const column of metadata.columns) {
    const value = raw[column.databaseName];
    if (value !== undefined) column.setEntityValue(entity, tx.connection.driver.prepareHydratedValue(value, column));
  }
  return entity;
}
