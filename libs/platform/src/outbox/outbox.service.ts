import type { Actor, EventContract, EventMeta } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { EventMessage } from '../messaging/event-bus.js';
import { OutboxEventEntity } from './outbox-event.entity.js';

/**
 * Writes events in the caller's transaction (from UnitOfWork). The relay publishes them after
 * commit, so a change and its event are never one without the other.
 */
// Only the organisation is read from the actor: a consumer reacting to another event (no member
// acting) passes the organisation and the original request id.
export type EventOrigin = { actor: Pick<Actor, 'organizationId'>; requestId?: string };

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

  /**
   * Writes one event per payload, each already JSON text, in one INSERT: for bulk writers (imports
   * write thousands of large events) that would otherwise build, parse and re-serialise every object.
   */
  async addSerialized<T>(tx: EntityManager, event: EventContract<T>, origin: EventOrigin, payloads: string[]): Promise<void> {
    if (payloads.length === 0) return;
    const metadata = tx.connection.getMetadata(OutboxEventEntity);
    const table = `"${metadata.schema ?? 'public'}"."${metadata.tableName}"`;
    const occurredAt = new Date().toISOString();
    const parameters: string[] = [];
    const rows = payloads.map((payload) => {
      const meta: EventMeta = { eventId: randomUUID(), occurredAt, organizationId: origin.actor.organizationId, requestId: origin.requestId };
      parameters.push(meta.eventId, event.subject, `{"meta":${JSON.stringify(meta)},"data":${payload}}`);
      const at = parameters.length;
      return `($${at - 2}::uuid, $${at - 1}, $${at}::jsonb)`;
    });
    await tx.query(`INSERT INTO ${table} ("id", "subject", "message") VALUES ${rows.join(', ')}`, parameters);
  }
}
