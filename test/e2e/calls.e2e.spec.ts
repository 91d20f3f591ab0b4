import { CALL_OUTCOMES, CallsProblem, type CallOutcome, MAX_ATTEMPTS } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomInt, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createOrganization, type Member, type TestOrganization, testPerson, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

type Body = Record<string, unknown> & { id: string };

const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();

describe('calls through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;
  let secondVolunteer: Member;

  beforeAll(async () => {
    system = await TestSystem.start();
    [org, other] = await Promise.all([createOrganization(system), createOrganization(system)]);
    secondVolunteer = await addMember(system, org.id, org.manager.token, 'volunteer');
  });
  afterAll(() => system?.close());

  async function createCompany(owner: TestOrganization = org, name = `Boulangerie ${uniqueSuffix()}`): Promise<Body> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send({ name, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** A campaign (active unless told) whose targets are `companyIds`. */
  async function campaignWith(companyIds: string[], owner: TestOrganization = org, status: 'draft' | 'active' = 'active'): Promise<Body> {
    const token = owner.manager.token;
    const created = await system.http.post('/api/v1/campaigns').set(bearer(token)).send({ name: `Campagne ${uniqueSuffix()}` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    if (companyIds.length > 0) {
      const added = await system.http.post(`/api/v1/campaigns/${created.body.id}/targets`).set(bearer(token)).send({ companyIds });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      expect(added.body.added).toBe(companyIds.length);
    }
    if (status === 'draft') return created.body;
    const activated = await system.http.patch(`/api/v1/campaigns/${created.body.id}`).set(bearer(token)).set('If-Match', created.headers.etag).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    return activated.body;
  }

  const log = (token: string, campaignId: string, body: object, headers: Record<string, string> = {}) =>
    system.http.post(`/api/v1/campaigns/${campaignId}/calls`).set(bearer(token)).set(headers).send(body);
  const patchNotes = (token: string, campaignId: string, callId: string, body: object, ifMatch: string | null = '"1"') => {
    const request = system.http.patch(`/api/v1/campaigns/${campaignId}/calls/${callId}`).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };

  async function target(campaignId: string, companyId: string): Promise<Record<string, unknown>> {
    const rows = await system.database.query<Record<string, unknown>>(`SELECT * FROM "campaigns"."target" WHERE campaign_id = $1 AND company_id = $2`, [campaignId, companyId]);
    return rows[0]!;
  }
  async function rollup(campaignId: string): Promise<Record<string, number>> {
    const rows = await system.database.query<Record<string, number>>(`SELECT targets, contacted, reached, calls, offers FROM "campaigns"."campaign_rollup" WHERE campaign_id = $1`, [campaignId]);
    return rows[0]!;
  }
  /** Puts a live lease of `userId` on the target, as a claim does (without waiting for the queue to know the company). */
  async function claimFor(campaignId: string, companyId: string, userId: string): Promise<void> {
    await system.database.query(
      `UPDATE "campaigns"."target" SET status = 'claimed', claim_id = gen_random_uuid(), claimed_by = $3, claim_expires_at = now() + interval '15 minutes'
       WHERE campaign_id = $1 AND company_id = $2`,
      [campaignId, companyId, userId],
    );
  }

  describe('POST /campaigns/{id}/calls', () => {
    it('should answer 201 with the call, its offers, the company name and ETag "1" when a volunteer logs an interested call', async () => {
      const company = await createCompany(org, `Boulangerie Vasseur ${uniqueSuffix()}`);
      const campaign = await campaignWith([company.id]);
      // The company's name reaches the campaigns service through the registry's events.
      await expectEventually(async () => expect((await system.database.query(`SELECT 1 FROM "campaigns"."company_summary" WHERE id = $1`, [company.id])).length).toBe(1));
      const response = await log(org.volunteer.token, campaign.id, {
        companyId: company.id,
        outcome: 'interested',
        notes: 'Rappeler pour la rentrée',
        durationSeconds: 240,
        offers: [
          { title: 'Apprenti boulanger', contractType: 'apprenticeship', romeCode: 'd1102', description: 'CAP boulanger, septembre' },
          { title: 'Vendeuse', contractType: 'cdd', positions: 2 },
        ],
      });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`/api/v1/campaigns/${campaign.id}/calls/${response.body.id}`);
      expect(response.body).toMatchObject({
        organizationId: org.id,
        campaignId: campaign.id,
        companyId: company.id,
        companyName: company.name,
        contactId: null,
        callerId: org.volunteer.userId,
        outcome: 'interested',
        notes: 'Rappeler pour la rentrée',
        durationSeconds: 240,
        callbackAt: null,
        meetingAt: null,
        version: 1,
      });
      expect(response.body.offers).toHaveLength(2);
      expect(response.body.offers[0]).toMatchObject({
        title: 'Apprenti boulanger',
        contractType: 'apprenticeship',
        positions: 1,
        romeCode: 'D1102',
        status: 'open',
        callId: response.body.id,
        campaignId: campaign.id,
        campaignName: campaign.name,
        companyId: company.id,
        companyName: company.name,
      });
      expect(response.body.offers[1]).toMatchObject({ title: 'Vendeuse', contractType: 'cdd', positions: 2, romeCode: null, description: null });
      const read = await system.http.get(`/api/v1/campaigns/${campaign.id}/calls/${response.body.id}`).set(bearer(org.viewer.token));
      expect(read.status).toBe(200);
      expect(read.body).toEqual(response.body);
    });

    it('should move the target as docs/campaigns.md says when each outcome is logged', async () => {
      const companies = await Promise.all(CALL_OUTCOMES.map(() => createCompany()));
      const campaign = await campaignWith(companies.map((company) => company.id));
      const callbackAt = inHours(24);
      const extra: Partial<Record<CallOutcome, object>> = {
        callback: { callbackAt },
        meeting: { meetingAt: inHours(48) },
        offer: { offers: [{ title: 'Commis de cuisine', contractType: 'cdi' }] },
      };
      for (const [index, outcome] of CALL_OUTCOMES.entries()) {
        const response = await log(org.volunteer.token, campaign.id, { companyId: companies[index]!.id, outcome, ...extra[outcome] });
        expect(response.status, `${outcome}: ${JSON.stringify(response.body)}`).toBe(201);
      }
      const after = Object.fromEntries(await Promise.all(CALL_OUTCOMES.map(async (outcome, index) => [outcome, await target(campaign.id, companies[index]!.id)])));
      for (const outcome of CALL_OUTCOMES) {
        expect(after[outcome], outcome).toMatchObject({ attempts: 1, last_outcome: outcome, contacted: true, claim_id: null, claimed_by: null, claim_expires_at: null });
        expect(after[outcome].last_called_at, outcome).not.toBeNull();
        expect(after[outcome].reached, outcome).toBe(!['no_answer', 'busy', 'wrong_number'].includes(outcome));
      }
      for (const outcome of ['no_answer', 'busy']) {
        expect(after[outcome]).toMatchObject({ status: 'pending', queue_tier: 2 });
        const heldFor = (after[outcome].available_at as Date).getTime() - (after[outcome].last_called_at as Date).getTime();
        expect(heldFor).toBe(2 * 3_600_000);
        expect(after[outcome].queue_key).toBeCloseTo((after[outcome].last_called_at as Date).getTime() / 1000, 0);
      }
      for (const outcome of ['wrong_number', 'not_interested', 'interested', 'meeting', 'offer']) expect(after[outcome], outcome).toMatchObject({ status: 'done', available_at: null });
      expect(after.callback).toMatchObject({ status: 'callback', queue_tier: 0, callback_owner_id: org.volunteer.userId });
      expect((after.callback.callback_at as Date).toISOString()).toBe(callbackAt);
      expect((after.callback.available_at as Date).toISOString()).toBe(callbackAt);
      expect(after.callback.queue_key).toBe(Date.parse(callbackAt) / 1000);
      expect(after.do_not_call).toMatchObject({ status: 'excluded' });
      // Each call of the campaign is in the rollups; nine targets contacted, six of them reached.
      expect(await rollup(campaign.id)).toMatchObject({ targets: 9, contacted: 9, reached: 6, calls: 9, offers: 1 });
      const lastCalls = await system.database.query(`SELECT 1 FROM "campaigns"."company_last_call" WHERE campaign_id = $1`, [campaign.id]);
      expect(lastCalls).toHaveLength(9);
    });

    it('should end the target at the last allowed attempt and clear a callback when a later call has another outcome', async () => {
      const [retried, calledBack] = await Promise.all([createCompany(), createCompany()]);
      const campaign = await campaignWith([retried.id, calledBack.id]);
      await system.database.query(`UPDATE "campaigns"."target" SET attempts = $3 WHERE campaign_id = $1 AND company_id = $2`, [campaign.id, retried.id, MAX_ATTEMPTS - 1]);
      expect((await log(org.volunteer.token, campaign.id, { companyId: retried.id, outcome: 'no_answer' })).status).toBe(201);
      expect(await target(campaign.id, retried.id)).toMatchObject({ status: 'done', attempts: MAX_ATTEMPTS, available_at: null });

      expect((await log(org.volunteer.token, campaign.id, { companyId: calledBack.id, outcome: 'callback', callbackAt: inHours(1) })).status).toBe(201);
      expect((await log(secondVolunteer.token, campaign.id, { companyId: calledBack.id, outcome: 'busy' })).status).toBe(201);
      expect(await target(campaign.id, calledBack.id)).toMatchObject({ status: 'pending', queue_tier: 2, attempts: 2, callback_at: null, callback_owner_id: null, reached: true });
    });

    it("should release the caller's claim taken from the queue, refuse (409) a call on someone else's live claim, and log over an expired lease", async () => {
      const [first, second] = await Promise.all([createCompany(), createCompany()]);
      const campaign = await campaignWith([first.id, second.id]);
      const claim = async (member: Member) => {
        const response = await system.http.post(`/api/v1/campaigns/${campaign.id}/claims`).set(bearer(member.token));
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return { claimId: response.body.claim.id as string, companyId: response.body.target.company.id as string };
      };
      // The queue hands out only companies the campaigns service has heard of.
      await expectEventually(async () => expect(await system.database.query(`SELECT 1 FROM "campaigns"."company_summary" WHERE id = ANY($1)`, [[first.id, second.id]])).toHaveLength(2));
      const mine = await claim(org.volunteer);
      const theirs = await claim(secondVolunteer);
      expect(theirs.companyId).not.toBe(mine.companyId);

      const refused = await log(org.volunteer.token, campaign.id, { companyId: theirs.companyId, outcome: 'busy' });
      expect(refused.status, JSON.stringify(refused.body)).toBe(409);
      expect(refused.body.type).toBe(CallsProblem.TargetClaimedByAnother);
      // A manager does not jump the queue either; the target and the rollups are untouched.
      expect((await log(org.manager.token, campaign.id, { companyId: theirs.companyId, outcome: 'busy' })).status).toBe(409);
      expect(await target(campaign.id, theirs.companyId)).toMatchObject({ status: 'claimed', claim_id: theirs.claimId, claimed_by: secondVolunteer.userId, attempts: 0 });
      expect(await rollup(campaign.id)).toMatchObject({ calls: 0, contacted: 0 });

      expect((await log(org.volunteer.token, campaign.id, { companyId: mine.companyId, outcome: 'not_interested' })).status).toBe(201);
      expect(await target(campaign.id, mine.companyId)).toMatchObject({ status: 'done', claim_id: null, claimed_by: null, claim_expires_at: null });
      // The lease is gone: releasing it now finds nothing.
      expect((await system.http.delete(`/api/v1/campaigns/${campaign.id}/claims/${mine.claimId}`).set(bearer(org.volunteer.token))).status).toBe(404);

      // Their lease expires (the reaper has not passed yet): the call goes through and clears it.
      await system.database.query(`UPDATE "campaigns"."target" SET claim_expires_at = now() - interval '1 minute' WHERE claim_id = $1`, [theirs.claimId]);
      expect((await log(org.volunteer.token, campaign.id, { companyId: theirs.companyId, outcome: 'busy' })).status).toBe(201);
      expect(await target(campaign.id, theirs.companyId)).toMatchObject({ status: 'pending', queue_tier: 2, claim_id: null, claimed_by: null });
    });

    it('should answer 400 naming the field when the body breaks an outcome rule or a bound', async () => {
      const company = await createCompany();
      const campaign = await campaignWith([company.id]);
      const offer = { title: 'Apprenti', contractType: 'apprenticeship' };
      const cases: [object, string][] = [
        [{ outcome: 'callback' }, 'callbackAt'],
        [{ outcome: 'callback', callbackAt: new Date(Date.now() - 60_000).toISOString() }, 'callbackAt'],
        [{ outcome: 'busy', callbackAt: inHours(2) }, 'callbackAt'],
        [{ outcome: 'callback', callbackAt: '2027-02-30T10:00:00+01:00' }, 'callbackAt'],
        [{ outcome: 'callback', callbackAt: '2027-01-04T10:00:00' }, 'callbackAt'],
        [{ outcome: 'meeting' }, 'meetingAt'],
        [{ outcome: 'meeting', meetingAt: '2020-01-01T10:00:00Z' }, 'meetingAt'],
        [{ outcome: 'interested', meetingAt: inHours(2) }, 'meetingAt'],
        [{ outcome: 'offer' }, 'offers'],
        [{ outcome: 'offer', offers: [] }, 'offers'],
        [{ outcome: 'not_interested', offers: [offer] }, 'offers'],
        [{ outcome: 'offer', offers: Array.from({ length: 21 }, () => offer) }, 'offers'],
        [{ outcome: 'offer', offers: [{ ...offer, positions: 0 }] }, 'offers.0.positions'],
        [{ outcome: 'offer', offers: [{ ...offer, positions: 1001 }] }, 'offers.0.positions'],
        [{ outcome: 'offer', offers: [{ ...offer, romeCode: 'D110' }] }, 'offers.0.romeCode'],
        [{ outcome: 'offer', offers: [{ ...offer, contractType: 'freelance' }] }, 'offers.0.contractType'],
        [{ outcome: 'offer', offers: [{ ...offer, title: 'x'.repeat(201) }] }, 'offers.0.title'],
        [{ outcome: 'offer', offers: [{ ...offer, description: 'x'.repeat(5001) }] }, 'offers.0.description'],
        [{ outcome: 'busy', notes: 'x'.repeat(5001) }, 'notes'],
        [{ outcome: 'busy', durationSeconds: 86_401 }, 'durationSeconds'],
        [{ outcome: 'busy', durationSeconds: -1 }, 'durationSeconds'],
        [{ outcome: 'hung_up' }, 'outcome'],
        [{ outcome: 'busy', contactId: 'not-a-uuid' }, 'contactId'],
        [{ outcome: 'busy', calledAt: '2026-01-01T00:00:00Z' }, 'calledAt'],
      ];
      for (const [body, field] of cases) {
        const response = await log(org.volunteer.token, campaign.id, { companyId: company.id, ...body });
        expect(response.status, `${JSON.stringify(body).slice(0, 120)}: ${JSON.stringify(response.body).slice(0, 300)}`).toBe(400);
        expect(response.body.errors.map((error: { field: string }) => error.field), JSON.stringify(body).slice(0, 120)).toContain(field);
      }
      expect((await log(org.volunteer.token, campaign.id, { outcome: 'busy' })).status).toBe(400);
      expect(await target(campaign.id, company.id)).toMatchObject({ status: 'pending', attempts: 0 });
      expect(await rollup(campaign.id)).toMatchObject({ calls: 0 });
    });

    it('should answer 422 and change nothing when the campaign is not active, the company is not a target, or its target is closed', async () => {
      const [company, stranger, done, excluded] = await Promise.all([createCompany(), createCompany(), createCompany(), createCompany()]);
      const draft = await campaignWith([company.id], org, 'draft');
      const notActive = await log(org.volunteer.token, draft.id, { companyId: company.id, outcome: 'busy' });
      expect(notActive.status, JSON.stringify(notActive.body)).toBe(422);
      expect(notActive.body.type).toBe('/problems/campaigns/not-active');

      const campaign = await campaignWith([company.id, done.id, excluded.id]);
      const notATarget = await log(org.volunteer.token, campaign.id, { companyId: stranger.id, outcome: 'busy' });
      expect(notATarget.status).toBe(422);
      expect(notATarget.body.type).toBe(CallsProblem.NotATarget);
      // Another organisation's company is no target either.
      const foreign = await createCompany(other);
      expect((await log(org.volunteer.token, campaign.id, { companyId: foreign.id, outcome: 'busy' })).body.type).toBe(CallsProblem.NotATarget);

      expect((await log(org.volunteer.token, campaign.id, { companyId: done.id, outcome: 'not_interested' })).status).toBe(201);
      const again = await log(org.volunteer.token, campaign.id, { companyId: done.id, outcome: 'interested' });
      expect(again.status).toBe(422);
      expect(again.body).toMatchObject({ type: CallsProblem.TargetClosed, targetStatus: 'done' });
      await system.database.query(`UPDATE "campaigns"."target" SET status = 'excluded' WHERE campaign_id = $1 AND company_id = $2`, [campaign.id, excluded.id]);
      expect((await log(org.volunteer.token, campaign.id, { companyId: excluded.id, outcome: 'busy' })).body).toMatchObject({ status: 422, targetStatus: 'excluded' });
      expect(await rollup(campaign.id)).toMatchObject({ calls: 1 });
    });

    it("should keep the contact named when it is one of the company's contacts, and answer 422 otherwise", async () => {
      const [company, neighbour] = await Promise.all([createCompany(), createCompany()]);
      const campaign = await campaignWith([company.id]);
      const contactOf = async (companyId: string, owner = org) => {
        const response = await system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(owner.manager.token)).send({ lastName: `Martin ${uniqueSuffix()}` });
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return response.body.id as string;
      };
      const [own, neighbours, foreign] = await Promise.all([contactOf(company.id), contactOf(neighbour.id), createCompany(other).then((c) => contactOf(c.id, other))]);
      for (const contactId of [neighbours, foreign, randomUUID()]) {
        const response = await log(org.volunteer.token, campaign.id, { companyId: company.id, contactId, outcome: 'busy' });
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        expect(response.body.type).toBe(CallsProblem.ContactNotOfCompany);
      }
      const response = await log(org.volunteer.token, campaign.id, { companyId: company.id, contactId: own, outcome: 'busy' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body.contactId).toBe(own);
    });

    it('should log a call once when it is retried with the same Idempotency-Key, and answer 422 when the key comes with another body', async () => {
      const company = await createCompany();
      const campaign = await campaignWith([company.id]);
      const key = `call-${uniqueSuffix()}`;
      const body = { companyId: company.id, outcome: 'offer', offers: [{ title: 'Serveur', contractType: 'cdd' }] };
      const first = await log(org.volunteer.token, campaign.id, body, { 'Idempotency-Key': key });
      const replay = await log(org.volunteer.token, campaign.id, body, { 'Idempotency-Key': key });
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(replay.status, JSON.stringify(replay.body)).toBe(201);
      expect(replay.body).toEqual(first.body);
      const calls = await system.database.query(`SELECT 1 FROM "campaigns"."call" WHERE campaign_id = $1`, [campaign.id]);
      expect(calls).toHaveLength(1);
      expect(await rollup(campaign.id)).toMatchObject({ calls: 1, contacted: 1, reached: 1, offers: 1 });
      const events = await system.database.query(`SELECT 1 FROM "campaigns"."outbox_event" WHERE message->'data'->>'id' = $1`, [first.body.id]);
      expect(events).toHaveLength(1);
      const reused = await log(org.volunteer.token, campaign.id, { ...body, notes: 'autre' }, { 'Idempotency-Key': key });
      expect(reused.status).toBe(422);
      expect(reused.body.type).toBe('/problems/idempotency-key-reused');
    });

    it("should take the company out of every queue of the organisation and mark it doNotCall in the registry when the outcome is do_not_call", async () => {
      const company = await createCompany();
      const [here, elsewhere, finished, called] = await Promise.all([
        campaignWith([company.id]),
        campaignWith([company.id]),
        campaignWith([company.id]),
        campaignWith([company.id]),
      ]);
      expect((await log(org.volunteer.token, finished.id, { companyId: company.id, outcome: 'not_interested' })).status).toBe(201);
      await system.database.query(`UPDATE "campaigns"."company_last_call" SET last_called_at = now() - interval '30 days' WHERE company_id = $1`, [company.id]);
      expect((await log(org.volunteer.token, called.id, { companyId: company.id, outcome: 'callback', callbackAt: inHours(3) })).status).toBe(201);
      const response = await log(secondVolunteer.token, here.id, { companyId: company.id, outcome: 'do_not_call', notes: 'Ne plus appeler' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(await target(here.id, company.id)).toMatchObject({ status: 'excluded' });
      expect(await target(elsewhere.id, company.id)).toMatchObject({ status: 'excluded', attempts: 0 });
      expect(await target(called.id, company.id)).toMatchObject({ status: 'excluded' });
      expect(await target(finished.id, company.id)).toMatchObject({ status: 'done' });
      // Two services and two events away (call.logged, then company.updated): generous on a busy 2-core machine.
      const registry = await expectEventually(async () => {
        const read = await system.http.get(`/api/v1/companies/${company.id}`).set(bearer(org.viewer.token));
        expect(read.body.doNotCall).toBe(true);
        return read;
      }, 30_000);
      expect(registry.body.version).toBe(2);
      expect(registry.headers.etag).toBe('"2"');
      // The registry's change comes back to the campaigns service's summary like any other.
      await expectEventually(async () => {
        const rows = await system.database.query<{ do_not_call: boolean }>(`SELECT do_not_call FROM "campaigns"."company_summary" WHERE id = $1`, [company.id]);
        expect(rows[0]?.do_not_call).toBe(true);
      }, 30_000);
    });

    it('should answer 404 for another organisation, 403 for a viewer, and let managers log too', async () => {
      const company = await createCompany();
      const campaign = await campaignWith([company.id]);
      const foreignCampaign = await campaignWith([(await createCompany(other)).id], other);
      const asViewer = await log(org.viewer.token, campaign.id, { companyId: company.id, outcome: 'busy' });
      expect(asViewer.status).toBe(403);
      // 404 before 403: a viewer of another organisation learns nothing either.
      expect((await log(other.viewer.token, campaign.id, { companyId: company.id, outcome: 'busy' })).status).toBe(404);
      expect((await log(other.volunteer.token, campaign.id, { companyId: company.id, outcome: 'busy' })).status).toBe(404);
      expect((await log(org.volunteer.token, foreignCampaign.id, { companyId: company.id, outcome: 'busy' })).status).toBe(404);
      expect((await log(org.volunteer.token, randomUUID(), { companyId: company.id, outcome: 'busy' })).status).toBe(404);
      expect((await log(org.manager.token, campaign.id, { companyId: company.id, outcome: 'busy' })).status).toBe(201);
      expect(await rollup(campaign.id)).toMatchObject({ calls: 1 });
    });
  });

  describe('GET /campaigns/{id}/calls', () => {
    it('should list the calls newest first in cursor pages, filtered by caller, outcome and time, for every role of the organisation only', async () => {
      const companies = await Promise.all(Array.from({ length: 7 }, () => createCompany()));
      const campaign = await campaignWith(companies.map((company) => company.id));
      const logged: Body[] = [];
      for (const [index, company] of companies.entries()) {
        const caller = index % 2 === 0 ? org.volunteer : secondVolunteer;
        const response = await log(caller.token, campaign.id, { companyId: company.id, outcome: index < 3 ? 'busy' : 'not_interested' });
        expect(response.status).toBe(201);
        logged.push(response.body);
      }
      const newestFirst = [...logged].reverse().map((call) => call.id);
      for (const member of [org.viewer, org.volunteer, org.manager]) {
        const { items, pages } = await walkPages<Body>(system, `/api/v1/campaigns/${campaign.id}/calls`, member.token, 3);
        expect(items.map((call) => call.id)).toEqual(newestFirst);
        expect(pages).toBe(3);
      }
      const query = async (params: Record<string, string>) => {
        const response = await system.http.get(`/api/v1/campaigns/${campaign.id}/calls`).query(params).set(bearer(org.viewer.token));
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return (response.body.items as Body[]).map((call) => call.id);
      };
      expect(await query({ callerId: secondVolunteer.userId })).toEqual(logged.filter((_call, index) => index % 2 === 1).map((call) => call.id).reverse());
      expect(await query({ outcome: 'busy' })).toEqual(logged.slice(0, 3).map((call) => call.id).reverse());
      const third = logged[2]!.calledAt as string;
      expect(await query({ from: third })).toEqual(newestFirst.slice(0, 5));
      expect(await query({ to: third })).toEqual(newestFirst.slice(5));
      expect(await query({ from: third, outcome: 'busy', callerId: org.volunteer.userId })).toEqual([logged[2]!.id]);

      expect((await system.http.get(`/api/v1/campaigns/${campaign.id}/calls`).set(bearer(other.manager.token))).status).toBe(404);
      expect((await system.http.get(`/api/v1/campaigns/${campaign.id}/calls/${logged[0]!.id}`).set(bearer(other.manager.token))).status).toBe(404);
      const bad = await system.http.get(`/api/v1/campaigns/${campaign.id}/calls`).query({ outcome: 'hung_up', from: 'yesterday' }).set(bearer(org.viewer.token));
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([
        { field: 'outcome', code: 'notOneOf', params: { allowed: [...CALL_OUTCOMES] }, message: expect.any(String) },
        { field: 'from', code: 'invalidDateTime', message: 'from must be a date-time with its offset, as 2026-12-02T14:30:00+01:00' },
      ]);
      expect((await system.http.get(`/api/v1/campaigns/${campaign.id}/calls`).query({ cursor: 'bm90LWEtY3Vyc29y' }).set(bearer(org.viewer.token))).status).toBe(400);
    });
  });

  describe('PATCH /campaigns/{id}/calls/{callId}', () => {
    it('should change the notes only, for the member who logged the call or a manager, at the version read', async () => {
      const company = await createCompany();
      const campaign = await campaignWith([company.id]);
      const logged = await log(org.volunteer.token, campaign.id, { companyId: company.id, outcome: 'interested', notes: 'Premier contact' });
      const path = (token: string, body: object, ifMatch?: string | null) => patchNotes(token, campaign.id, logged.body.id, body, ifMatch);

      const own = await path(org.volunteer.token, { notes: 'Gérante intéressée' });
      expect(own.status, JSON.stringify(own.body)).toBe(200);
      expect(own.headers.etag).toBe('"2"');
      expect(own.body).toMatchObject({ notes: 'Gérante intéressée', version: 2, outcome: 'interested', calledAt: logged.body.calledAt, callerId: org.volunteer.userId });

      expect((await path(secondVolunteer.token, { notes: 'Pas à moi' }, '"2"')).status).toBe(403);
      expect((await path(org.viewer.token, { notes: 'Lecteur' }, '"2"')).status).toBe(403);
      expect((await path(other.manager.token, { notes: 'Ailleurs' }, '"2"')).status).toBe(404);
      expect((await patchNotes(org.manager.token, campaign.id, randomUUID(), { notes: 'Inconnu' }, '"1"')).status).toBe(404);
      expect((await path(org.manager.token, { notes: 'Sans version' }, null)).status).toBe(428);
      const stale = await path(org.manager.token, { notes: 'Version ancienne' }, '"1"');
      expect(stale.status).toBe(412);
      expect(stale.body.currentVersion).toBe(2);
      for (const body of [{ notes: 'Et le résultat', outcome: 'meeting' }, { calledAt: new Date().toISOString() }, {}, { notes: 'x'.repeat(5001) }]) {
        expect((await path(org.manager.token, body, '"2"')).status, JSON.stringify(body).slice(0, 80)).toBe(400);
      }

      const byManager = await path(org.manager.token, { notes: null }, '"2"');
      expect(byManager.status, JSON.stringify(byManager.body)).toBe(200);
      expect(byManager.body).toMatchObject({ notes: null, version: 3, outcome: 'interested' });
      const stored = await system.database.query<Record<string, unknown>>(`SELECT outcome, caller_id, version FROM "campaigns"."call" WHERE id = $1`, [logged.body.id]);
      expect(stored[0]).toEqual({ outcome: 'interested', caller_id: org.volunteer.userId, version: 3 });
      // The rollups counted the call once, whatever happens to its notes.
      expect(await rollup(campaign.id)).toMatchObject({ calls: 1 });
    });
  });

  describe('erasure and deletion', () => {
    it("should list the calls naming a contact in the person's export, then keep the calls without the contact once the person is erased", async () => {
      const company = await createCompany();
      const campaign = await campaignWith([company.id]);
      const person = testPerson();
      const contact = await system.http.post(`/api/v1/companies/${company.id}/contacts`).set(bearer(org.manager.token)).send(person);
      expect(contact.status, JSON.stringify(contact.body)).toBe(201);
      const logged = await log(org.volunteer.token, campaign.id, { companyId: company.id, contactId: contact.body.id, outcome: 'meeting', meetingAt: inHours(30), notes: 'RDV pris' });
      expect(logged.status, JSON.stringify(logged.body)).toBe(201);

      const exported = await system.http.get(`/api/v1/contacts/${contact.body.id}/export`).set(bearer(org.manager.token));
      expect(exported.status, JSON.stringify(exported.body)).toBe(200);
      expect(exported.body.sections.campaigns.calls).toEqual([expect.objectContaining({ id: logged.body.id, contactId: contact.body.id, outcome: 'meeting', notes: 'RDV pris' })]);

      expect((await system.http.delete(`/api/v1/contacts/${contact.body.id}`).set(bearer(org.manager.token))).status).toBe(204);
      const call = await expectEventually(async () => {
        const read = await system.http.get(`/api/v1/campaigns/${campaign.id}/calls/${logged.body.id}`).set(bearer(org.viewer.token));
        expect(read.body.contactId).toBeNull();
        return read.body;
      });
      expect(call).toMatchObject({ outcome: 'meeting', calledAt: logged.body.calledAt, meetingAt: logged.body.meetingAt, notes: 'RDV pris' });
      const naming = await system.database.query(`SELECT 1 FROM "campaigns"."call" WHERE contact_id = $1`, [contact.body.id]);
      expect(naming).toHaveLength(0);
    });

    it("should exclude a deleted company's targets still in a queue and keep its calls' outcome and date", async () => {
      const company = await createCompany();
      const [pending, claimed, finished] = await Promise.all([campaignWith([company.id]), campaignWith([company.id]), campaignWith([company.id])]);
      await claimFor(claimed.id, company.id, org.volunteer.userId);
      const logged = await log(org.volunteer.token, finished.id, { companyId: company.id, outcome: 'not_interested' });
      expect(logged.status).toBe(201);
      expect((await system.http.delete(`/api/v1/companies/${company.id}`).set(bearer(org.manager.token))).status).toBe(204);
      await expectEventually(async () => {
        expect(await target(pending.id, company.id)).toMatchObject({ status: 'excluded' });
        expect(await target(claimed.id, company.id)).toMatchObject({ status: 'excluded', claim_id: null, claimed_by: null });
      });
      expect(await target(finished.id, company.id)).toMatchObject({ status: 'done' });
      const call = await system.http.get(`/api/v1/campaigns/${finished.id}/calls/${logged.body.id}`).set(bearer(org.viewer.token));
      expect(call.body).toMatchObject({ outcome: 'not_interested', calledAt: logged.body.calledAt, companyId: company.id, companyName: null });
    });
  });

  describe('rollups under concurrent logging', () => {
    it('should keep every rollup figure equal to a recomputation from the calls when many callers log in parallel', async () => {
      const callers = [org.volunteer, secondVolunteer, org.manager, ...(await Promise.all(Array.from({ length: 5 }, () => addMember(system, org.id, org.manager.token, 'volunteer'))))];
      const companies = await Promise.all(Array.from({ length: 40 }, () => createCompany()));
      const campaign = await campaignWith(companies.map((company) => company.id));
      const outcomes: CallOutcome[] = ['no_answer', 'busy', 'wrong_number', 'callback', 'not_interested', 'interested', 'meeting', 'offer'];
      const contractTypes = ['apprenticeship', 'cdi', 'cdd', 'interim', 'internship', 'other'];
      // Each caller works through the companies from its own starting point: several calls land on one
      // target (retries, callbacks), two callers often on the same one at the same moment.
      const results = await Promise.all(
        callers.map(async (caller, callerIndex) => {
          const statuses: number[] = [];
          for (let step = 0; step < 15; step++) {
            const company = companies[(callerIndex * 5 + step) % companies.length]!;
            const outcome = outcomes[randomInt(outcomes.length)]!;
            const offers = Array.from({ length: outcome === 'offer' ? 1 + randomInt(3) : outcome === 'interested' ? randomInt(2) : 0 }, () => ({
              title: 'Poste',
              contractType: contractTypes[randomInt(contractTypes.length)],
            }));
            const extra = outcome === 'callback' ? { callbackAt: inHours(1 + randomInt(48)) } : outcome === 'meeting' ? { meetingAt: inHours(24) } : {};
            const response = await log(caller.token, campaign.id, { companyId: company.id, outcome, offers, ...extra });
            statuses.push(response.status);
          }
          return statuses;
        }),
      );
      const statuses = results.flat();
      // A target finished by someone else answers 422; nothing else may fail.
      expect(statuses.filter((status) => status !== 201 && status !== 422)).toEqual([]);
      expect(statuses.filter((status) => status === 201).length).toBeGreaterThan(40);

      const [recomputed] = await system.database.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM "campaigns"."call" WHERE campaign_id = $1) AS calls,
                (SELECT count(DISTINCT company_id)::int FROM "campaigns"."call" WHERE campaign_id = $1) AS contacted,
                (SELECT count(DISTINCT company_id)::int FROM "campaigns"."call" WHERE campaign_id = $1 AND outcome NOT IN ('no_answer', 'busy', 'wrong_number')) AS reached,
                (SELECT count(*)::int FROM "campaigns"."offer" WHERE campaign_id = $1) AS offers,
                (SELECT count(*)::int FROM "campaigns"."target" WHERE campaign_id = $1) AS targets`,
        [campaign.id],
      );
      expect(await rollup(campaign.id)).toEqual(recomputed);
      const counts = (sql: string) => system.database.query<Record<string, unknown>>(sql, [campaign.id]);
      expect(await counts(`SELECT dimension, key, n FROM "campaigns"."campaign_count" WHERE campaign_id = $1 AND n > 0 ORDER BY dimension, key`)).toEqual(
        await counts(
          `SELECT 'contract_type' AS dimension, contract_type AS key, count(*)::int AS n FROM "campaigns"."offer" WHERE campaign_id = $1 GROUP BY contract_type
           UNION ALL SELECT 'outcome', outcome, count(*)::int FROM "campaigns"."call" WHERE campaign_id = $1 GROUP BY outcome ORDER BY 1, 2`,
        ),
      );
      const reaching = `count(*) FILTER (WHERE outcome NOT IN ('no_answer', 'busy', 'wrong_number'))::int`;
      expect(await counts(`SELECT caller_id, calls, reached FROM "campaigns"."campaign_caller_rollup" WHERE campaign_id = $1 ORDER BY caller_id`)).toEqual(
        await counts(`SELECT caller_id, count(*)::int AS calls, ${reaching} AS reached FROM "campaigns"."call" WHERE campaign_id = $1 GROUP BY caller_id ORDER BY caller_id`),
      );
      expect(await counts(`SELECT day::text, calls, reached FROM "campaigns"."campaign_day_rollup" WHERE campaign_id = $1 ORDER BY day`)).toEqual(
        await counts(
          `SELECT (called_at AT TIME ZONE 'Europe/Paris')::date::text AS day, count(*)::int AS calls, ${reaching} AS reached
           FROM "campaigns"."call" WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1`,
        ),
      );
      // And the targets agree with their calls.
      const disagreeing = await counts(
        `SELECT t.company_id FROM "campaigns"."target" t
         LEFT JOIN (SELECT company_id, count(*)::int AS n, bool_or(outcome NOT IN ('no_answer', 'busy', 'wrong_number')) AS reached FROM "campaigns"."call" WHERE campaign_id = $1 GROUP BY company_id) c
           ON c.company_id = t.company_id
         WHERE t.campaign_id = $1 AND (t.attempts <> coalesce(c.n, 0) OR t.contacted <> (c.n IS NOT NULL) OR t.reached <> coalesce(c.reached, false))`,
      );
      expect(disagreeing).toEqual([]);
    }, 120_000);
  });
});
