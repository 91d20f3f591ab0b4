import { EVENTS_STREAM, EVENTS_SUBJECT_PREFIX, type EventMeta, REQUEST_ID_HEADER } from '@app/contracts';
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type ConsumerMessages,
  type JsMsg,
  jetstream,
  jetstreamManager,
  JetStreamApiError,
  StorageType,
} from '@nats-io/jetstream';
import { connect, headers, nanos, type NatsConnection } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import type { PlatformEnv } from '../config/service.env.js';
import { followConnectionStatus, natsServers } from './nats-options.js';

/** What travels on `events.…`: the metadata every event has, plus the event's own payload. */
export interface EventMessage<T = unknown> {
  meta: EventMeta;
  data: T;
}

export interface EventBusOptions {
  natsUrl: string;
  /** Connection name shown by the NATS server (`companies-events`). */
  name: string;
  streamReplicas?: number;
  /** How long the stream keeps an event (default 7 days). */
  maxAgeMs?: number;
}

/** The event bus of a process, from its configuration. */
export function eventBusOptions(env: Pick<PlatformEnv, 'NATS_URL' | 'FILON_EVENTS_REPLICAS' | 'EVENTS_MAX_AGE_SECONDS'>, name: string): EventBusOptions {
  return { natsUrl: env.NATS_URL, name, streamReplicas: env.FILON_EVENTS_REPLICAS, maxAgeMs: env.EVENTS_MAX_AGE_SECONDS * 1000 };
}

export interface ConsumerOptions {
  /** Durable consumer name, unique per consuming service and purpose (`campaigns-companies`). */
  durable: string;
  /** One subject filter (nats-server 2.9 has no filter_subjects): `events.companies.>`. */
  filterSubject: string;
  /**
   * Applies the events delivered together, in their order (one, or up to `CONSUME_BATCH_MAX` that were
   * waiting): resolves once every one is applied (they are then acked), throws to have them all redelivered.
   */
  handle: (events: DeliveredEvent[]) => Promise<void>;
  /**
   * A message that is not an event at all (not JSON, no meta or event id, no data): kept aside with
   * the reason, then acked. Without it, such a message is logged and acked: never retried for ever.
   */
  park?: (subject: string, text: string, reason: string, eventId?: string) => Promise<void>;
}

/** One event as a consumer receives it. */
export interface DeliveredEvent {
  subject: string;
  message: EventMessage;
}

/**
 * How many waiting events a consumer hands over at once. Under a steady flow (calls logged as fast
 * as the gateway takes them) applying them in one transaction instead of one each is what lets a
 * consumer keep up: one commit instead of dozens.
 */
export const CONSUME_BATCH_MAX = 64;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The event in `text`, or why it is not one. */
export function parseEvent(text: string): EventMessage | { unreadable: string; eventId?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { unreadable: 'not JSON' };
  }
  const { meta, data } = (value ?? {}) as Partial<EventMessage>;
  if (typeof meta !== 'object' || meta === null) return { unreadable: 'no meta' };
  const eventId = typeof meta.eventId === 'string' ? meta.eventId.slice(0, 100) : undefined;
  if (!eventId || !UUID.test(eventId)) return { unreadable: 'meta.eventId is not a UUID' };
  if (meta.version !== undefined && (!Number.isInteger(meta.version) || meta.version < 1)) return { unreadable: 'meta.version is not a positive integer', eventId };
  if (typeof data !== 'object' || data === null) return { unreadable: 'no data', eventId };
  return value as EventMessage;
}

const DUPLICATE_WINDOW_MS = 10 * 60_000;
const DEFAULT_MAX_AGE_MS = 7 * 24 * 3_600_000;
const REDELIVERY_DELAY_MS = 2_000;

/**
 * The JetStream side of NATS: creates the FILON_EVENTS stream when missing, publishes with
 * `Nats-Msg-Id` (so the server drops a re-send within the duplicate window) and runs durable
 * pull consumers with explicit acks. The Nest NATS transport does not do JetStream (docs/runtime-notes.md).
 */
export class EventBus {
  private readonly logger = new Logger(EventBus.name);
  private connection?: NatsConnection;
  private isUp: () => boolean = () => false;
  private client?: JetStreamClient;
  private manager?: JetStreamManager;
  private readonly running: ConsumerMessages[] = [];
  private readonly loops: Promise<void>[] = [];

  constructor(private readonly options: EventBusOptions) {}

  async connect(): Promise<void> {
    if (this.connection) return;
    this.connection = await connect({
      servers: natsServers(this.options.natsUrl),
      name: this.options.name,
      maxReconnectAttempts: -1,
    });
    this.isUp = followConnectionStatus(this.connection);
    this.manager = await jetstreamManager(this.connection);
    this.client = jetstream(this.connection);
    await this.ensureStream();
  }

  /** Connected, or reconnecting after losing its server (false before connect and after close). */
  get isOpen(): boolean {
    return this.connection !== undefined && !this.connection.isClosed();
  }

  /** Connected to a NATS server now (false while it reconnects): what readiness reports as `nats`. */
  get isConnected(): boolean {
    return this.connection !== undefined && this.isUp();
  }

  /** Publishes one event and waits for JetStream's acknowledgement. */
  async publish(subject: string, message: EventMessage, eventId: string): Promise<void> {
    const client = this.requireClient();
    const messageHeaders = headers();
    if (message.meta.requestId) messageHeaders.set(REQUEST_ID_HEADER, message.meta.requestId);
    await client.publish(subject, JSON.stringify(message), { msgID: eventId, headers: messageHeaders });
  }

  /** Publishes an event already serialised (the outbox relay: no parse and re-serialise of large events). */
  async publishText(subject: string, message: string, eventId: string, requestId?: string): Promise<void> {
    const client = this.requireClient();
    const messageHeaders = headers();
    if (requestId) messageHeaders.set(REQUEST_ID_HEADER, requestId);
    await client.publish(subject, message, { msgID: eventId, headers: messageHeaders });
  }

  /** Starts a durable consumer; each message is acked only after `handle` resolved. */
  async consume(options: ConsumerOptions): Promise<void> {
    const manager = this.requireManager();
    const config = {
      durable_name: options.durable,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: options.filterSubject,
      ack_wait: nanos(30_000),
      max_deliver: -1,
    };
    try {
      await manager.consumers.info(EVENTS_STREAM, options.durable);
      await manager.consumers.update(EVENTS_STREAM, options.durable, { filter_subject: options.filterSubject });
    } catch (error) {
      if (!isNotFound(error)) throw error;
      await manager.consumers.add(EVENTS_STREAM, config);
    }
    const consumer = await this.requireClient().consumers.get(EVENTS_STREAM, options.durable);
    const messages = await consumer.consume({ max_messages: CONSUME_BATCH_MAX });
    this.running.push(messages);
    this.loops.push(this.applyInBatches(options, messages));
  }

  /**
   * Reads the consumer's messages into a queue and applies what waits there in batches, in order, one
   * batch at a time: a lone event goes through at once, a burst goes through CONSUME_BATCH_MAX at a time.
   */
  private async applyInBatches(options: ConsumerOptions, messages: ConsumerMessages): Promise<void> {
    const waiting: JsMsg[] = [];
    let applying: Promise<void> | undefined;
    const applyWaiting = (): Promise<void> =>
      (applying ??= (async () => {
        while (waiting.length > 0) await this.applyBatch(options, waiting.splice(0, CONSUME_BATCH_MAX));
      })().finally(() => {
        applying = undefined;
        // A message queued while the last batch was finishing would wait for the next one: not so.
        if (waiting.length > 0) void applyWaiting();
      }));
    for await (const message of messages) {
      waiting.push(message);
      // Backpressure: no more than two batches read ahead of what is applied.
      if (waiting.length >= 2 * CONSUME_BATCH_MAX) await applyWaiting();
      else void applyWaiting();
    }
    while (applying) await applying;
  }

  /** Unreadable messages are set aside one by one; the events are applied together, then acked (or all redelivered). */
  private async applyBatch(options: ConsumerOptions, batch: JsMsg[]): Promise<void> {
    const events: DeliveredEvent[] = [];
    const delivered: JsMsg[] = [];
    for (const message of batch) {
      const text = message.string();
      const event = parseEvent(text);
      if (!('unreadable' in event)) {
        events.push({ subject: message.subject, message: event });
        delivered.push(message);
        continue;
      }
      try {
        await this.setAside(options, message.subject, text, event.unreadable, event.eventId);
        message.ack();
      } catch (error) {
        this.logger.error({ err: error, subject: message.subject, durable: options.durable }, 'Setting an unreadable event aside failed; will retry');
        message.nak(REDELIVERY_DELAY_MS);
      }
    }
    if (events.length === 0) return;
    try {
      await options.handle(events);
      for (const message of delivered) message.ack();
    } catch (error) {
      this.logger.error({ err: error, subjects: [...new Set(events.map((event) => event.subject))], durable: options.durable }, 'Event handler failed; will retry');
      for (const message of delivered) message.nak(REDELIVERY_DELAY_MS);
    }
  }

  /**
   * A plain NATS subscription, no consumer: every process that calls it sees every matching event
   * published from now on, and none from before (for replicas that each keep an in-memory cache of
   * what the events change). Nothing is redelivered: a cache fed this way needs its own expiry too.
   */
  subscribeLive(subject: string, handle: (subject: string, message: EventMessage) => void): void {
    if (!this.connection) throw new Error('EventBus is not connected');
    this.connection.subscribe(subject, {
      callback: (error, message) => {
        if (error) return this.logger.warn({ err: error, subject }, 'Live event subscription failed');
        try {
          handle(message.subject, message.json<EventMessage>());
        } catch (handlerError) {
          this.logger.error({ err: handlerError, subject: message.subject }, 'Live event handler failed');
        }
      },
    });
  }

  private async setAside(options: ConsumerOptions, subject: string, text: string, reason: string, eventId?: string): Promise<void> {
    if (options.park) return options.park(subject, text, reason, eventId);
    this.logger.warn({ subject, durable: options.durable, eventId, reason }, 'Unreadable event skipped');
  }

  /** Stops consumers (in-flight handlers finish), then drains the connection. */
  async close(): Promise<void> {
    for (const messages of this.running.splice(0)) await messages.close();
    await Promise.allSettled(this.loops.splice(0));
    const connection = this.connection;
    this.connection = undefined;
    if (connection && !connection.isClosed()) await connection.drain();
  }

  /** Creates the stream when missing; brings an existing one's `max_age` to the configured one. */
  private async ensureStream(): Promise<void> {
    const manager = this.requireManager();
    const subjects = [`${EVENTS_SUBJECT_PREFIX}>`];
    const maxAge = nanos(this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS);
    try {
      const { config } = await manager.streams.info(EVENTS_STREAM);
      if (config.max_age !== maxAge) {
        await manager.streams.update(EVENTS_STREAM, { ...config, max_age: maxAge });
        this.logger.log({ stream: EVENTS_STREAM, maxAgeSeconds: maxAge / 1e9 }, 'Stream retention changed');
      }
    } catch (error) {
      if (!isNotFound(error)) throw error;
      try {
        await manager.streams.add({
          name: EVENTS_STREAM,
          subjects,
          storage: StorageType.File,
          num_replicas: this.options.streamReplicas ?? 1,
          duplicate_window: nanos(DUPLICATE_WINDOW_MS),
          max_age: maxAge,
        });
      } catch (addError) {
        // Another process created it between our info and add: fine.
        if (!(addError instanceof JetStreamApiError) || !/already in use|exists/i.test(addError.message)) throw addError;
      }
    }
  }

  private requireClient(): JetStreamClient {
    if (!this.client) throw new Error('EventBus is not connected');
    return this.client;
  }

  private requireManager(): JetStreamManager {
    if (!this.manager) throw new Error('EventBus is not connected');
    return this.manager;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof JetStreamApiError && (error.status === 404 || error.code === 10059 || error.code === 10014);
}
