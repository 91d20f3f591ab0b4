import type { ImportJob } from '@app/contracts';
import type { ImportJobEntity } from './import-job.entity.js';

export function toImportJob(entity: ImportJobEntity): ImportJob {
  return {
    id: entity.id,
    status: entity.status,
    filename: entity.filename,
    size: entity.size,
    format: entity.format,
    totalRows: entity.totalRows,
    processedRows: entity.processedRows,
    inserted: entity.inserted,
    updated: entity.updated,
    skipped: entity.skipped,
    rejected: entity.rejected,
    errors: entity.errors,
    failureReason: entity.failureReason,
    startedAt: entity.startedAt?.toISOString() ?? null,
    finishedAt: entity.finishedAt?.toISOString() ?? null,
    createdAt: entity.createdAt.toISOString(),
    updatedAt: entity.updatedAt.toISOString(),
    version: entity.version,
  };
}
