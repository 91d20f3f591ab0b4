import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Memberships start `invited` until the person accepts; the ones that exist already were chosen by
 * their people long ago and become `active`. `invited_name` is the name the manager typed, shown in
 * the member list until the person accepts (the stored name is theirs to reveal). A password set by
 * someone else must be changed at first login.
 */
export class InvitationsAndPasswordChange1764610000001 implements MigrationInterface {
  name = 'InvitationsAndPasswordChange1764610000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identity"."membership" ADD COLUMN "status" varchar(10) NOT NULL DEFAULT 'active'`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" ALTER COLUMN "status" SET DEFAULT 'invited'`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" ADD CONSTRAINT "membership_status_check" CHECK ("status" IN ('invited', 'active'))`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" ADD COLUMN "invited_name" varchar(200)`);
    await queryRunner.query(`ALTER TABLE "identity"."app_user" ADD COLUMN "password_change_required" boolean NOT NULL DEFAULT false`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identity"."app_user" DROP COLUMN "password_change_required"`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" DROP COLUMN "invited_name"`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" DROP CONSTRAINT "membership_status_check"`);
    await queryRunner.query(`ALTER TABLE "identity"."membership" DROP COLUMN "status"`);
  }
}
