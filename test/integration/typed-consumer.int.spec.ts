import { CompanyUpdated, ContactRefPayload, type EventMeta } from '@app/contracts';
import { EventBus, type EventMessage, filterSubjectOf, Inbox, on, type Subscription } from '@app/platform';
import { expectEventually, uniqueSuffix } from '@app/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPerson } from '../support/test-people.js';
import { TestSystem } from '../support/system.js';

interface ParkedRow {
  subject: string;
  event_id: string | null;
  payload: string;
  reason: string;
}

/**
 * An event contract of its own per test (no service consumes it, and each test's durable consumer
 * sees only its events), carrying the payload of a real one.
 */
const testEvent = () => ({ subject: `events.typedtest${uniqueSuffix().replace(/\W/g, '')}.contact.opted-out`, Payload: ContactRefPayload, version: 1 });

/** What the test handlers do: a row written through the handler's transaction. */
const recordOptOut = (tx: EntityManager, { id, organizationId, companyId }: ContactRefPayload) =>
  tx.query(`INSERT INTO "campaigns"."contact_opt_out" ("contact_id", "company_id", "organization_id") VALUES ($1, $2, $3)`, [id, companyId, organizationId]);

describe('a typed consumer: one handler per event contract, payload validated, applied once', () => {
  let system: TestSystem;
  let campaigns: NestFastifyApplication;
  let inbox: Inbox;
  let bus: EventBus;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['campaigns'], gateway: false });
    campaigns = system.services.get('campaigns')![0]!;
    inbox = campaigns.get(Inbox);
    bus = new EventBus({ natsUrl: system.nats.url, name: 'typed-consumer-test' });
    await bus.connect();
  });
  afterAll(async () => {
    await bus?.close();
    await system?.close();
  });

  const optedOut = (data: Record<string, unknown> = {}): EventMessage<Record<string, unknown>> => {
    const organizationId = randomUUID();
    return {
      meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId },
      data: { id: randomUUID(), organizationId, companyId: randomUUID(), ...data },
    };
  };
  const optOutRows = (contactId: unknown) => system.database.query(`SELECT contact_id FROM campaigns.contact_opt_out WHERE contact_id = $1`, [contactId]);
  const processed = (consumer: string, eventId: string) =>
    system.database.query(`SELECT event_id FROM campaigns.processed_event WHERE consumer = $1 AND event_id = $2`, [consumer, eventId]);
  const parkedOf = (consumer: string) =>
    system.database.query<ParkedRow>(`SELECT subject, event_id, payload, reason FROM campaigns.parked_event WHERE consumer = $1 ORDER BY id`, [consumer]);

  it('should hand the handler the payload as its contract class, with the meta, and apply a redelivered event once', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    const seen: { payload: unknown; meta: EventMeta }[] = [];
    const subscription: Subscription = {
      consumer,
      handlers: [
        on(ContactOptedOut, async (payload, tx, meta) => {
          seen.push({ payload, meta });
          await recordOptOut(tx, payload);
        }),
      ],
    };
    const message = optedOut();

    expect(await inbox.deliver(subscription, ContactOptedOut.subject, message)).toBe('applied');
    expect(await inbox.deliver(subscription, ContactOptedOut.subject, message)).toBe('duplicate');

    expect(seen).toHaveLength(1);
    expect(seen[0]!.payload).toBeInstanceOf(ContactRefPayload);
    expect(seen[0]!.payload).toEqual(message.data);
    expect(seen[0]!.meta).toEqual(message.meta);
    expect(await optOutRows(message.data.id)).toHaveLength(1);
    expect(await processed(consumer, message.meta.eventId)).toHaveLength(1);
    // Events of a subject no handler names are ignored, not parked.
    expect(await inbox.deliver(subscription, 'events.typedtest.contact.renamed', optedOut())).toBe('ignored');
  });

  it('should ack an event its handler has no effect for as ignored, writing nothing, and apply the others once', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    const kept = randomUUID();
    const subscription: Subscription = {
      consumer,
      handlers: [on(ContactOptedOut, (payload, tx) => recordOptOut(tx, payload).then(() => undefined), { when: ({ companyId }) => companyId === kept })],
    };
    const skipped = optedOut();
    const applied = optedOut({ companyId: kept });

    expect(await inbox.deliverAll(subscription, [skipped, applied, skipped].map((message) => ({ subject: ContactOptedOut.subject, message })))).toEqual([
      'ignored',
      'applied',
      'ignored',
    ]);
    expect(await inbox.deliver(subscription, ContactOptedOut.subject, applied)).toBe('duplicate');
    expect(await optOutRows(skipped.data.id)).toEqual([]);
    expect(await processed(consumer, skipped.meta.eventId)).toEqual([]);
    expect(await optOutRows(applied.data.id)).toHaveLength(1);
    // A malformed event is still parked, whatever the condition would say.
    expect(await inbox.deliver(subscription, ContactOptedOut.subject, optedOut({ companyId: 'not-a-uuid' }))).toBe('parked');
  });

  it('should apply a batch in order in one transaction, each event once, even the same event twice in the batch', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    const order: string[] = [];
    const transactions = new Set<EntityManager>();
    const subscription: Subscription = {
      consumer,
      handlers: [
        on(ContactOptedOut, async (payload, tx) => {
          order.push(payload.id);
          transactions.add(tx);
          await recordOptOut(tx, payload);
        }),
      ],
    };
    const [first, second, third] = [optedOut(), optedOut(), optedOut()];
    const batch = [first, second, first, third].map((message) => ({ subject: ContactOptedOut.subject, message }));

    expect(await inbox.deliverAll(subscription, batch)).toEqual(['applied', 'applied', 'duplicate', 'applied']);
    expect(order).toEqual([first.data.id, second.data.id, third.data.id]);
    expect(transactions.size).toBe(1);
    for (const message of [first, second, third]) expect(await optOutRows(message.data.id)).toHaveLength(1);
    // Delivered again (a redelivery of the whole batch): nothing applies twice.
    expect(await inbox.deliverAll(subscription, batch)).toEqual(['duplicate', 'duplicate', 'duplicate', 'duplicate']);
    expect(order).toHaveLength(3);
  });

  it('should apply the rest of a batch when one effect fails, record nothing of the failing one, and throw for it', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    const failing = optedOut();
    const subscription: Subscription = {
      consumer,
      handlers: [
        on(ContactOptedOut, async (payload, tx) => {
          await recordOptOut(tx, payload);
          if (payload.id === failing.data.id) throw new Error('effect failed');
        }),
      ],
    };
    const [before, after] = [optedOut(), optedOut()];
    const batch = [before, failing, after].map((message) => ({ subject: ContactOptedOut.subject, message }));

    await expect(inbox.deliverAll(subscription, batch)).rejects.toThrow('effect failed');
    expect(await optOutRows(before.data.id)).toHaveLength(1);
    expect(await optOutRows(failing.data.id)).toHaveLength(0);
    expect(await processed(consumer, failing.meta.eventId)).toHaveLength(0);
    // The bus redelivers the batch: what was applied is a duplicate, the rest applies once it can.
    expect(await inbox.deliverAll(subscription, [before].map((message) => ({ subject: ContactOptedOut.subject, message })))).toEqual(['duplicate']);
  });

  it('should keep up with a burst through the bus: every event applied once, in batches', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    const applied: string[] = [];
    const transactions = new Set<EntityManager>();
    const burst = Array.from({ length: 300 }, () => optedOut());
    // Published before the consumer starts: they wait in the stream, as after a restart.
    await Promise.all(burst.map((message) => bus.publish(ContactOptedOut.subject, message, message.meta.eventId)));
    await inbox.subscribe({
      consumer,
      handlers: [
        on(ContactOptedOut, async (payload, tx) => {
          transactions.add(tx);
          await recordOptOut(tx, payload);
          applied.push(payload.id);
        }),
      ],
    });

    await expectEventually(() => expect(applied).toHaveLength(burst.length));
    expect(new Set(applied).size).toBe(burst.length);
    expect(transactions.size).toBeLessThan(burst.length / 4);
  });

  it('should park a malformed event with the names of its bad fields, log no value, and apply the next event', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    const applied: string[] = [];
    await inbox.subscribe({
      consumer,
      handlers: [
        on(ContactOptedOut, async (payload, tx) => {
          await recordOptOut(tx, payload);
          applied.push(payload.id);
        }),
      ],
    });
    const person = testPerson();
    // A field the contract does not have (holding a person's email), then a required one missing, then a bad UUID.
    const unknownField = optedOut({ email: person.email });
    const missingField = optedOut({ companyId: undefined });
    const badUuid = optedOut({ id: person.phone });
    const valid = optedOut();
    for (const message of [unknownField, missingField, badUuid, valid]) await bus.publish(ContactOptedOut.subject, message, message.meta.eventId);

    await expectEventually(() => expect(applied).toEqual([valid.data.id]));
    await expectEventually(async () => expect(await parkedOf(consumer)).toHaveLength(3));
    expect(await parkedOf(consumer)).toEqual([
      expect.objectContaining({ subject: ContactOptedOut.subject, event_id: unknownField.meta.eventId, reason: 'payload invalid for ContactRefPayload: email' }),
      expect.objectContaining({ event_id: missingField.meta.eventId, reason: 'payload invalid for ContactRefPayload: companyId' }),
      expect.objectContaining({ event_id: badUuid.meta.eventId, reason: 'payload invalid for ContactRefPayload: id' }),
    ]);
    // Never half-applied: nothing of a parked event was written, and it is not recorded as processed.
    expect(await optOutRows(unknownField.data.id)).toEqual([]);
    expect(await processed(consumer, unknownField.meta.eventId)).toEqual([]);
    const logged = system.logs.lines.filter((line) => line.msg === 'Event parked' && line.consumer === consumer);
    expect(logged.map((line) => line.reason)).toEqual(['payload invalid for ContactRefPayload: email', 'payload invalid for ContactRefPayload: companyId', 'payload invalid for ContactRefPayload: id']);
    expect(JSON.stringify(logged)).not.toContain(person.email);
    expect(JSON.stringify(logged)).not.toContain(person.phone);
  });

  it('should name the nested field of a whole company that is wrong, and read one whose extra fields it does not know', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const names: string[] = [];
    const subscription: Subscription = { consumer, handlers: [on(CompanyUpdated, async ({ company }) => void names.push(company.name))] };
    const company = (fields: Record<string, unknown>) => ({
      id: randomUUID(),
      organizationId: randomUUID(),
      name: 'Boulangerie',
      nafCode: '10.71C',
      nafLabel: 'Boulangerie et boulangerie-pâtisserie',
      sizeBand: '11',
      address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque', department: '59' },
      phone: null,
      hiringPotential: 40,
      doNotCall: false,
      version: 3,
      // A field of the Company no consumer reads yet: dropped on reading, not refused.
      website: 'https://boulangerie.example',
      ...fields,
    });
    const event = (data: object): EventMessage => ({ meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId: randomUUID() }, data });

    expect(await inbox.deliver(subscription, CompanyUpdated.subject, event({ company: company({}) }))).toBe('applied');
    expect(await inbox.deliver(subscription, CompanyUpdated.subject, event({ company: company({ version: '3', address: { postalCode: 59140, city: null } }) }))).toBe(
      'parked',
    );
    expect(await inbox.deliver(subscription, CompanyUpdated.subject, event({}))).toBe('parked');
    expect(names).toEqual(['Boulangerie']);
    expect((await parkedOf(consumer)).map((row) => row.reason)).toEqual([
      'payload invalid for CompanyChangedPayload: company.version, company.address.line, company.address.postalCode',
      'payload invalid for CompanyChangedPayload: company',
    ]);
  });

  it('should roll back a handler that throws (nothing written, not recorded as processed) and apply the event when it is redelivered', async () => {
    const consumer = `typed-test-${uniqueSuffix()}`;
    const ContactOptedOut = testEvent();
    let attempts = 0;
    const failingOnce: Subscription = {
      consumer,
      handlers: [
        on(ContactOptedOut, async (payload, tx) => {
          attempts++;
          await recordOptOut(tx, payload);
          if (attempts === 1) throw new Error('the effect failed half-way');
        }),
      ],
    };
    const direct = optedOut();
    await expect(inbox.deliver(failingOnce, ContactOptedOut.subject, direct)).rejects.toThrow('the effect failed half-way');
    expect(await optOutRows(direct.data.id)).toEqual([]);
    expect(await processed(consumer, direct.meta.eventId)).toEqual([]);
    expect(await inbox.deliver(failingOnce, ContactOptedOut.subject, direct)).toBe('applied');
    expect(await optOutRows(direct.data.id)).toHaveLength(1);

    // Through the bus: the failed delivery is not acked, JetStream redelivers it, and it is applied once.
    attempts = 0;
    await inbox.subscribe({ ...failingOnce, consumer: `${consumer}-bus` });
    const redelivered = optedOut();
    await bus.publish(ContactOptedOut.subject, redelivered, redelivered.meta.eventId);
    await expectEventually(async () => expect(await processed(`${consumer}-bus`, redelivered.meta.eventId)).toHaveLength(1), 15_000);
    expect(attempts).toBe(2);
    expect(await optOutRows(redelivered.data.id)).toHaveLength(1);
    expect(system.logs.lines.some((line) => line.msg === 'Event handler failed; will retry' && line.durable === `${consumer}-bus`)).toBe(true);
  });

  it('should filter on the handlers subjects common tokens, or on the one subject', () => {
    expect(filterSubjectOf(['events.companies.company.created', 'events.companies.company.deleted'])).toBe('events.companies.company.>');
    expect(filterSubjectOf(['events.contacts.contact.erased'])).toBe('events.contacts.contact.erased');
    expect(filterSubjectOf(['events.contacts.contact.erased', 'events.companies.company.created'])).toBe('events.>');
    expect(filterSubjectOf(['events.a.b', 'events.a.b.c'])).toBe('events.a.>');
  });
});
