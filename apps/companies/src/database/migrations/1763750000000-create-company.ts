import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCompany1763750000000 implements MigrationInterface {
  name = 'CreateCompany1763750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "companies"."company" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "name" varchar(200) NOT NULL,
        "siret" char(14),
        "siren" char(9),
        "naf_code" varchar(6),
        "size_band" varchar(2),
        "address_line" varchar(300),
        "postal_code" char(5),
        "city" varchar(100),
        "phone" varchar(30),
        "email" varchar(254),
        "website" varchar(500),
        "tags" text[] NOT NULL DEFAULT '{}',
        "hiring_potential" smallint,
        "do_not_call" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "company_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "company_organization_id_siret_key" UNIQUE ("organization_id", "siret"),
        CONSTRAINT "company_hiring_potential_check" CHECK ("hiring_potential" BETWEEN 0 AND 100)
      )`);
    // Lists walk (name, id) inside one organisation.
    await queryRunner.query(`CREATE INDEX "company_organization_id_name_id_idx" ON "companies"."company" ("organization_id", "name", "id")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "companies"."company"`);
  }
}
