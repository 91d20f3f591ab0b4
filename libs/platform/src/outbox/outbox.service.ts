import type { EventContract } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentRequestId } from '../logging/request-context.js';
import type { EventMessage } from '../messaging/event-bus.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/**
 * Writes events in the caller's transaction (from UnitOfWork). The relay publishes them after
 * commit, so a change and its event are never one without the other.
 */
@Injectable()
export class OutboxService {
  async add<T>(tx: EntityManager, event: EventContract<T>, organizationId: string, data: T): Promise<string> {
    const eventId = randomUUID();
    const message: EventMessage<T> = {
      meta: { eventId, occurredAt: new Date().toISOString(), organizationId, requestId: currentRequestId() },
      data,
    };
    await tx.insert(OutboxEventEntity, { id: eventId, subject: event.subject, message: message as object });
    return eventId;
  }
}
