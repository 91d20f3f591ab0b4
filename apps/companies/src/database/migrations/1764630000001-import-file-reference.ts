import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A finished import's file is removed from the object store by the pruning, and its reference with
 * it (`object_name` NULL): the job and its report stay. An index finds finished jobs still holding one.
 */
export class ImportFileReference1764630000001 implements MigrationInterface {
  name = 'ImportFileReference1764630000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "companies"."import_job" ALTER COLUMN "object_name" DROP NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "import_job_file_to_prune_idx" ON "companies"."import_job" ("finished_at") WHERE "object_name" IS NOT NULL AND "status" IN ('done', 'failed')`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "companies"."import_job_file_to_prune_idx"`);
    await queryRunner.query(`UPDATE "companies"."import_job" SET "object_name" = '' WHERE "object_name" IS NULL`);
    await queryRunner.query(`ALTER TABLE "companies"."import_job" ALTER COLUMN "object_name" SET NOT NULL`);
  }
}
