import { Injectable, Logger } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import { EventBus, type EventMessage } from '../messaging/event-bus.js';
import { outboxPublished } from '../ops/metrics.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

const BATCH_SIZE = 200;
const POLL_INTERVAL_MS = 1000;
const RETRY_DELAY_MS = 2000;

/**
 * Publishes committed outbox rows to JetStream, oldest first, with `Nats-Msg-Id` = event id. Rows
 * are claimed with `FOR UPDATE SKIP LOCKED`, so replicas share the work; a crash after publishing
 * and before marking re-sends the event, which JetStream's duplicate window drops and consumers'
 * processed-event table ignores.
 */
@Injectable()
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running = false;
  private draining?: Promise<void>;
  private wakeRequested = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops polling and waits for the batch in flight. Committed rows stay for the next start. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.draining;
  }

  /** Ask for a pass soon (after a commit), instead of waiting for the next poll. */
  wakeSoon(): void {
    if (!this.running) return;
    this.wakeRequested = true;
    setImmediate(() => this.schedule(0));
  }

  /** Publishes everything pending now; returns how many events went out. */
  async publishPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < BATCH_SIZE) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    if (this.draining) {
      this.wakeRequested = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pass(), delayMs);
  }

  private pass(): void {
    this.timer = undefined;
    this.wakeRequested = false;
    this.draining = this.publishPending()
      .then(() => (this.wakeRequested ? 0 : POLL_INTERVAL_MS))
      .catch((error: unknown) => {
        this.logger.warn({ err: error }, 'Outbox relay could not publish; retrying');
        return RETRY_DELAY_MS;
      })
      .then((delay) => {
        this.draining = undefined;
        this.schedule(delay);
      });
  }

  private async publishBatch(): Promise<number> {
    if (!this.bus.isConnected) return 0;
    return this.dataSource.transaction(async (tx) => {
      const batch = await tx
        .getRepository(OutboxEventEntity)
        .createQueryBuilder('event')
        .where({ publishedAt: IsNull() })
        .orderBy('event.sequence', 'ASC')
        .limit(BATCH_SIZE)
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .getMany();
      for (const event of batch) {
        await this.bus.publish(event.subject, event.message as EventMessage, event.id);
      }
      if (batch.length > 0) {
        await tx
          .getRepository(OutboxEventEntity)
          .createQueryBuilder()
          .update()
          .set({ publishedAt: () => 'now()' })
          .whereInIds(batch.map((event) => event.sequence))
          .execute();
        outboxPublished.inc(batch.length);
      }
      return batch.length;
    });
  }
}
