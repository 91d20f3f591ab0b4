import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EventBus, type EventMessage } from '../messaging/event-bus.js';
import { eventsApplied } from '../ops/metrics.js';
import { ProcessedEventEntity } from './processed-event.entity.js';

/**
 * Applies an event at most once per consumer: the event id is recorded in the same transaction as
 * the effect, so a redelivery (or a re-send inside JetStream's duplicate window) changes nothing.
 */
@Injectable()
export class Inbox {
  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
  ) {}

  /** Starts the durable consumer `consumer` on `filterSubject`; `handle` applies each event (through `apply`). */
  subscribe(consumer: string, filterSubject: string, handle: (subject: string, message: EventMessage) => Promise<void>): Promise<void> {
    return this.bus.consume({ durable: consumer, filterSubject, handle });
  }

  /** Returns false when this consumer had already applied the event. Counted in /metrics either way. */
  async apply(consumer: string, message: EventMessage, effect: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    const applied = await this.dataSource.transaction(async (tx) => {
      const inserted = await tx
        .getRepository(ProcessedEventEntity)
        .createQueryBuilder()
        .insert()
        .values({ consumer, eventId: message.meta.eventId })
        .orIgnore()
        .returning(['event_id'])
        .execute();
      if (inserted.raw.length === 0) return false;
      await effect(tx);
      return true;
    });
    eventsApplied.inc({ consumer, result: applied ? 'applied' : 'duplicate' });
    return applied;
  }
}
