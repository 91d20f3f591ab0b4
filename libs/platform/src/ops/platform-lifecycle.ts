import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DataSource, LessThan, Not, IsNull } from 'typeorm';
import { IdempotencyRecordEntity } from '../idempotency/idempotency-record.entity.js';
import { EventBus } from '../messaging/event-bus.js';
import { OutboxEventEntity } from '../outbox/outbox-event.entity.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { ProcessedEventEntity } from '../outbox/processed-event.entity.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Starts and stops the event machinery in the right order (connect, relay on; relay off, then drain
 * NATS) and prunes old platform rows: published events after 7 days, idempotency keys after 48 h
 * (the API promises at least 24 h: docs/api-conventions.md), applied-event ids after 30 days (longer than the stream keeps events).
 */
@Injectable()
export class PlatformLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(PlatformLifecycle.name);
  private housekeeping?: NodeJS.Timeout;

  constructor(
    private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
    private readonly dataSource: DataSource,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.connect();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.housekeeping = setInterval(() => void this.prune(), HOUR_MS);
    this.housekeeping.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.housekeeping) clearInterval(this.housekeeping);
    await this.relay.stop();
    await this.bus.close();
  }

  async prune(now = Date.now()): Promise<void> {
    try {
      await this.dataSource.getRepository(OutboxEventEntity).delete({ publishedAt: Not(IsNull()), createdAt: LessThan(new Date(now - 7 * DAY_MS)) });
      await this.dataSource.getRepository(IdempotencyRecordEntity).delete({ createdAt: LessThan(new Date(now - 2 * DAY_MS)) });
      await this.dataSource.getRepository(ProcessedEventEntity).delete({ processedAt: LessThan(new Date(now - 30 * DAY_MS)) });
    } catch (error) {
      this.logger.warn({ err: error }, 'Housekeeping failed; will try again in an hour');
    }
  }
}
