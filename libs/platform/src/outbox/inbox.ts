import { type EventContract, readableVersions } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { EventBus, type EventMessage } from '../messaging/event-bus.js';
import { eventsApplied } from '../ops/metrics.js';
import { ParkedEventEntity } from './parked-event.entity.js';
import { ProcessedEventEntity } from './processed-event.entity.js';

/** What a consumer reads: the durable name, its subject filter and the contracts of the events it handles. */
export interface Subscription {
  /** Durable consumer name, unique per consuming service and purpose (`campaigns-companies`). */
  consumer: string;
  filterSubject: string;
  /** Events on other subjects under the filter are acked and ignored. */
  events: readonly EventContract<unknown>[];
  handle: (subject: string, message: EventMessage) => Promise<void>;
}

/**
 * Applies an event at most once per consumer: the event id is recorded in the same transaction as
 * the effect, so a redelivery (or a re-send inside JetStream's duplicate window) changes nothing.
 *
 * An event this consumer cannot read (a version its contract does not list, a malformed message) is
 * parked in `parked_event` with the reason, logged and acked: the consumer goes on with the next
 * event instead of failing on that one for ever.
 */
@Injectable()
export class Inbox {
  private readonly logger = new Logger(Inbox.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
  ) {}

  /** Starts the durable consumer; `handle` applies each readable event of `events` (through `apply`). */
  subscribe({ consumer, filterSubject, events, handle }: Subscription): Promise<void> {
    const contracts = new Map(events.map((contract) => [contract.subject, contract]));
    return this.bus.consume({
      durable: consumer,
      filterSubject,
      handle: async (subject, message) => {
        const contract = contracts.get(subject);
        if (!contract) return;
        const version = message.meta.version ?? 1;
        if (!readableVersions(contract).includes(version)) {
          const known = readableVersions(contract).join(', ');
          return this.park(consumer, subject, JSON.stringify(message), `version ${version} unknown (this consumer reads ${known})`, message.meta.eventId);
        }
        return handle(subject, message);
      },
      park: (subject, text, reason, eventId) => this.park(consumer, subject, text, reason, eventId),
    });
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

  /** Keeps the event aside (once per consumer and event id) and says why in the log, without its content. */
  private async park(consumer: string, subject: string, payload: string, reason: string, eventId?: string): Promise<void> {
    await this.dataSource
      .getRepository(ParkedEventEntity)
      .createQueryBuilder()
      .insert()
      .values({ consumer, subject, eventId: eventId ?? null, payload, reason })
      .orIgnore()
      .execute();
    this.logger.warn({ consumer, subject, eventId, reason }, 'Event parked');
    eventsApplied.inc({ consumer, result: 'parked' });
  }
}
