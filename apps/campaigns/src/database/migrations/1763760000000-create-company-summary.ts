import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCompanySummary1763760000000 implements MigrationInterface {
  name = 'CreateCompanySummary1763760000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "campaigns"."company_summary" (
        "id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "name" varchar(200) NOT NULL,
        "naf_code" varchar(6),
        "postal_code" char(5),
        "city" varchar(100),
        "phone" varchar(30),
        "hiring_potential" smallint,
        "do_not_call" boolean NOT NULL DEFAULT false,
        "version" integer NOT NULL,
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "company_summary_pkey" PRIMARY KEY ("id")
      )`);
    await queryRunner.query(`CREATE INDEX "company_summary_organization_id_idx" ON "campaigns"."company_summary" ("organization_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "campaigns"."company_summary"`);
  }
}
