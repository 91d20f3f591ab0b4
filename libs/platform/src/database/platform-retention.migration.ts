import type { MigrationInterface, QueryRunner } from 'typeorm';
import { currentSchema } from './platform-tables.migration.js';

/**
 * What retention and safe event evolution need in every schema: an idempotency key whose result was
 * erased keeps its key and fingerprint but no answer (`erased_at`); `parked_event` holds events a
 * consumer could not read (unknown version, malformed); indexes let the pruning find old rows in
 * bounded batches. Every service lists it after its own earlier migrations (they run in timestamp order).
 */
export class PlatformRetention1764630000000 implements MigrationInterface {
  name = 'PlatformRetention1764630000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`ALTER TABLE "${schema}"."idempotency_key" ADD COLUMN "erased_at" timestamptz`);
    await queryRunner.query(`CREATE INDEX "outbox_event_published_idx" ON "${schema}"."outbox_event" ("published_at") WHERE "published_at" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "processed_event_processed_at_idx" ON "${schema}"."processed_event" ("processed_at")`);
    await queryRunner.query(`
      CREATE TABLE "${schema}"."parked_event" (
        "id" bigint GENERATED ALWAYS AS IDENTITY,
        "consumer" varchar(100) NOT NULL,
        "subject" varchar(200) NOT NULL,
        "event_id" varchar(100),
        "payload" text NOT NULL,
        "reason" text NOT NULL,
        "parked_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "parked_event_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "parked_event_parked_at_idx" ON "${schema}"."parked_event" ("parked_at")`);
    // A redelivered event is parked once (a message without an event id, every time: NULLs are distinct).
    await queryRunner.query(`CREATE UNIQUE INDEX "parked_event_consumer_event_idx" ON "${schema}"."parked_event" ("consumer", "event_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${schema}"."parked_event"`);
    await queryRunner.query(`DROP INDEX "${schema}"."processed_event_processed_at_idx"`);
    await queryRunner.query(`DROP INDEX "${schema}"."outbox_event_published_idx"`);
    await queryRunner.query(`ALTER TABLE "${schema}"."idempotency_key" DROP COLUMN "erased_at"`);
  }
}
