import { adminQuery, databaseUrl, dropDatabase, uniqueDatabaseName } from '@app/testing';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparedQuery } from './prepared-query.js';

describe('preparedQuery (against PostgreSQL)', () => {
  const name = uniqueDatabaseName('prepared');
  let dataSource: DataSource;
  const SELECT = 'SELECT "id", "label" FROM "thing" WHERE "id" = $1';

  beforeAll(async () => {
    await adminQuery(`CREATE DATABASE "${name}"`);
    dataSource = await new DataSource({ type: 'postgres', url: databaseUrl(name), poolSize: 2 }).initialize();
    await dataSource.query('CREATE TABLE "thing" ("id" integer PRIMARY KEY, "label" text NOT NULL)');
    await dataSource.query(`INSERT INTO "thing" VALUES (1, 'one'), (2, 'two')`);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await dropDatabase(name);
  });

  it('should answer like a plain query, outside a transaction, on every pooled connection', async () => {
    const answers = await Promise.all([1, 2, 1, 2, 3].map((id) => preparedQuery(dataSource.manager, 'thing.find', SELECT, [id])));
    expect(answers).toEqual([[{ id: 1, label: 'one' }], [{ id: 2, label: 'two' }], [{ id: 1, label: 'one' }], [{ id: 2, label: 'two' }], []]);
  });

  it("should run on the transaction's own connection, as a statement prepared once there", async () => {
    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO "thing" VALUES (3, 'three')`);
      // Only the transaction's connection sees its uncommitted row.
      expect(await preparedQuery(manager, 'thing.find', SELECT, [3])).toEqual([{ id: 3, label: 'three' }]);
      expect(await preparedQuery(manager, 'thing.find', SELECT, [3])).toEqual([{ id: 3, label: 'three' }]);
      const prepared = await manager.query(`SELECT "name", "statement" FROM pg_prepared_statements WHERE "name" = 'thing.find'`);
      expect(prepared).toEqual([{ name: 'thing.find', statement: SELECT }]);
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
    expect(await preparedQuery(dataSource.manager, 'thing.find', SELECT, [3])).toEqual([]);
  });
});

class RollBack extends Error {}
