import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { EventMessage } from '../messaging/event-bus.js';
import { ProcessedEventEntity } from './processed-event.entity.js';

/**
 * Applies an event at most once per consumer: the event id is recorded in the same transaction as
 * the effect, so a redelivery (or a re-send inside JetStream's duplicate window) changes nothing.
 */
@Injectable()
export class Inbox {
  constructor(private readonly dataSource: DataSource) {}

  /** Returns false when this consumer had already applied the event. */
  async apply(consumer: string, message: EventMessage, effect: (tx: EntityManager) => Promise<void>): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
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
  }
}
