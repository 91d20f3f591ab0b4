import type { Actor, EventContract, EventMeta } from '@app/contracts';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { preparedQuery } from '../database/prepared-query.js';
import { tableNameOf } from '../database/table-name.js';
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
      meta: { eventId, occurredAt: new Date().toISOString(), organizationId: origin.actor.organizationId, requestId: origin.requestId, version: event.version },
      data,
    };
    // A fixed statement, prepared once per connection: TypeORM's insert built it anew for every event and
    // read the generated columns back (with the key's two statements, a tenth of the campaigns service's profile samples per logged call).
    const table = tableNameOf(tx, OutboxEventEntity);
    await preparedQuery(tx, `${table}.add`, `INSERT INTO ${table} ("id", "subject", "message") VALUES ($1, $2, $3)`, [eventId, event.subject, JSON.stringify(message)]);
    return eventId;
  }

  /**
   * For bulk writers (an import writes thousands of events of hundreds of companies each): the INSERT
   * of one event per row of `payloadsSql` (a query with a `"payload"` column of JSON text), to run as
   * a data-modifying CTE of the writer's own statement, so that payloads built in SQL never travel to
   * this process and back. Its two parameters are numbered from `firstParameter`.
   */
  insertFromSql<T>(tx: EntityManager, event: EventContract<T>, origin: EventOrigin, payloadsSql: string, firstParameter: number): { sql: string; parameters: string[] } {
    const table = tableNameOf(tx, OutboxEventEntity);
    const rest: Omit<EventMeta, 'eventId'> = { occurredAt: new Date().toISOString(), organizationId: origin.actor.organizationId, requestId: origin.requestId, version: event.version };
    // `{"meta":{"eventId":"…",` + the rest of the meta (it closes the object) + `,"data":` + payload + `}`.
    const [subject, meta] = [`$${firstParameter}`, `$${firstParameter + 1}`];
    const sql = `INSERT INTO ${table} ("id", "subject", "message")
      SELECT e."id", ${subject}, ('{"meta":{"eventId":"' || e."id" || '",' || ${meta}::text || ',"data":' || e."payload" || '}')::json
      FROM (SELECT gen_random_uuid() AS "id", p."payload" FROM (${payloadsSql}) AS p) AS e`;
    return { sql, parameters: [event.subject, JSON.stringify(rest).slice(1)] };
  }
}
