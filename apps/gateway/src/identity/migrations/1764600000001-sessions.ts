import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Revocable sessions: a membership's `access_version` (from one sequence, so that a membership
 * removed and added again never repeats a value) is signed into every access token and changes with
 * the role; refresh tokens are stored as SHA-256 hashes, one family per login.
 */
export class Sessions1764600000001 implements MigrationInterface {
  name = 'Sessions1764600000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "identity"."membership_access_version_seq"`);
    // A volatile default: existing rows each get their own value.
    await queryRunner.query(`
      ALTER TABLE "identity"."membership"
        ADD COLUMN "access_version" bigint NOT NULL DEFAULT nextval('"identity"."membership_access_version_seq"')`);
    await queryRunner.query(`
      CREATE TABLE "identity"."refresh_token" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "family_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "organization_id" uuid,
        "token_hash" bytea NOT NULL,
        "expires_at" timestamptz NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "rotated_at" timestamptz,
        "revoked_at" timestamptz,
        CONSTRAINT "refresh_token_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "refresh_token_token_hash_key" UNIQUE ("token_hash"),
        CONSTRAINT "refresh_token_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "identity"."app_user" ("id") ON DELETE CASCADE,
        CONSTRAINT "refresh_token_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "identity"."organization" ("id") ON DELETE CASCADE
      )`);
    await queryRunner.query(`CREATE INDEX "refresh_token_family_id_idx" ON "identity"."refresh_token" ("family_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_token_user_id_idx" ON "identity"."refresh_token" ("user_id", "organization_id")`);
    await queryRunner.query(`CREATE INDEX "refresh_token_expires_at_idx" ON "identity"."refresh_token" ("expires_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "identity"."refresh_token"`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" DROP COLUMN "access_version"`);
    await queryRunner.query(`DROP SEQUENCE "identity"."membership_access_version_seq"`);
  }
}
