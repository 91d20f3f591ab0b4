import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the database itself guarantees about claims, whatever the races between callers:
 * - one company is held by at most one caller in the whole organisation (two claims of the same
 *   company in two campaigns, made at the same instant, cannot both commit: the second fails on the
 *   index and the claim looks again);
 * - a caller holds at most one claim per campaign (two claims asked at once by the same caller end
 *   with the same claim), and that index is also how "the claim you already hold" is found.
 */
export class ClaimHolderIndexes1764700200000 implements MigrationInterface {
  name = 'ClaimHolderIndexes1764700200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNIQUE INDEX "target_claimed_company_idx" ON "campaigns"."target" ("organization_id", "company_id")
      WHERE "status" = 'claimed'`);
    await queryRunner.query(`
      CREATE UNIQUE INDEX "target_claimed_by_idx" ON "campaigns"."target" ("campaign_id", "claimed_by")
      WHERE "status" = 'claimed'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "campaigns"."target_claimed_by_idx"`);
    await queryRunner.query(`DROP INDEX "campaigns"."target_claimed_company_idx"`);
  }
}
