import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Conventions, their parties and axes, actions, indicators and the indicators' daily counters
 * (docs/conventions.md). Foreign keys keep an action's axis and responsible party, and an
 * indicator's axis, among the convention's own: the service checks first and answers 422, the keys
 * hold even against a concurrent change.
 */
export class CreateConventions1764710000000 implements MigrationInterface {
  name = 'CreateConventions1764710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "conventions"."convention" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "organization_id" uuid NOT NULL,
        "title" varchar(200) NOT NULL,
        "reference" varchar(100),
        "signed_on" date,
        "starts_on" date NOT NULL,
        "ends_on" date NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "convention_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "convention_period_check" CHECK ("ends_on" >= "starts_on")
      )`);
    await queryRunner.query(`
      CREATE TABLE "conventions"."party" (
        "convention_id" uuid NOT NULL REFERENCES "conventions"."convention" ("id") ON DELETE CASCADE,
        "organization_id" uuid NOT NULL,
        "role" varchar(10) NOT NULL,
        "position" smallint NOT NULL,
        CONSTRAINT "party_pkey" PRIMARY KEY ("convention_id", "organization_id"),
        CONSTRAINT "party_role_check" CHECK ("role" IN ('signatory', 'partner'))
      )`);
    // Every read starts from the caller's organisation: "the conventions I am a party to".
    await queryRunner.query(`CREATE INDEX "party_organization_id_idx" ON "conventions"."party" ("organization_id", "convention_id")`);
    await queryRunner.query(`
      CREATE TABLE "conventions"."axis" (
        "convention_id" uuid NOT NULL REFERENCES "conventions"."convention" ("id") ON DELETE CASCADE,
        "code" varchar(20) NOT NULL,
        "title" varchar(200) NOT NULL,
        "description" varchar(5000),
        "position" smallint NOT NULL,
        CONSTRAINT "axis_pkey" PRIMARY KEY ("convention_id", "code")
      )`);
    await queryRunner.query(`
      CREATE TABLE "conventions"."action" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "convention_id" uuid NOT NULL,
        "axis_code" varchar(20) NOT NULL,
        "title" varchar(200) NOT NULL,
        "responsible_organization_id" uuid NOT NULL,
        "due_on" date,
        "status" varchar(12) NOT NULL DEFAULT 'planned',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "action_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "action_status_check" CHECK ("status" IN ('planned', 'in_progress', 'done', 'dropped')),
        CONSTRAINT "action_axis_fkey" FOREIGN KEY ("convention_id", "axis_code") REFERENCES "conventions"."axis" ("convention_id", "code"),
        CONSTRAINT "action_party_fkey" FOREIGN KEY ("convention_id", "responsible_organization_id") REFERENCES "conventions"."party" ("convention_id", "organization_id")
      )`);
    await queryRunner.query(`CREATE INDEX "action_convention_id_idx" ON "conventions"."action" ("convention_id", "created_at", "id")`);
    await queryRunner.query(`
      CREATE TABLE "conventions"."indicator" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "convention_id" uuid NOT NULL REFERENCES "conventions"."convention" ("id") ON DELETE CASCADE,
        "axis_code" varchar(20),
        "label" varchar(200) NOT NULL,
        "metric" varchar(30) NOT NULL,
        "target" integer NOT NULL,
        "campaign_ids" uuid[] NOT NULL DEFAULT '{}',
        "value" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "indicator_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "indicator_metric_check" CHECK ("metric" IN ('companies_contacted', 'calls_logged', 'companies_reached', 'meetings', 'offers_detected', 'apprenticeship_offers', 'manual')),
        CONSTRAINT "indicator_target_check" CHECK ("target" >= 1),
        CONSTRAINT "indicator_value_check" CHECK ("value" >= 0),
        CONSTRAINT "indicator_axis_fkey" FOREIGN KEY ("convention_id", "axis_code") REFERENCES "conventions"."axis" ("convention_id", "code")
      )`);
    // A logged call finds the counting indicators of its convention.
    await queryRunner.query(`CREATE INDEX "indicator_convention_id_idx" ON "conventions"."indicator" ("convention_id", "created_at", "id")`);
    // What each indicator gained (or, for a manual one, moved) per day in Europe/Paris: its value at
    // the end of any period is the sum of the days up to it; "value" on the row is the running total.
    await queryRunner.query(`
      CREATE TABLE "conventions"."indicator_day" (
        "indicator_id" uuid NOT NULL REFERENCES "conventions"."indicator" ("id") ON DELETE CASCADE,
        "day" date NOT NULL,
        "delta" integer NOT NULL,
        CONSTRAINT "indicator_day_pkey" PRIMARY KEY ("indicator_id", "day")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['indicator_day', 'indicator', 'action', 'axis', 'party', 'convention']) await queryRunner.query(`DROP TABLE "conventions"."${table}"`);
  }
}
