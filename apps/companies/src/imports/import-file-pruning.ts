import { Pruning, ServiceEnv } from '@app/platform';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ImportFiles } from './import-files.js';

/**
 * Finished and failed imports' files leave the object store RETENTION_IMPORT_FILES_SECONDS after the
 * import ended (the worker already removes them when it can; this catches the ones it could not),
 * and the job forgets the file's name. The job itself and its report stay.
 */
@Injectable()
export class ImportFilePruning implements OnModuleInit {
  constructor(
    private readonly dataSource: DataSource,
    private readonly files: ImportFiles,
    private readonly pruning: Pruning,
    private readonly env: ServiceEnv,
  ) {}

  onModuleInit(): void {
    this.pruning.add({ name: 'import-files', pruneBatch: (limit) => this.pruneBatch(limit) });
  }

  async pruneBatch(limit: number): Promise<number> {
    return this.dataSource.transaction(async (tx) => {
      const jobs: { id: string; object_name: string }[] = await tx.query(
        `SELECT "id", "object_name" FROM "companies"."import_job"
         WHERE "object_name" IS NOT NULL AND "status" IN ('done', 'failed') AND "finished_at" < now() - $1 * interval '1 second'
         ORDER BY "finished_at" LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [this.env.RETENTION_IMPORT_FILES_SECONDS, limit],
      );
      for (const job of jobs) await this.files.delete(job.object_name);
      if (jobs.length > 0) {
        await tx.query(`UPDATE "companies"."import_job" SET "object_name" = NULL WHERE "id" = ANY ($1::uuid[])`, [jobs.map((job) => job.id)]);
      }
      return jobs.length;
    });
  }
}
