import { type Company, CompanyCreated, CompanyUpdated, CreateCompany, EVENTS_STREAM } from '@app/contracts';
import { EventBus, type EventMessage, eventsApplied, Inbox, NatsRpcClient, OutboxRelay, type Subscription } from '@app/platform';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { type JetStreamManager, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_DIRECTORY_CONSUMER, CompanyDirectoryConsumer } from '../../apps/campaigns/src/company-directory/company-directory.consumer.js';
import { TestSystem } from '../support/system.js';

interface OutboxRow {
  id: string;
  subject: string;
  message: EventMessage;
  published_at: Date | null;
}

describe('the transactional outbox from companies to campaigns', () => {
  let system: TestSystem;
  let client: NatsRpcClient;
  let nats: NatsConnection;
  let jsm: JetStreamManager;
  let companies: NestFastifyApplication;
  let campaigns: NestFastifyApplication;
  let relay: OutboxRelay;

  const manager = () => ({ userId: randomUUID(), organizationId: randomUUID(), role: 'manager' as const });
  const createCompany = (): Promise<Company> =>
    client.request(CreateCompany, { name: `Outbox ${uniqueSuffix()}`, siret: newSiret() }, { actor: manager(), requestId: randomUUID() });

  const outboxRowOf = async (companyId: string): Promise<OutboxRow> => {
    const rows = await system.database.query<OutboxRow>(
      `SELECT id, subject, message, published_at FROM companies.outbox_event WHERE message->'data'->'company'->>'id' = $1`,
      [companyId],
    );
    expect(rows).toHaveLength(1);
    return rows[0]!;
  };
  const pendingCount = async (): Promise<number> =>
    Number((await system.database.query<{ count: string }>(`SELECT count(*) FROM companies.outbox_event WHERE published_at IS NULL`))[0]!.count);
  const summaryOf = (companyId: string) =>
    system.database.query<{ name: string; version: number }>(`SELECT name, version FROM campaigns.company_summary WHERE id = $1`, [companyId]);
  const processedCount = async (eventId: string): Promise<number> =>
    Number(
      (
        await system.database.query<{ count: string }>(`SELECT count(*) FROM campaigns.processed_event WHERE consumer = $1 AND event_id = $2`, [
          COMPANY_DIRECTORY_CONSUMER,
          eventId,
        ])
      )[0]!.count,
    );
  const streamCount = async (): Promise<number> => (await jsm.streams.info(EVENTS_STREAM)).state.messages;
  // How many messages of the stream carry this Nats-Msg-Id (the stream of a private server is small).
  const copiesInStream = async (eventId: string): Promise<number> => {
    const { state } = await jsm.streams.info(EVENTS_STREAM);
    let copies = 0;
    for (let seq = state.first_seq; state.messages > 0 && seq <= state.last_seq; seq++) {
      const message = await jsm.streams.getMessage(EVENTS_STREAM, { seq });
      if (message?.header?.get('Nats-Msg-Id') === eventId) copies++;
    }
    return copies;
  };
  const appliedCount = async (result: 'applied' | 'duplicate'): Promise<number> =>
    (await eventsApplied.get()).values.find((value) => value.labels.consumer === COMPANY_DIRECTORY_CONSUMER && value.labels.result === result)?.value ?? 0;
  // Start each scenario with nothing left to publish from the previous one.
  const settled = () => expectEventually(async () => expect(await pendingCount()).toBe(0));

  const expectDeliveredOnce = async (company: Company, eventId: string, streamBefore: number, timeoutMs = 10_000) => {
    await expectEventually(
      async () => {
        expect((await outboxRowOf(company.id)).published_at).not.toBeNull();
        expect(await summaryOf(company.id)).toEqual([{ name: company.name, version: 1 }]);
      },
      timeoutMs,
      100,
    );
    expect(await processedCount(eventId)).toBe(1);
    expect(await streamCount()).toBe(streamBefore + 1);
    expect(await copiesInStream(eventId)).toBe(1);
  };

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies', 'campaigns'], gateway: false });
    companies = system.services.get('companies')![0]!;
    campaigns = system.services.get('campaigns')![0]!;
    relay = companies.get(OutboxRelay);
    client = new NatsRpcClient(system.nats.url, 'outbox-int-test', 10_000);
    await client.connect();
    nats = await connect({ servers: system.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
    jsm = await jetstreamManager(nats);
  });
  afterEach(() => relay.start());
  afterAll(async () => {
    await nats?.close();
    await client?.close();
    await system?.close();
  });

  it('should commit the row and hold its event when the relay is stopped, then deliver it once when the relay starts', async () => {
    await settled();
    await relay.stop();
    const streamBefore = await streamCount();
    const appliedBefore = await appliedCount('applied');

    const company = await createCompany();
    expect(await system.database.query(`SELECT id FROM companies.company WHERE id = $1`, [company.id])).toHaveLength(1);
    const row = await outboxRowOf(company.id);
    expect(row).toMatchObject({ subject: CompanyCreated.subject, published_at: null });
    expect(row.message.meta.eventId).toBe(row.id);
    expect(await streamCount()).toBe(streamBefore);
    expect(await copiesInStream(row.id)).toBe(0);
    expect(await summaryOf(company.id)).toEqual([]);
    expect(await processedCount(row.id)).toBe(0);

    relay.start();
    await expectDeliveredOnce(company, row.id, streamBefore);
    expect(await appliedCount('applied')).toBe(appliedBefore + 1);
  });

  it('should publish a backlog larger than one batch in commit order, each event once, with batches sent without waiting for each acknowledgement', async () => {
    await settled();
    await relay.stop();
    const streamBefore = (await jsm.streams.info(EVENTS_STREAM)).state.last_seq;
    // 250 events: more than one relay batch (200), committed in this order.
    const created: Company[] = [];
    for (let i = 0; i < 25; i++) created.push(...(await Promise.all(Array.from({ length: 10 }, () => createCompany()))));
    const committed = (
      await system.database.query<{ id: string }>(
        `SELECT id FROM companies.outbox_event WHERE published_at IS NULL AND message->'data'->'company'->>'id' = ANY($1::text[]) ORDER BY sequence`,
        [created.map((company) => company.id)],
      )
    ).map((row) => row.id);
    expect(committed).toHaveLength(250);

    relay.start();
    await settled();
    const { state } = await jsm.streams.info(EVENTS_STREAM);
    const published: string[] = [];
    for (let seq = streamBefore + 1; seq <= state.last_seq; seq++) {
      const id = (await jsm.streams.getMessage(EVENTS_STREAM, { seq }))?.header?.get('Nats-Msg-Id');
      if (id && committed.includes(id)) published.push(id);
    }
    expect(published).toEqual(committed);
  });

  it('should let JetStream drop the re-send when the relay crashed after publishing and before marking', async () => {
    await settled();
    await relay.stop();
    const company = await createCompany();
    const row = await outboxRowOf(company.id);
    const streamBefore = await streamCount();

    // The publish of the crashed pass: it reached the stream, the row was never marked.
    await companies.get(EventBus).publish(row.subject, row.message, row.id);
    await expectEventually(async () => expect(await summaryOf(company.id)).toEqual([{ name: company.name, version: 1 }]));
    expect((await outboxRowOf(company.id)).published_at).toBeNull();
    expect(await streamCount()).toBe(streamBefore + 1);

    // The next pass publishes the same event id again.
    relay.start();
    await expectDeliveredOnce(company, row.id, streamBefore);
  });

  describe('the consumer inbox', () => {
    const deliver = (subscription: Subscription, subject: string, message: EventMessage) => campaigns.get(Inbox).deliver(subscription, subject, message);
    const companyEvent = (company: Pick<Company, 'id' | 'organizationId' | 'name' | 'version'>): EventMessage => ({
      meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId: company.organizationId },
      data: {
        company: {
          ...company,
          siret: null,
          siren: null,
          nafCode: '10.71C',
          nafLabel: null,
          sizeBand: null,
          address: { line: null, postalCode: '59140', city: 'Dunkerque' },
          phone: null,
          email: null,
          website: null,
          tags: [],
          hiringPotential: null,
          doNotCall: false,
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        },
      },
    });

    it('should apply a redelivered event once when the consumer receives it twice', async () => {
      const consumer = campaigns.get(CompanyDirectoryConsumer);
      const company = { id: randomUUID(), organizationId: randomUUID(), name: `Inbox ${uniqueSuffix()}`, version: 1 };
      const message = companyEvent(company);
      const [appliedBefore, duplicateBefore] = [await appliedCount('applied'), await appliedCount('duplicate')];

      expect(await deliver(consumer.subscription, CompanyCreated.subject, message)).toBe('applied');
      expect(await deliver(consumer.subscription, CompanyCreated.subject, message)).toBe('duplicate');

      expect(await processedCount(message.meta.eventId)).toBe(1);
      expect(await summaryOf(company.id)).toEqual([{ name: company.name, version: 1 }]);
      expect(await appliedCount('applied')).toBe(appliedBefore + 1);
      expect(await appliedCount('duplicate')).toBe(duplicateBefore + 1);
    });

    it('should keep the newer state when an older event arrives late', async () => {
      const consumer = campaigns.get(CompanyDirectoryConsumer);
      const company = { id: randomUUID(), organizationId: randomUUID() };
      const newer = companyEvent({ ...company, name: 'Boulangerie v2', version: 2 });
      const older = companyEvent({ ...company, name: 'Boulangerie v1', version: 1 });

      await deliver(consumer.subscription, CompanyUpdated.subject, newer);
      await deliver(consumer.subscription, CompanyCreated.subject, older);

      expect(await summaryOf(company.id)).toEqual([{ name: 'Boulangerie v2', version: 2 }]);
      expect(await processedCount(older.meta.eventId)).toBe(1);
      expect(await processedCount(newer.meta.eventId)).toBe(1);
    });
  });

  // Last: it stops and restarts the NATS server.
  it('should deliver the event once after NATS comes back when NATS was down between commit and publish', async () => {
    await settled();
    await relay.stop();
    const company = await createCompany();
    const row = await outboxRowOf(company.id);
    const streamBefore = await streamCount();
    const warningsBefore = system.logs.lines.filter((line) => String(line.msg).startsWith('Outbox relay could not publish')).length;

    await system.nats.stop();
    try {
      relay.start();
      // The relay tries, fails and keeps the row for its next pass.
      await expectEventually(
        () => expect(system.logs.lines.filter((line) => String(line.msg).startsWith('Outbox relay could not publish')).length).toBeGreaterThan(warningsBefore),
        20_000,
        100,
      );
      expect((await outboxRowOf(company.id)).published_at).toBeNull();
    } finally {
      await system.nats.restart();
    }

    await expectDeliveredOnce(company, row.id, streamBefore, 30_000);
  });
});
