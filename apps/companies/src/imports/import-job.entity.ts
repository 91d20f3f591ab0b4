import type { ImportRowError, ImportStatus } from '@app/contracts';
import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

// int8 comes back from pg as a string; file sizes stay far below 2^53.
const bigintAsNumber = { to: (value: number) => value, from: (value: string | null) => (value === null ? null : Number(value)) };

/**
 * An import of a CSV file stored in the object store. `records_read` is the resume point: data
 * records consumed, written in the same transaction as the batch they belong to. `lease` fences
 * a worker whose lease expired: its late commit finds another lease and rolls back.
 */
@Entity({ name: 'import_job' })
export class ImportJobEntity {
  @PrimaryColumn({ name: 'id', type: 'uuid' }) id!: string;
  @Column({ name: 'organization_id', type: 'uuid' }) organizationId!: string;
  @Column({ name: 'created_by', type: 'uuid' }) createdBy!: string;
  @Column({ name: 'actor_role', type: 'varchar', length: 20 }) actorRole!: string;
  @Column({ name: 'request_id', type: 'varchar', length: 200 }) requestId!: string;
  /** The uploaded file in the object store; NULL once the pruning removed a finished import's file. */
  @Column({ name: 'object_name', type: 'varchar', length: 200, nullable: true }) objectName!: string | null;
  @Column({ name: 'filename', type: 'varchar', length: 255, nullable: true }) filename!: string | null;
  @Column({ name: 'size', type: 'bigint', transformer: bigintAsNumber }) size!: number;
  @Column({ name: 'status', type: 'varchar', length: 10, default: 'queued' }) status!: ImportStatus;
  @Column({ name: 'format', type: 'varchar', length: 10, nullable: true }) format!: 'ours' | 'sirene' | null;
  @Column({ name: 'total_rows', type: 'integer', nullable: true }) totalRows!: number | null;
  @Column({ name: 'records_read', type: 'integer', default: 0 }) recordsRead!: number;
  @Column({ name: 'processed_rows', type: 'integer', default: 0 }) processedRows!: number;
  @Column({ name: 'inserted', type: 'integer', default: 0 }) inserted!: number;
  @Column({ name: 'updated', type: 'integer', default: 0 }) updated!: number;
  @Column({ name: 'skipped', type: 'integer', default: 0 }) skipped!: number;
  @Column({ name: 'rejected', type: 'integer', default: 0 }) rejected!: number;
  @Column({ name: 'errors', type: 'jsonb', default: () => "'[]'" }) errors!: ImportRowError[];
  @Column({ name: 'failure_reason', type: 'text', nullable: true }) failureReason!: string | null;
  @Column({ name: 'lease', type: 'uuid', nullable: true }) lease!: string | null;
  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true }) leaseExpiresAt!: Date | null;
  @Column({ name: 'heartbeat_at', type: 'timestamptz', nullable: true }) heartbeatAt!: Date | null;
  @Column({ name: 'attempts', type: 'integer', default: 0 }) attempts!: number;
  @Column({ name: 'failures', type: 'integer', default: 0 }) failures!: number;
  @Column({ name: 'started_at', type: 'timestamptz', nullable: true }) startedAt!: Date | null;
  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true }) finishedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'version', type: 'integer', default: 1 }) version!: number;
}
