import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { PlatformEnv } from '../config/service.env.js';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity.js';
import { prunedRows } from '../ops/metrics.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { ParkedEventEntity } from '../outbox/parked-event.entity.js';
import { ProcessedEventEntity } from '../outbox/processed-event.entity.js';
import { tableNameOf } from '../database/table-name.js';
import { Scheduler } from './scheduler.js';

/** One kind of thing to prune: `pruneBatch` deletes at most `limit` of them and says how many it deleted. */
export interface PruneTask {
  name: string;
  pruneBatch: (limit: number) => Promise<number>;
}

const PRUNING_JOB = 'pruning';

/**
 * Deletes what is no longer needed, in this process's own schema, on the scheduler: published outbox
 * rows, applied-event ids older than the stream keeps events (plus a margin), parked events and
 * idempotency keys past their retention, and whatever the service adds (`add`). Each pass deletes at most PRUNE_BATCH_SIZE
 * rows of each kind, so it never holds locks for long; a full batch asks for another pass at once.
 */
@Injectable()
export class Pruning {
  private readonly logger = new Logger(Pruning.name);
  private readonly tasks: PruneTask[];

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: Scheduler,
    private readonly env: PlatformEnv,
  ) {
    this.tasks = [
      this.olderThan('published-events', OutboxEventEntity, ['sequence'], 'published_at', env.RETENTION_PUBLISHED_EVENTS_SECONDS),
      this.olderThan('applied-event-ids', ProcessedEventEntity, ['consumer', 'event_id'], 'processed_at', env.EVENTS_MAX_AGE_SECONDS + env.RETENTION_INBOX_MARGIN_SECONDS),
      this.olderThan('parked-events', ParkedEventEntity, ['id'], 'parked_at', env.RETENTION_PARKED_EVENTS_SECONDS),
      this.olderThan('idempotency-keys', IdempotencyRecordEntity, ['organization_id', 'key'], 'created_at', env.RETENTION_IDEMPOTENCY_KEYS_SECONDS),
    ];
  }

  /** A service's own kind of thing to prune (before `start`). */
  add(task: PruneTask): void {
    this.tasks.push(task);
  }

  start(): void {
    const intervalMs = this.env.PRUNE_INTERVAL_SECONDS * 1000;
    // The first pass waits a little: a process starting should serve first.
    this.scheduler.start(PRUNING_JOB, { run: () => this.pass(), intervalMs, startAfterMs: Math.min(intervalMs, 60_000) });
  }

  /** One batch of each kind; true when a batch was full (more to prune). A kind that fails does not stop the others. */
  async pass(): Promise<boolean> {
    const limit = this.env.PRUNE_BATCH_SIZE;
    let more = false;
    for (const task of this.tasks) {
      try {
        const deleted = await task.pruneBatch(limit);
        if (deleted > 0) prunedRows.inc({ kind: task.name }, deleted);
        if (deleted >= limit) more = true;
      } catch (error) {
        this.logger.warn({ err: error, kind: task.name }, 'Could not prune; will try again at the next pass');
      }
    }
    return more;
  }

  /** Prunes until nothing is left to prune (tests, and an operator's one-off). */
  async pruneAll(): Promise<void> {
    while (await this.pass());
  }

  private olderThan(name: string, entity: EntityTarget<ObjectLiteral>, key: string[], column: string, seconds: number): PruneTask {
    return {
      name,
      pruneBatch: async (limit) => {
        const table = tableNameOf(this.dataSource, entity);
        const columns = key.map((part) => `"${part}"`).join(', ');
        return countOf(
          await this.dataSource.query(
            `WITH "deleted" AS (
               DELETE FROM ${table} WHERE (${columns}) IN (
                 SELECT ${columns} FROM ${table} WHERE "${column}" < now() - $1 * interval '1 second' LIMIT $2 FOR UPDATE SKIP LOCKED
               ) RETURNING 1
             ) SELECT count(*)::int AS "count" FROM "deleted"`,
            [seconds, limit],
          ),
        );
      },
    };
  }
}

/** The `count` of a `SELECT count(*)::int AS "count"` (a data-modifying CTE's rows). */
export const countOf = (rows: { count: number }[]): number => rows[0]?.count ?? 0;
