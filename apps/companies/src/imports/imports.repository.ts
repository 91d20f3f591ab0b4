import type { ImportRowError } from '@app/contracts';
import { hydrateRow } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ImportJobEntity } from './import-job.entity.js';

export interface NewImportJob {
  id: string;
  organizationId: string;
  createdBy: string;
  actorRole: string;
  requestId: string;
  objectName: string;
  filename: string | null;
  size: number;
}

/** What one written batch adds to the job. */
export interface BatchProgress {
  recordsRead: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  errors: ImportRowError[];
}

const JOB = '"companies"."import_job"';

/** Import jobs. Reads for clients are scoped by `organizationId`; the worker's writes are fenced by the lease. */
@Injectable()
export class ImportsRepository {
  constructor(private readonly dataSource: DataSource) {}

  async insert(tx: EntityManager, job: NewImportJob): Promise<ImportJobEntity> {
    const rows: Record<string, unknown>[] = await tx.query(
      `INSERT INTO ${JOB} ("id", "organization_id", "created_by", "actor_role", "request_id", "object_name", "filename", "size")
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [job.id, job.organizationId, job.createdBy, job.actorRole, job.requestId, job.objectName, job.filename, job.size],
    );
    return hydrateRow(tx, ImportJobEntity, rows[0]);
  }

  async findOne(organizationId: string, id: string): Promise<ImportJobEntity | null> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(`SELECT * FROM ${JOB} WHERE "organization_id" = $1 AND "id" = $2`, [organizationId, id]);
    return rows.length > 0 ? hydrateRow(this.dataSource.manager, ImportJobEntity, rows[0]) : null;
  }

  /**
   * Takes the oldest job that is queued, or running with an expired lease (its worker stopped or
   * died), under a new lease. SKIP LOCKED: replicas polling together never take the same job.
   */
  async claim(lease: string, leaseMs: number): Promise<ImportJobEntity | null> {
    const [rows]: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE ${JOB} SET "status" = 'running', "lease" = $1, "lease_expires_at" = now() + $2 * interval '1 millisecond',
         "heartbeat_at" = now(), "started_at" = COALESCE("started_at", now()), "attempts" = "attempts" + 1,
         "updated_at" = now(), "version" = "version" + 1
       WHERE "id" = (
         SELECT "id" FROM ${JOB}
         WHERE "status" = 'queued' OR ("status" = 'running' AND ("lease_expires_at" IS NULL OR "lease_expires_at" <= now()))
         ORDER BY "created_at" LIMIT 1 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [lease, leaseMs],
    );
    return rows.length > 0 ? hydrateRow(this.dataSource.manager, ImportJobEntity, rows[0]) : null;
  }

  /** Extends the lease; false when the job is no longer ours. */
  async beat(id: string, lease: string, leaseMs: number): Promise<boolean> {
    const result: [unknown[], number] = await this.dataSource.query(
      `UPDATE ${JOB} SET "heartbeat_at" = now(), "lease_expires_at" = now() + $3 * interval '1 millisecond' WHERE "id" = $1 AND "lease" = $2 AND "status" = 'running'`,
      [id, lease, leaseMs],
    );
    return result[1] > 0;
  }

  /** Locks the job row for a batch's transaction; false when the lease is no longer ours. */
  async lockLeased(tx: EntityManager, id: string, lease: string): Promise<boolean> {
    const rows: unknown[] = await tx.query(`SELECT 1 FROM ${JOB} WHERE "id" = $1 AND "lease" = $2 AND "status" = 'running' FOR UPDATE`, [id, lease]);
    return rows.length > 0;
  }

  /** Adds a batch's counts (inside its transaction); `finish` also marks the job done. */
  async recordBatch(tx: EntityManager, id: string, progress: BatchProgress, finish: boolean): Promise<void> {
    await tx.query(
      `UPDATE ${JOB} SET
         "records_read" = $2,
         "inserted" = "inserted" + $3, "updated" = "updated" + $4, "skipped" = "skipped" + $5, "rejected" = "rejected" + $6,
         "processed_rows" = "processed_rows" + $3 + $4 + $5 + $6,
         "errors" = "errors" || $7::jsonb,
         "heartbeat_at" = now(), "updated_at" = now(), "version" = "version" + 1
         ${finish ? `, "status" = 'done', "total_rows" = "processed_rows" + $3 + $4 + $5 + $6, "finished_at" = now(), "lease" = NULL, "lease_expires_at" = NULL` : ''}
       WHERE "id" = $1`,
      [id, progress.recordsRead, progress.inserted, progress.updated, progress.skipped, progress.rejected, JSON.stringify(progress.errors)],
    );
  }

  async setFormat(id: string, lease: string, format: 'ours' | 'sirene'): Promise<void> {
    await this.dataSource.query(`UPDATE ${JOB} SET "format" = $3 WHERE "id" = $1 AND "lease" = $2 AND "format" IS DISTINCT FROM $3`, [id, lease, format]);
  }

  /**
   * Gives the job back for another attempt after `delayMs` (0 when the service stops: whoever starts
   * next resumes it). `failed` counts an attempt that went wrong; returns the failures so far.
   */
  async release(id: string, lease: string, delayMs: number, failed: boolean): Promise<number | undefined> {
    const rows: [Record<string, unknown>[], number] = await this.dataSource.query(
      `UPDATE ${JOB} SET "lease" = NULL, "lease_expires_at" = now() + $3 * interval '1 millisecond',
         "failures" = "failures" + $4, "updated_at" = now(), "version" = "version" + 1
       WHERE "id" = $1 AND "lease" = $2 AND "status" = 'running' RETURNING "failures"`,
      [id, lease, delayMs, failed ? 1 : 0],
    );
    return rows[0][0]?.failures as number | undefined;
  }

  /** Ends the job as failed with a reason meant for the user. */
  async fail(id: string, lease: string, reason: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE ${JOB} SET "status" = 'failed', "failure_reason" = $3, "finished_at" = now(), "lease" = NULL, "lease_expires_at" = NULL,
         "updated_at" = now(), "version" = "version" + 1
       WHERE "id" = $1 AND "lease" = $2 AND "status" = 'running'`,
      [id, lease, reason],
    );
  }
}
