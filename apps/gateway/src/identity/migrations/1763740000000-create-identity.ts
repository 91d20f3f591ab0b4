import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIdentity1763740000000 implements MigrationInterface {
  name = 'CreateIdentity1763740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE "identity"."organization" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" varchar(200) NOT NULL,
        "kind" varchar(20) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "organization_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "organization_kind_check" CHECK ("kind" IN ('club', 'agency', 'chamber', 'partner', 'other'))
      )`);
    await queryRunner.query(`
      CREATE TABLE "identity"."app_user" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "email" varchar(254) NOT NULL,
        "name" varchar(200) NOT NULL,
        "password_hash" varchar(200) NOT NULL,
        "is_platform_admin" boolean NOT NULL DEFAULT false,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "app_user_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "app_user_email_key" UNIQUE ("email"),
        CONSTRAINT "app_user_email_lower_check" CHECK ("email" = lower("email"))
      )`);
    await queryRunner.query(`
      CREATE TABLE "identity"."membership" (
        "organization_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "role" varchar(20) NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        "version" integer NOT NULL DEFAULT 1,
        CONSTRAINT "membership_pkey" PRIMARY KEY ("organization_id", "user_id"),
        CONSTRAINT "membership_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "identity"."organization" ("id") ON DELETE CASCADE,
        CONSTRAINT "membership_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "identity"."app_user" ("id") ON DELETE CASCADE,
        CONSTRAINT "membership_role_check" CHECK ("role" IN ('manager', 'volunteer', 'viewer'))
      )`);
    await queryRunner.query(`CREATE INDEX "membership_user_id_idx" ON "identity"."membership" ("user_id")`);
    // rate-limiter-flexible's table (tableCreated: true): failed logins per email and per address.
    await queryRunner.query(`
      CREATE TABLE "identity"."login_failure" (
        "key" varchar(255) NOT NULL,
        "points" integer NOT NULL DEFAULT 0,
        "expire" bigint,
        CONSTRAINT "login_failure_pkey" PRIMARY KEY ("key")
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "identity"."login_failure"`);
    await queryRunner.query(`DROP TABLE "identity"."membership"`);
    await queryRunner.query(`DROP TABLE "identity"."app_user"`);
    await queryRunner.query(`DROP TABLE "identity"."organization"`);
  }
}
