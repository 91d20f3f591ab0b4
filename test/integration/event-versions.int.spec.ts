import { CompanyCreated, EVENTS_STREAM } from '@app/contracts';
import { EventBus, type EventMessage } from '@app/platform';
import { expectEventually } from '@app/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPANY_DIRECTORY_CONSUMER } from '../../apps/campaigns/src/company-directory/company-directory.consumer.js';
import { TestSystem } from '../support/system.js';

interface ParkedRow {
  consumer: string;
  subject: string;
  event_id: string | null;
  payload: string;
  reason: string;
  parked_at: Date;
}

describe('versioned events: a consumer parks what it cannot read and goes on', () => {
  let system: TestSystem;
  let bus: EventBus;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['campaigns'], gateway: false });
    bus = new EventBus({ natsUrl: system.nats.url, name: 'event-versions-test' });
    await bus.connect();
  });
  afterAll(async () => {
    await bus?.close();
    await system?.close();
  });

  const created = (version: number | undefined): EventMessage => {
    const organizationId = randomUUID();
    const company = {
      id: randomUUID(),
      organizationId,
      name: `Boulangerie ${version ?? 'sans version'}`,
      nafCode: '10.71C',
      nafLabel: null,
      sizeBand: null,
      address: { line: null, postalCode: '59140', city: 'Dunkerque', department: '59' },
      phone: null,
      hiringPotential: null,
      doNotCall: false,
      version: 1,
    };
    return { meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId, ...(version === undefined ? {} : { version }) }, data: { company } };
  };
  const companyId = (message: EventMessage) => (message.data as { company: { id: string } }).company.id;
  const summary = (id: string) => system.database.query(`SELECT id FROM campaigns.company_summary WHERE id = $1`, [id]);
  const parked = () => system.database.query<ParkedRow>(`SELECT * FROM campaigns.parked_event ORDER BY id`);

  it('should park an event of an unknown version, and a malformed one, with the reason, then apply the next event', async () => {
    const future = created(2);
    await bus.publish(CompanyCreated.subject, future, future.meta.eventId);
    await bus.publishText(CompanyCreated.subject, '{"meta": not json', randomUUID());
    await bus.publishText(CompanyCreated.subject, JSON.stringify({ meta: { eventId: 'not-a-uuid' }, data: {} }), randomUUID());
    const current = created(1);
    await bus.publish(CompanyCreated.subject, current, current.meta.eventId);
    // Events written before versions existed carry none: they are version 1.
    const unversioned = created(undefined);
    await bus.publish(CompanyCreated.subject, unversioned, unversioned.meta.eventId);

    await expectEventually(async () => expect(await summary(companyId(unversioned))).toHaveLength(1));
    expect(await summary(companyId(current))).toHaveLength(1);
    expect(await summary(companyId(future))).toEqual([]);
    const rows = await parked();
    expect(rows).toEqual([
      expect.objectContaining({ consumer: COMPANY_DIRECTORY_CONSUMER, subject: CompanyCreated.subject, event_id: future.meta.eventId, reason: 'version 2 unknown (this consumer reads 1)' }),
      expect.objectContaining({ consumer: COMPANY_DIRECTORY_CONSUMER, event_id: null, payload: '{"meta": not json', reason: 'not JSON' }),
      expect.objectContaining({ consumer: COMPANY_DIRECTORY_CONSUMER, event_id: null, reason: 'meta.eventId is not a UUID' }),
    ]);
    expect(JSON.parse(rows[0]!.payload)).toEqual(future);
    // Logged with the reason (and without the payload).
    const logged = system.logs.lines.filter((line) => line.msg === 'Event parked');
    expect(logged).toEqual(expect.arrayContaining([expect.objectContaining({ eventId: future.meta.eventId, reason: 'version 2 unknown (this consumer reads 1)' })]));
    expect(JSON.stringify(logged)).not.toContain('Boulangerie');
    // Acked, not retried: the durable consumer has nothing pending or awaiting an ack.
    const connection = await connect({ servers: system.nats.url });
    try {
      const manager = await jetstreamManager(connection);
      await expectEventually(async () => expect(await manager.consumers.info(EVENTS_STREAM, COMPANY_DIRECTORY_CONSUMER)).toMatchObject({ num_pending: 0, num_ack_pending: 0 }));
    } finally {
      await connection.close();
    }
    expect(await parked()).toHaveLength(3);
  });
});
