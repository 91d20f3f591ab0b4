import { type EventContract, type EventMeta, type FieldError, readableVersions } from '@app/contracts';
import { Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type DeliveredEvent, EventBus, type EventMessage } from '../messaging/event-bus.js';
import { decodePayload } from '../messaging/payload-validation.js';
import { eventsApplied } from '../ops/metrics.js';
import { OutboxRelay } from './outbox-relay.js';
import { ParkedEventEntity } from './parked-event.entity.js';
import { ProcessedEventEntity } from './processed-event.entity.js';

/** Applies one event: its payload already validated against the contract, inside the transaction that records it. */
export type EventEffect<T> = (payload: T, tx: EntityManager, meta: EventMeta) => Promise<void>;

/** An event contract and what a consumer does with it; built with `on`. */
export interface EventHandler {
  readonly contract: EventContract<object>;
  readonly effect: EventEffect<object>;
  readonly when?: (payload: object) => boolean;
}

/** Options of `on`. */
export interface HandlerOptions<T> {
  /**
   * Which events have an effect at all (from the payload alone): the others are acked as `ignored`, with no
   * transaction and no `processed_event` row, since there is nothing to apply once. A consumer that acts on one
   * outcome of many (companies on `do_not_call` calls) then costs a validation per event, not a commit.
   */
  when?: (payload: T) => boolean;
}

/** `on(CompanyCreated, (payload, tx, meta) => …)`: the effect receives the contract's Payload class, validated. */
export function on<T extends object>(contract: EventContract<T>, effect: EventEffect<T>, options: HandlerOptions<T> = {}): EventHandler {
  // The inbox hands each effect the payload decoded with its own contract's class.
  return { contract, effect: effect as EventEffect<object>, when: options.when as ((payload: object) => boolean) | undefined };
}

/** What a consumer reads: its durable name and a handler per event. */
export interface Subscription {
  /** Durable consumer name, unique per consuming service and source (`campaigns-companies`). */
  consumer: string;
  handlers: readonly EventHandler[];
  /** Default: the handlers' subjects' common prefix (`events.companies.company.>`). Events under it that no handler names are acked and ignored. */
  filterSubject?: string;
}

/** An event this consumer reads, decoded, ready to apply. */
interface ReadEvent {
  readonly handler: EventHandler;
  readonly payload: object;
  readonly meta: EventMeta;
}

/** What became of one delivered message. */
export type Delivery = 'applied' | 'duplicate' | 'parked' | 'ignored';

// A payload with hundreds of bad companies says enough with its first few field names.
const REASON_FIELDS = 10;

/**
 * The one way a service consumes events. Each event is applied at most once per consumer: its id is
 * recorded in `processed_event` in the same transaction as the handler's effect, so a redelivery (or
 * a re-send inside JetStream's duplicate window) changes nothing, and an effect that throws leaves
 * nothing behind and is retried.
 *
 * An event this consumer cannot read (a version its contract does not list, a payload its contract's
 * class refuses, a message that is no event at all) is parked in `parked_event` with the reason,
 * logged (field names, never values: events may name people) and acked: the consumer goes on with
 * the next event instead of failing on that one for ever.
 */
@Injectable()
export class Inbox {
  private readonly logger = new Logger(Inbox.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
  ) {}

  /** Starts the durable consumer; each message goes through `deliver`. */
  subscribe(subscription: Subscription): Promise<void> {
    const handlers = handlersBySubject(subscription);
    return this.bus.consume({
      durable: subscription.consumer,
      filterSubject: subscription.filterSubject ?? filterSubjectOf([...handlers.keys()]),
      handle: async (events) => {
        await this.deliverAll(subscription, events);
      },
      park: (subject, text, reason, eventId) => this.park(subscription.consumer, subject, text, reason, eventId),
    });
  }

  /** Reads one message as the bus delivers it (tests call it directly); throws when the effect did, so that the bus retries. */
  async deliver(subscription: Subscription, subject: string, message: EventMessage): Promise<Delivery> {
    return (await this.deliverAll(subscription, [{ subject, message }]))[0]!;
  }

  /**
   * Applies events delivered together, in their order, in one transaction: one commit for a burst
   * instead of one per event. When an effect throws, nothing of the batch stays; the events are then
   * applied one transaction each, so that the failing one (thrown again, for the bus to retry) holds
   * back no other.
   */
  async deliverAll(subscription: Subscription, events: readonly DeliveredEvent[]): Promise<Delivery[]> {
    // One after the other: what is parked is parked in the order it came.
    const readable: (ReadEvent | 'ignored' | 'parked')[] = [];
    for (const { subject, message } of events) readable.push(await this.read(subscription, subject, message));
    const effects = readable.filter((reading): reading is ReadEvent => typeof reading !== 'string');
    if (effects.length > 1) {
      try {
        const applied = await this.dataSource.transaction((tx) => this.applyEach(tx, subscription.consumer, effects));
        return this.settled(subscription.consumer, readable, applied);
      } catch (error) {
        this.logger.warn({ err: error, consumer: subscription.consumer, events: effects.length }, 'An event of a batch failed; applying them one by one');
      }
    }
    const applied = new Map<ReadEvent, boolean>();
    for (const effect of effects) {
      const [result] = await this.dataSource.transaction((tx) => this.applyEach(tx, subscription.consumer, [effect]));
      applied.set(effect, result!);
    }
    return this.settled(subscription.consumer, readable, effects.map((effect) => applied.get(effect)!));
  }

  /** The handler and decoded payload of one event, or what became of it when there is nothing to apply. */
  private async read(subscription: Subscription, subject: string, message: EventMessage): Promise<ReadEvent | 'ignored' | 'parked'> {
    const { consumer } = subscription;
    const handler = handlersBySubject(subscription).get(subject);
    if (!handler) return 'ignored';
    const version = message.meta.version ?? 1;
    const readable = readableVersions(handler.contract);
    if (!readable.includes(version)) {
      await this.park(consumer, subject, JSON.stringify(message), `version ${version} unknown (this consumer reads ${readable.join(', ')})`, message.meta.eventId);
      return 'parked';
    }
    const decoded = await decodePayload(handler.contract.Payload, message.data);
    if (!decoded.valid) {
      await this.park(consumer, subject, JSON.stringify(message), invalidPayloadReason(handler.contract, decoded.errors), message.meta.eventId);
      return 'parked';
    }
    if (handler.when && !handler.when(decoded.payload)) return 'ignored';
    return { handler, payload: decoded.payload, meta: message.meta };
  }

  /**
   * Records each event id, then applies the event unless the id was already recorded (a redelivery,
   * a re-send, or the same event twice in one batch): each effect applies at most once per consumer.
   */
  private async applyEach(tx: EntityManager, consumer: string, effects: readonly ReadEvent[]): Promise<boolean[]> {
    const applied: boolean[] = [];
    for (const { handler, payload, meta } of effects) {
      const inserted = await tx
        .getRepository(ProcessedEventEntity)
        .createQueryBuilder()
        .insert()
        .values({ consumer, eventId: meta.eventId })
        .orIgnore()
        .returning(['event_id'])
        .execute();
      const fresh = inserted.raw.length > 0;
      if (fresh) await handler.effect(payload, tx, meta);
      applied.push(fresh);
    }
    return applied;
  }

  /** Each event's delivery, in order, counted in the metrics; the relay woken when an effect may have written events. */
  private settled(consumer: string, readable: readonly (ReadEvent | 'ignored' | 'parked')[], applied: readonly boolean[]): Delivery[] {
    let next = 0;
    const deliveries = readable.map((reading): Delivery => {
      if (typeof reading === 'string') return reading;
      const result = applied[next++] ? 'applied' : 'duplicate';
      eventsApplied.inc({ consumer, result });
      return result;
    });
    // An effect may have written events of its own (contacts erased with their company): publish them now.
    if (deliveries.includes('applied')) this.relay.wakeSoon();
    return deliveries;
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

function handlersBySubject({ consumer, handlers }: Subscription): Map<string, EventHandler> {
  const bySubject = new Map<string, EventHandler>();
  for (const handler of handlers) {
    if (bySubject.has(handler.contract.subject)) throw new Error(`${consumer} has two handlers for ${handler.contract.subject}`);
    bySubject.set(handler.contract.subject, handler);
  }
  return bySubject;
}

/** The narrowest single filter (nats-server 2.9 takes one) covering `subjects`: the subject itself, or their common tokens then `>`. */
export function filterSubjectOf(subjects: readonly string[]): string {
  const [first, ...others] = subjects.map((subject) => subject.split('.'));
  if (!first) throw new Error('A subscription needs at least one handler');
  if (others.every((tokens) => tokens.join('.') === first.join('.'))) return first.join('.');
  let common = 0;
  while (common < first.length - 1 && others.every((tokens) => tokens.length > common + 1 && tokens[common] === first[common])) common++;
  return [...first.slice(0, common), '>'].join('.');
}

// Field names only: the values may be a person's.
function invalidPayloadReason(contract: EventContract<object>, errors: FieldError[]): string {
  const fields = [...new Set(errors.map((error) => error.field || '(payload)'))];
  const shown = fields.slice(0, REASON_FIELDS).join(', ');
  const more = fields.length > REASON_FIELDS ? ` and ${fields.length - REASON_FIELDS} more` : '';
  return `payload invalid for ${contract.Payload.name}: ${shown}${more}`;
}
