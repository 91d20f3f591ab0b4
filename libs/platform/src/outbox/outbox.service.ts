import type { Envelope, EventContract } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventMessage } from '../messaging/event-bus.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/**
 * Writes events in the caller's transaction (from UnitOfWork). The relay publishes them after
 * commit, so a change and its event are never one without the other.
 */
export type EventOrigin = Pick<Envelope<unknown>, 'actor' | 'requestId'>;

@Injectable()
export class OutboxService {
  /** `origin` is the request that caused the event: its organisation and request id go in the metadata. */
  async add<T>(tx: EntityManager, event: EventContract<T>, origin: EventOrigin, data: T): Promise<string> {
    const eventId = randomUUID();
    const message: EventMessage<T> = {
      meta: { eventId, occurredAt: new Date().toISOString(), organizationId: origin.actor.organizationId, requestId: origin.requestId },
      data,
    };
    await tx.insert(OutboxEventEntity, { id: eventId, subject: event.subject, message: message as object });
    return eventId;
  }
}
