import type { MigrationInterface, QueryRunner } from 'typeorm';
import { currentSchema } from '../database/platform-tables.migration.js';

/**
 * The projection of convention parties that each process keeps in its own schema, fed by the
 * conventions service's events (docs/sharing.md): `convention_share` holds the last version applied
 * per convention, `convention_party` its parties at that version. Listed by every process that lets
 * partners in (gateway, campaigns, contacts).
 */
export class ConventionSharing1764800000000 implements MigrationInterface {
  name = 'ConventionSharing1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`
      CREATE TABLE "${schema}"."convention_share" (
        "convention_id" uuid NOT NULL,
        "version" integer NOT NULL,
        CONSTRAINT "convention_share_pkey" PRIMARY KEY ("convention_id")
      )`);
    await queryRunner.query(`
      CREATE TABLE "${schema}"."convention_party" (
        "convention_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "role" varchar(20) NOT NULL,
        CONSTRAINT "convention_party_pkey" PRIMARY KEY ("convention_id", "organization_id")
      )`);
    // "Which conventions is this organisation a party of?" is every shared read's first question.
    await queryRunner.query(`CREATE INDEX "convention_party_organization_id_idx" ON "${schema}"."convention_party" ("organization_id", "convention_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const schema = await currentSchema(queryRunner);
    await queryRunner.query(`DROP TABLE "${schema}"."convention_party"`);
    await queryRunner.query(`DROP TABLE "${schema}"."convention_share"`);
  }
}
