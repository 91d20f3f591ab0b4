import { CallLogged, type CallLoggedPayload, type CallOutcome, type OfferContractType } from '@app/contracts';
import { EventBus, type EventMessage, Inbox } from '@app/platform';
import { expectEventually } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallIndicatorsConsumer } from '../../apps/conventions/src/conventions/call-indicators.consumer.js';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullCampaignBody, fullConventionBody } from '../support/valid-bodies.js';

interface Progress {
  indicators: { id: string; metric: string; value: number; ratio: number }[];
}

const parisDay = (at: Date): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(at);
const DAY_MS = 24 * 3_600_000;

/**
 * Indicators follow the calls. The campaigns service's call logging is another engineer's work in
 * progress: these tests publish `events.campaigns.call.logged` on the bus themselves, exactly as the
 * campaigns service's outbox relay does, and watch the conventions service's durable consumer.
 */
describe('convention indicators follow the logged calls', () => {
  let system: TestSystem;
  let bus: EventBus;
  let chamber: TestOrganization;
  let club: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['conventions', 'campaigns'] });
    bus = new EventBus({ natsUrl: system.nats.url, name: 'convention-indicators-test' });
    await bus.connect();
    [chamber, club] = await Promise.all([createOrganization(system), createOrganization(system)]);
  });
  afterAll(async () => {
    await bus?.close();
    await system?.close();
  });

  const METRICS = ['companies_contacted', 'companies_reached', 'calls_logged', 'meetings', 'offers_detected', 'apprenticeship_offers'] as const;

  /**
   * A convention of the chamber (signatory) and the club (partner), with one indicator per counted
   * metric and one manual; they follow every campaign, or with `followOneCampaign` only a campaign
   * of the chamber in that convention (`campaignId`).
   */
  async function conventionWithIndicators(followOneCampaign = false): Promise<{ id: string; indicators: Record<string, string>; campaignId?: string }> {
    const created = await system.http.post('/api/v1/conventions').set(bearer(chamber.manager.token)).send(fullConventionBody([chamber.id], [club.id]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    let campaignId: string | undefined;
    if (followOneCampaign) {
      // Retried: the campaigns service learns from an event that the chamber is a party.
      campaignId = await expectEventually(async () => {
        const campaign = await system.http.post('/api/v1/campaigns').set(bearer(chamber.manager.token)).send(fullCampaignBody(created.body.id));
        expect(campaign.status, JSON.stringify(campaign.body)).toBe(201);
        return campaign.body.id as string;
      }, 15_000);
    }
    const campaignIds = campaignId ? [campaignId] : [];
    const indicators: Record<string, string> = {};
    for (const metric of [...METRICS, 'manual']) {
      const response = await system.http
        .post(`/api/v1/conventions/${created.body.id}/indicators`)
        .set(bearer(chamber.manager.token))
        .send({ label: metric, metric, target: 10, campaignIds });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      indicators[metric] = response.body.id;
    }
    return { id: created.body.id, indicators, campaignId };
  }

  interface CallOptions {
    outcome?: CallOutcome;
    firstContact?: boolean;
    firstReach?: boolean;
    offers?: OfferContractType[];
    campaignId?: string;
    organizationId?: string;
    calledAt?: Date;
  }

  function callLogged(conventionId: string | null, options: CallOptions = {}): EventMessage<CallLoggedPayload> {
    const organizationId = options.organizationId ?? chamber.id;
    return {
      meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId, version: 1 },
      data: {
        id: randomUUID(),
        organizationId,
        campaignId: options.campaignId ?? randomUUID(),
        conventionId,
        companyId: randomUUID(),
        callerId: chamber.volunteer.userId,
        outcome: options.outcome ?? 'no_answer',
        calledAt: (options.calledAt ?? new Date()).toISOString(),
        firstContact: options.firstContact ?? false,
        firstReach: options.firstReach ?? false,
        offers: (options.offers ?? []).map((contractType) => ({ id: randomUUID(), contractType, positions: 1 })),
      },
    };
  }

  /** Publishes as the outbox relay does: the event id is the message id. */
  const publish = (message: EventMessage, messageId = message.meta.eventId) => bus.publish(CallLogged.subject, message, messageId);

  async function progressOf(conventionId: string, token = club.viewer.token): Promise<Record<string, number>> {
    const response = await system.http.get(`/api/v1/conventions/${conventionId}/progress`).set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return Object.fromEntries((response.body as Progress).indicators.map((indicator) => [indicator.metric, indicator.value]));
  }
  const expectProgress = (conventionId: string, expected: Record<string, number>) =>
    expectEventually(async () => expect(await progressOf(conventionId)).toEqual(expected), 15_000);

  it('should count each metric from the calls of its convention, and leave other conventions, calls without one and manual indicators alone', async () => {
    const convention = await conventionWithIndicators();
    const other = await conventionWithIndicators();
    // A first reach that is a meeting with two offers, one of them an apprenticeship.
    await publish(callLogged(convention.id, { outcome: 'meeting', firstContact: true, firstReach: true, offers: ['apprenticeship', 'cdi'] }));
    await publish(callLogged(convention.id, { outcome: 'no_answer', firstContact: true }));
    await publish(callLogged(convention.id, { outcome: 'offer', firstReach: true, offers: ['apprenticeship'] }));
    await publish(callLogged(null, { outcome: 'meeting', firstContact: true, firstReach: true }));
    await publish(callLogged(other.id, { outcome: 'busy' }));
    await expectProgress(convention.id, {
      companies_contacted: 2,
      companies_reached: 2,
      calls_logged: 3,
      meetings: 1,
      offers_detected: 3,
      apprenticeship_offers: 2,
      manual: 0,
    });
    await expectEventually(async () => expect(await progressOf(other.id)).toMatchObject({ calls_logged: 1, companies_contacted: 0, meetings: 0 }), 15_000);
    const ratios = (await system.http.get(`/api/v1/conventions/${convention.id}/progress`).set(bearer(club.viewer.token))).body as Progress;
    expect(ratios.indicators.find((indicator) => indicator.metric === 'calls_logged')!.ratio).toBe(0.3);
  });

  it("should follow only the indicator's campaigns when it names some, and ignore a campaign of an organisation that is not a party", async () => {
    const convention = await conventionWithIndicators(true);
    const followed = convention.campaignId!;
    await publish(callLogged(convention.id, { campaignId: randomUUID(), firstContact: true }));
    await publish(callLogged(convention.id, { campaignId: followed, organizationId: randomUUID(), firstContact: true }));
    // The club's call comes last and is the only meeting: once it counted, the two before it were read (and left out).
    await publish(callLogged(convention.id, { campaignId: followed, organizationId: club.id, firstContact: true, outcome: 'meeting' }));
    await expectProgress(convention.id, { companies_contacted: 1, companies_reached: 0, calls_logged: 1, meetings: 1, offers_detected: 0, apprenticeship_offers: 0, manual: 0 });
  });

  it('should count an event once when it is published twice under two message ids and handed to the inbox again', async () => {
    const convention = await conventionWithIndicators();
    const call = callLogged(convention.id, { outcome: 'meeting', firstContact: true, firstReach: true, offers: ['apprenticeship'] });
    await publish(call);
    // Another message id: JetStream's duplicate window lets it through; the inbox must drop it.
    await publish(call, randomUUID());
    const marker = callLogged(convention.id);
    await publish(marker);
    await expectProgress(convention.id, { companies_contacted: 1, companies_reached: 1, calls_logged: 2, meetings: 1, offers_detected: 1, apprenticeship_offers: 1, manual: 0 });
    // A redelivery after a crash between commit and ack reaches the inbox the same way.
    const [app] = system.services.get('conventions')!;
    const consumer = app!.get(CallIndicatorsConsumer);
    expect(await app!.get(Inbox).deliver(consumer.subscription, CallLogged.subject, call)).toBe('duplicate');
    expect(await progressOf(convention.id)).toMatchObject({ calls_logged: 2, meetings: 1 });
  });

  it('should catch up after a restart with the calls logged while the conventions service was stopped, each counted once', async () => {
    const convention = await conventionWithIndicators();
    await publish(callLogged(convention.id, { firstContact: true }));
    await expectProgress(convention.id, { companies_contacted: 1, companies_reached: 0, calls_logged: 1, meetings: 0, offers_detected: 0, apprenticeship_offers: 0, manual: 0 });

    await system.stopService('conventions');
    const whileStopped = Array.from({ length: 40 }, (_, index) => callLogged(convention.id, { outcome: index % 4 === 0 ? 'meeting' : 'busy', firstContact: true }));
    for (const call of whileStopped) await publish(call);
    // Republished too (a producer's retry after its own restart): still once each.
    for (const call of whileStopped.slice(0, 10)) await publish(call, randomUUID());
    // Last, the only call with an offer: once it counted, everything before it was applied.
    await publish(callLogged(convention.id, { offers: ['cdi'] }));
    await system.startService('conventions');

    await expectProgress(convention.id, { companies_contacted: 41, companies_reached: 0, calls_logged: 42, meetings: 10, offers_detected: 1, apprenticeship_offers: 0, manual: 0 });
  });

  it("should give each indicator's value at the end of the report's period, from the days of its calls and manual values", async () => {
    const convention = await conventionWithIndicators();
    const now = Date.now();
    // Calls of today, of the day after tomorrow and of next week: an indicator counts calls made after it was added.
    const [today, later, nextWeek] = [new Date(now + 60_000), new Date(now + 2 * DAY_MS), new Date(now + 7 * DAY_MS)];
    await publish(callLogged(convention.id, { calledAt: today }));
    await publish(callLogged(convention.id, { calledAt: later }));
    await publish(callLogged(convention.id, { calledAt: later }));
    await publish(callLogged(convention.id, { calledAt: nextWeek }));
    await expectProgress(convention.id, { companies_contacted: 0, companies_reached: 0, calls_logged: 4, meetings: 0, offers_detected: 0, apprenticeship_offers: 0, manual: 0 });
    const manual = await system.http
      .patch(`/api/v1/conventions/${convention.id}/indicators/${convention.indicators.manual}`)
      .set(bearer(club.manager.token))
      .set('If-Match', '"1"')
      .send({ value: 5 });
    expect(manual.status, JSON.stringify(manual.body)).toBe(200);

    const valuesAt = async (from: string, to: string) => {
      const response = await system.http.get(`/api/v1/conventions/${convention.id}/report?from=${from}&to=${to}`).set(bearer(chamber.viewer.token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const indicators = (response.body.axes as { indicators: { metric: string; value: number; changeInPeriod: number }[] }[]).flatMap((axis) => axis.indicators);
      const of = (metric: string) => indicators.find((indicator) => indicator.metric === metric)!;
      return { calls: of('calls_logged').value, callsInPeriod: of('calls_logged').changeInPeriod, manual: of('manual').value };
    };
    const [day0, day2, day7] = [parisDay(today), parisDay(later), parisDay(nextWeek)];
    const yesterday = parisDay(new Date(now - DAY_MS));
    expect(await valuesAt('2020-01-01', yesterday)).toEqual({ calls: 0, callsInPeriod: 0, manual: 0 });
    expect(await valuesAt('2020-01-01', day0)).toEqual({ calls: 1, callsInPeriod: 1, manual: 5 });
    expect(await valuesAt(day2, day2)).toEqual({ calls: 3, callsInPeriod: 2, manual: 5 });
    expect(await valuesAt(day2, day7)).toEqual({ calls: 4, callsInPeriod: 3, manual: 5 });
  });

  it('should start an indicator added after calls were logged from 0', async () => {
    const convention = await conventionWithIndicators();
    await publish(callLogged(convention.id));
    await expectEventually(async () => expect((await progressOf(convention.id)).calls_logged).toBe(1), 15_000);
    const late = await system.http.post(`/api/v1/conventions/${convention.id}/indicators`).set(bearer(chamber.manager.token)).send({ label: 'Tardif', metric: 'calls_logged', target: 5 });
    expect(late.status).toBe(201);
    expect(late.body.value).toBe(0);
    await publish(callLogged(convention.id));
    await expectEventually(async () => {
      const response = await system.http.get(`/api/v1/conventions/${convention.id}/progress`).set(bearer(club.viewer.token));
      const values = (response.body as Progress).indicators.filter((indicator) => indicator.metric === 'calls_logged').map((indicator) => indicator.value);
      expect(values).toEqual([2, 1]);
    }, 15_000);
  });
});
