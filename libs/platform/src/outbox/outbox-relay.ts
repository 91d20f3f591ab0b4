import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { tableNameOf } from '../database/table-name.js';
import { EventBus } from '../messaging/event-bus.js';
import { outboxPublished } from '../ops/metrics.js';
import { Scheduler } from '../scheduling/scheduler.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

const BATCH_SIZE = 200;
// Stored bytes of one batch, held in memory while it is published: an import writes events of
// ~300 KB (500 companies), and 200 of them parsed into objects would take hundreds of MB.
const BATCH_BYTES = 4 * 1024 * 1024;
const POLL_INTERVAL_MS = 1000;
const RETRY_DELAY_MS = 2000;
// The commits of a burst share one pass (one read, one mark for all their events) for at most this delay.
const WAKE_WITHIN_MS = 5;
const RELAY_JOB = 'outbox-relay';

/**
 * Publishes committed outbox rows to JetStream, oldest first, with `Nats-Msg-Id` = event id. Rows
 * are claimed with `FOR UPDATE SKIP LOCKED`, so replicas share the work; a crash after publishing
 * and before marking re-sends the event, which JetStream's duplicate window drops and consumers'
 * processed-event table ignores.
 */
@Injectable()
export class OutboxRelay {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly scheduler: Scheduler,
  ) {}

  start(): void {
    this.scheduler.start(RELAY_JOB, {
      run: async () => {
        await this.publishPending();
      },
      intervalMs: POLL_INTERVAL_MS,
      retryMs: RETRY_DELAY_MS,
      wakeWithinMs: WAKE_WITHIN_MS,
      failureMessage: 'Outbox relay could not publish; retrying',
    });
  }

  /** Stops polling and waits for the batch in flight. Committed rows stay for the next start. */
  stop(): Promise<void> {
    return this.scheduler.stop(RELAY_JOB);
  }

  /** Ask for a pass soon (after a commit), instead of waiting for the next poll. */
  wakeSoon(): void {
    this.scheduler.wake(RELAY_JOB);
  }

  /** Publishes everything pending now; returns how many events went out. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const { published, more } = await this.publishBatch();
      total += published;
      if (!more) return total;
    }
  }

  /**
   * One batch, oldest first, up to BATCH_SIZE events or BATCH_BYTES (at least one event). Messages
   * are read and published as the JSON text they are stored as.
   */
  private async publishBatch(): Promise<{ published: number; more: boolean }> {
    if (!this.bus.isOpen) return { published: 0, more: false };
    const table = tableNameOf(this.dataSource, OutboxEventEntity);
    return this.dataSource.transaction(async (tx) => {
      const batch: { sequence: string; id: string; subject: string; message: string; requestId: string | null; locked: string }[] = await tx.query(
        `WITH "pending" AS (
           SELECT "sequence", pg_column_size("message") AS "bytes" FROM ${table}
           WHERE "published_at" IS NULL ORDER BY "sequence" LIMIT $1 FOR UPDATE SKIP LOCKED
         ), "sized" AS (
           SELECT "sequence", sum("bytes") OVER (ORDER BY "sequence") - "bytes" AS "before", count(*) OVER () AS "locked" FROM "pending"
         )
         SELECT e."sequence", e."id", e."subject", e."message"::text AS "message", e."message"->'meta'->>'requestId' AS "requestId", s."locked"
         FROM "sized" s JOIN ${table} e ON e."sequence" = s."sequence"
         WHERE s."before" < $2 ORDER BY e."sequence"`,
        [BATCH_SIZE, BATCH_BYTES],
      );
      // Sent in order without waiting for each acknowledgement (one socket write for the batch, one round
      // trip instead of one per event), then awaited together. One refusal rolls the whole batch back: the
      // next pass sends it again and JetStream drops those it stored (their Nats-Msg-Id), so a failure may
      // reorder events as a redelivery may (docs/events.md, "Order").
      const acks = await Promise.allSettled(batch.map((event) => this.bus.publishText(event.subject, event.message, event.id, event.requestId ?? undefined)));
      const refused = acks.find((ack) => ack.status === 'rejected');
      if (refused) throw refused.reason;
      if (batch.length > 0) {
        await tx.query(`UPDATE ${table} SET "published_at" = now() WHERE "sequence" = ANY ($1::bigint[])`, [batch.map((event) => event.sequence)]);
        outboxPublished.inc(batch.length);
      }
      // More wait when the batch was cut by size, or when there were as many as a batch takes.
      const locked = batch.length > 0 ? Number(batch[0].locked) : 0;
      return { published: batch.length, more: batch.length > 0 && (batch.length < locked || locked === BATCH_SIZE) };
    });
  }
}
