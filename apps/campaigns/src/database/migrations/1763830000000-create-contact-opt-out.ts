import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateContactOptOut1763830000000 implements MigrationInterface {
  name = 'CreateContactOptOut1763830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "campaigns"."contact_opt_out" (
        "contact_id" uuid NOT NULL,
        "company_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "opted_out_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "contact_opt_out_pkey" PRIMARY KEY ("contact_id")
      )`);
    // The call queue will skip the opted-out contacts of a company.
    await queryRunner.query(`CREATE INDEX "contact_opt_out_organization_id_company_id_idx" ON "campaigns"."contact_opt_out" ("organization_id", "company_id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "campaigns"."contact_opt_out"`);
  }
}
