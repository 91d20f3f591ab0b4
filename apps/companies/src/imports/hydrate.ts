import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** A raw row (RETURNING, plain SELECT) as the entity TypeORM would load, column transformers applied. */
export function hydrate<T extends ObjectLiteral>(tx: EntityManager, target: EntityTarget<T>, raw: Record<string, unknown>): T {
  const metadata = tx.connection.getMetadata(target);
  const entity = tx.getRepository(target).create();
  for (const column of metadata.columns) {
    const value = raw[column.databaseName];
    if (value !== undefined) column.setEntityValue(entity, tx.connection.driver.prepareHydratedValue(value, column));
  }
  return entity;
}
