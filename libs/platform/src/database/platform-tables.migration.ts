import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The platform tables every process keeps in its own schema: the transactional outbox, the events
 * its consumers applied, and idempotency keys. Each service lists `PlatformTables1763700000000`
 * first in its migrations.
 */
export class PlatformTables1763700000000 implements MigrationInterface {
  name = 'PlatformTables1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${schema}"."outbox_event" (
        "sequence" bigint GENERATED ALWAYS AS IDENTITY,
        "id" uuid NOT NULL,
        "subject" varchar(200) NOT NULL,
        "message" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "published_at" timestamptz,
        CONSTRAINT "outbox_event_pkey" PRIMARY KEY ("sequence"),
        CONSTRAINT "outbox_event_id_key" UNIQUE ("id")
      )`);
    await queryRunner.query(
      `CREATE INDEX "outbox_event_unpublished_idx" ON "${schema}"."outbox_event" ("sequence") WHERE "published_at" IS NULL`,
    );
    await queryRunner.query(`
      CREATE TABLE "${schema}"."processed_event" (
        "consumer" varchar(100) NOT NULL,
        "event_id" uuid NOT NULL,
        "processed_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "processed_event_pkey" PRIMARY KEY ("consumer", "event_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "${schema}"."idempotency_key" (
        "organization_id" uuid NOT NULL,
        "key" varchar(255) NOT NULL,
        "fingerprint" char(64) NOT NULL,
        "response" jsonb,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "idempotency_key_pkey" PRIMARY KEY ("organization_id", "key")
      )`);
    await queryRunner.query(`CREATE INDEX "idempotency_key_created_at_idx" ON "${schema}"."idempotency_key" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${schema}"."idempotency_key"`);
    await queryRunner.query(`DROP TABLE "${schema}"."processed_event"`);
    await queryRunner.query(`DROP TABLE "${schema}"."outbox_event"`);
  }
}

/** The schema the migration runs for: the DataSource's `schema` option. */
export async function currentSchema(queryRunner: QueryRunner): Promise<string> {
  const schema = (queryRunner.connection.options as { schema?: string }).schema;
  if (!schema) throw new Error('Migrations need a DataSource with a schema');
  return schema;
}
