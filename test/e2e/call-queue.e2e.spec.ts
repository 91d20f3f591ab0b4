import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimReaper } from '../../apps/campaigns/src/queue/claim-reaper.js';
import { TokenService } from '../../apps/gateway/src/auth/token.service.js';
import { addMember, bearer, createOrganization, currentEtag, type Member, type TestOrganization, testPerson, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const API = '/api/v1';

/**
 * The call queue (docs/campaigns.md, "A claim"). Time rules are tested by writing the timestamps a
 * call would have left (callback_at, available_at, last_called_at, company_last_call) straight into
 * the database, as if the time had passed. Calls are logged by another part of the service: where a
 * test needs a target finished, it sets it `done` in SQL, standing in for a logged call.
 */
describe('the call queue', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;
  let secondVolunteer: Member;

  beforeAll(async () => {
    // The acceptance test makes 50 members and thousands of requests from one address and 50 tokens.
    system = await TestSystem.start({ env: { RATE_LIMIT_AUTH: '100000', RATE_LIMIT_WRITES: '100000', RATE_LIMIT_READS: '100000' } });
    [org, other] = await Promise.all([createOrganization(system), createOrganization(system)]);
    secondVolunteer = await addMember(system, org.id, org.manager.token, 'volunteer');
  }, 120_000);
  afterAll(() => system?.close());

  const sql = <T = Record<string, unknown>>(text: string, params: unknown[] = []) => system.database.query<T>(text, params);

  /** A company created through the API; the campaigns service learns it through events (see knownToQueue). */
  async function newCompany(owner: TestOrganization = org, body: object = {}): Promise<string> {
    const response = await system.http
      .post(`${API}/companies`)
      .set(bearer(owner.manager.token))
      .send({ name: `Entreprise ${uniqueSuffix()}`, siret: newSiret(), phone: '03 28 12 34 56', ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }

  /** The queue hands out only companies whose summary reached the campaigns service. */
  async function knownToQueue(companyIds: string[]): Promise<void> {
    await expectEventually(async () => {
      const rows = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM campaigns.company_summary WHERE id = ANY($1::uuid[])`, [companyIds]);
      expect(rows[0]!.n).toBe(companyIds.length);
    });
  }

  async function newCompanies(count: number, owner: TestOrganization = org, body: (index: number) => object = () => ({})): Promise<string[]> {
    const ids: string[] = [];
    for (let start = 0; start < count; start += 10) {
      const batch = Array.from({ length: Math.min(10, count - start) }, (_, offset) => newCompany(owner, body(start + offset)));
      ids.push(...(await Promise.all(batch)));
    }
    await knownToQueue(ids);
    return ids;
  }

  /** A campaign through the API, active (unless `status` says otherwise), with these companies as targets. */
  async function campaignOf(companyIds: string[], options: { owner?: TestOrganization; status?: 'draft' | 'active' | 'paused'; cooldownDays?: number } = {}): Promise<string> {
    const owner = options.owner ?? org;
    const created = await system.http
      .post(`${API}/campaigns`)
      .set(bearer(owner.manager.token))
      .send({ name: `Campagne ${uniqueSuffix()}`, ...(options.cooldownDays === undefined ? {} : { cooldownDays: options.cooldownDays }) });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    if (companyIds.length > 0) {
      const added = await system.http.post(`${API}/campaigns/${id}/targets`).set(bearer(owner.manager.token)).send({ companyIds });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      expect(added.body.added).toBe(companyIds.length);
    }
    for (const status of options.status === 'draft' ? [] : options.status === 'paused' ? ['active', 'paused'] : ['active']) await changeCampaign(id, { status }, owner);
    return id;
  }

  async function changeCampaign(id: string, changes: object, owner: TestOrganization = org): Promise<void> {
    const path = `${API}/campaigns/${id}`;
    const response = await system.http
      .patch(path)
      .set(bearer(owner.manager.token))
      .set('If-Match', await currentEtag(system, path, owner.manager.token))
      .send(changes);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
  }

  const claim = (token: string, campaignId: string) => system.http.post(`${API}/campaigns/${campaignId}/claims`).set(bearer(token));
  const release = (token: string, campaignId: string, claimId: string) => system.http.delete(`${API}/campaigns/${campaignId}/claims/${claimId}`).set(bearer(token));

  async function claimed(token: string, campaignId: string): Promise<{ claimId: string; companyId: string; body: Record<string, any> }> {
    const response = await claim(token, campaignId);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return { claimId: response.body.claim.id, companyId: response.body.target.company.id, body: response.body };
  }

  async function expectNothingLeft(token: string, campaignId: string): Promise<void> {
    const response = await claim(token, campaignId);
    expect(response.status, JSON.stringify(response.body)).toBe(204);
    expect(response.text).toBe('');
  }

  /** Stands in for a logged call that finishes the target (calls are logged elsewhere): done, claim cleared. */
  const finish = (claimId: string) =>
    sql(`UPDATE campaigns.target SET status = 'done', claim_id = NULL, claimed_by = NULL, claim_expires_at = NULL WHERE claim_id = $1`, [claimId]);

  const target = async (campaignId: string, companyId: string) =>
    (await sql<Record<string, any>>(`SELECT * FROM campaigns.target WHERE campaign_id = $1 AND company_id = $2`, [campaignId, companyId]))[0]!;

  /** A callback booked by `ownerId`, due `minutesFromNow` from now (negative: in the past), as a logged call leaves it. */
  const bookCallback = (campaignId: string, companyId: string, ownerId: string, minutesFromNow: number) =>
    sql(
      `UPDATE campaigns.target SET status = 'callback', queue_tier = 0, attempts = 1, last_outcome = 'callback',
         callback_at = now() + $3 * interval '1 minute', available_at = now() + $3 * interval '1 minute',
         queue_key = extract(epoch FROM now() + $3 * interval '1 minute'), callback_owner_id = $4
       WHERE campaign_id = $1 AND company_id = $2`,
      [campaignId, companyId, minutesFromNow, ownerId],
    );

  /** A retry after no answer `minutesAgo`: held back until 2 hours after that call. */
  const noAnswer = (campaignId: string, companyId: string, minutesAgo: number) =>
    sql(
      `UPDATE campaigns.target SET status = 'pending', queue_tier = 2, attempts = 1, last_outcome = 'no_answer',
         last_called_at = now() - $3 * interval '1 minute', available_at = now() - $3 * interval '1 minute' + interval '2 hours',
         queue_key = extract(epoch FROM now() - $3 * interval '1 minute'), contacted = true
       WHERE campaign_id = $1 AND company_id = $2`,
      [campaignId, companyId, minutesAgo],
    );

  /**
   * Many volunteers without hundreds of argon2 hashes (minutes on this machine): written into the
   * identity schema as an accepted invitation leaves them, their tokens signed by the gateway's own
   * TokenService. The way in is tested by identity.e2e and invitations.e2e; the queue is under test here.
   */
  async function activeVolunteers(count: number): Promise<Member[]> {
    const rows = await sql<{ user_id: string; access_version: string }>(
      `WITH "users" AS (
         INSERT INTO identity.app_user (email, name, password_hash)
         SELECT 'caller.' || $2 || '.' || i || '@example.test', 'Caller ' || i, 'no password: token signed by the test' FROM generate_series(1, $3::int) i
         RETURNING id)
       INSERT INTO identity.membership (organization_id, user_id, role, status) SELECT $1, id, 'volunteer', 'active' FROM "users"
       RETURNING user_id, access_version`,
      [org.id, uniqueSuffix(), count],
    );
    const tokens = system.gateway!.get(TokenService);
    return Promise.all(
      rows.map(async (row) => ({
        userId: row.user_id,
        email: '',
        token: (await tokens.sign({ userId: row.user_id, organizationId: org.id, role: 'volunteer', membershipVersion: Number(row.access_version) }, 3600)).accessToken,
      })),
    );
  }

  describe('POST /campaigns/{id}/claims: the order', () => {
    it('should hand out due callbacks first, then never-called companies by hiring potential, then retries 2 hours after their call', async () => {
      const [high, low, unknown, dueCallback, laterCallback, retry, recentRetry] = await newCompanies(7, org, (index) => ({
        hiringPotential: [80, 20, null, 10, 90, 95, 95][index],
      }));
      const campaignId = await campaignOf([high!, low!, unknown!, dueCallback!, laterCallback!, retry!, recentRetry!]);
      await bookCallback(campaignId, dueCallback!, org.volunteer.userId, -10);
      await bookCallback(campaignId, laterCallback!, org.volunteer.userId, 60);
      await noAnswer(campaignId, retry!, 150);
      await noAnswer(campaignId, recentRetry!, 30);

      const handedOut: { companyId: string; kind: string }[] = [];
      for (let i = 0; i < 5; i++) {
        const { claimId, companyId, body } = await claimed(org.volunteer.token, campaignId);
        handedOut.push({ companyId, kind: body.target.kind });
        await finish(claimId);
      }
      expect(handedOut).toEqual([
        { companyId: dueCallback, kind: 'callback' },
        { companyId: high, kind: 'first_call' },
        { companyId: low, kind: 'first_call' },
        { companyId: unknown, kind: 'first_call' },
        { companyId: retry, kind: 'retry' },
      ]);
      // A callback not yet due and a retry called 30 minutes ago stay in the queue, held back.
      await expectNothingLeft(org.volunteer.token, campaignId);
      expect((await target(campaignId, laterCallback!)).status).toBe('callback');
      expect((await target(campaignId, recentRetry!)).status).toBe('pending');
    });

    it('should answer 201 with the lease, the company card, the target and its last calls across campaigns, newest first', async () => {
      const [companyId] = await newCompanies(1, org, () => ({
        nafCode: '10.71C',
        sizeBand: '03',
        address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque' },
        hiringPotential: 70,
      }));
      const campaignId = await campaignOf([companyId!]);
      const earlierCampaignId = await campaignOf([], { status: 'paused' });
      // Six calls in two campaigns, an hour apart: the five newest come back.
      for (let hoursAgo = 1; hoursAgo <= 6; hoursAgo++) {
        await sql(
          `INSERT INTO campaigns.call (organization_id, campaign_id, company_id, caller_id, outcome, notes, called_at)
           VALUES ($1, $2, $3, $4, 'no_answer', $5, now() - $6 * interval '1 hour')`,
          [org.id, hoursAgo % 2 === 0 ? campaignId : earlierCampaignId, companyId, org.manager.userId, `appel ${hoursAgo}`, hoursAgo],
        );
      }
      await sql(`UPDATE campaigns.target SET attempts = 3, last_outcome = 'no_answer', last_called_at = now() - interval '2 hours' WHERE campaign_id = $1`, [campaignId]);
      const before = Date.now();
      const response = await claim(org.volunteer.token, campaignId);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const { claim: lease, target: handed } = response.body;
      expect(response.headers.location).toBe(`/api/v1/campaigns/${campaignId}/claims/${lease.id}`);
      expect(lease.id).toMatch(/^[0-9a-f-]{36}$/);
      const leaseMinutes = (Date.parse(lease.expiresAt) - before) / 60_000;
      expect(leaseMinutes).toBeGreaterThan(14.9);
      expect(leaseMinutes).toBeLessThan(15.1);
      const summary = (
        await sql<Record<string, any>>(`SELECT naf_label, size_band, address_line FROM campaigns.company_summary WHERE id = $1`, [companyId])
      )[0]!;
      expect(handed).toMatchObject({
        campaignId,
        company: {
          id: companyId,
          phone: '+33328123456',
          nafCode: '10.71C',
          nafLabel: summary.naf_label,
          sizeBand: summary.size_band,
          address: { line: summary.address_line, postalCode: '59140', city: 'Dunkerque' },
          hiringPotential: 70,
        },
        contacts: [],
        contactsUnavailable: false,
        status: 'claimed',
        kind: 'first_call',
        attempts: 3,
        lastOutcome: 'no_answer',
        callbackAt: null,
      });
      expect(handed.company.name).toMatch(/^Entreprise /);
      expect(handed.lastCalls.map((call: { notes: string }) => call.notes)).toEqual(['appel 1', 'appel 2', 'appel 3', 'appel 4', 'appel 5']);
      expect(handed.lastCalls[0]).toMatchObject({ campaignId: earlierCampaignId, outcome: 'no_answer', callerId: org.manager.userId });
      expect(handed.lastCalls[1]).toMatchObject({ campaignId });
      expect(typeof handed.lastCalls[0].campaignName).toBe('string');
      const stored = await target(campaignId, companyId!);
      expect(stored).toMatchObject({ status: 'claimed', claim_id: lease.id, claimed_by: org.volunteer.userId });
    });

    it('should keep a due callback for the member who booked it during its first hour, then hand it to anyone', async () => {
      const [companyId] = await newCompanies(1);
      const campaignId = await campaignOf([companyId!]);
      await bookCallback(campaignId, companyId!, org.volunteer.userId, -10);
      await expectNothingLeft(secondVolunteer.token, campaignId);
      const owners = await claimed(org.volunteer.token, campaignId);
      expect(owners.companyId).toBe(companyId);
      expect(owners.body.target.kind).toBe('callback');
      expect(Date.parse(owners.body.target.callbackAt)).toBeLessThan(Date.now());
      expect((await release(org.volunteer.token, campaignId, owners.claimId)).status).toBe(204);
      expect((await target(campaignId, companyId!)).status).toBe('callback');

      await bookCallback(campaignId, companyId!, org.volunteer.userId, -61);
      const anyones = await claimed(secondVolunteer.token, campaignId);
      expect(anyones.companyId).toBe(companyId);
    });

    it('should skip a company called in another campaign of the organisation within cooldownDays, older calls and its own campaign aside, and not when cooldownDays is 0', async () => {
      const [companyId] = await newCompanies(1);
      const campaignId = await campaignOf([companyId!]);
      const otherCampaignId = await campaignOf([companyId!]);
      const lastCallIn = (campaign: string, daysAgo: number) =>
        sql(
          `INSERT INTO campaigns.company_last_call (organization_id, company_id, campaign_id, last_called_at) VALUES ($1, $2, $3, now() - $4 * interval '1 day')
           ON CONFLICT (organization_id, company_id, campaign_id) DO UPDATE SET last_called_at = EXCLUDED.last_called_at`,
          [org.id, companyId, campaign, daysAgo],
        );
      // Called in this very campaign yesterday: that is its own retry rules' business, not the cooldown's.
      await lastCallIn(campaignId, 1);
      const ownCampaign = await claimed(org.volunteer.token, campaignId);
      expect((await release(org.volunteer.token, campaignId, ownCampaign.claimId)).status).toBe(204);

      await lastCallIn(otherCampaignId, 2);
      await expectNothingLeft(org.volunteer.token, campaignId);
      await lastCallIn(otherCampaignId, 8);
      const afterCooldown = await claimed(org.volunteer.token, campaignId);
      expect(afterCooldown.companyId).toBe(companyId);
      expect((await release(org.volunteer.token, campaignId, afterCooldown.claimId)).status).toBe(204);

      await lastCallIn(otherCampaignId, 2);
      await changeCampaign(campaignId, { cooldownDays: 0 });
      expect((await claimed(org.volunteer.token, campaignId)).companyId).toBe(companyId);
    });

    it('should not hand out a company another caller holds in another campaign of the organisation', async () => {
      const [companyId] = await newCompanies(1);
      const [first, second] = [await campaignOf([companyId!]), await campaignOf([companyId!])];
      const held = await claimed(org.volunteer.token, first);
      await expectNothingLeft(secondVolunteer.token, second);
      expect((await release(org.volunteer.token, first, held.claimId)).status).toBe(204);
      expect((await claimed(secondVolunteer.token, second)).companyId).toBe(companyId);
    });

    it('should skip a company marked doNotCall after it was added', async () => {
      const [refusing, willing] = await newCompanies(2, org, (index) => ({ hiringPotential: index === 0 ? 90 : 10 }));
      const campaignId = await campaignOf([refusing!, willing!]);
      const marked = await system.http.patch(`${API}/companies/${refusing}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ doNotCall: true });
      expect(marked.status, JSON.stringify(marked.body)).toBe(200);
      await expectEventually(async () => {
        const rows = await sql<{ do_not_call: boolean }>(`SELECT do_not_call FROM campaigns.company_summary WHERE id = $1`, [refusing]);
        expect(rows[0]!.do_not_call).toBe(true);
      });
      const { companyId, claimId } = await claimed(org.volunteer.token, campaignId);
      expect(companyId).toBe(willing);
      await finish(claimId);
      await expectNothingLeft(org.volunteer.token, campaignId);
    });

    it('should give a caller who holds a live claim the same claim again, even when asked several times at once', async () => {
      const companies = await newCompanies(3);
      const campaignId = await campaignOf(companies);
      const answers = await Promise.all([1, 2, 3].map(() => claim(org.volunteer.token, campaignId)));
      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(new Set(answers.map((answer) => answer.body.claim.id)).size).toBe(1);
      const again = await claimed(org.volunteer.token, campaignId);
      expect(again.claimId).toBe(answers[0]!.body.claim.id);
      expect(again.body.claim.expiresAt).toBe(answers[0]!.body.claim.expiresAt);
      const held = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM campaigns.target WHERE campaign_id = $1 AND status = 'claimed'`, [campaignId]);
      expect(held[0]!.n).toBe(1);
    });

    it('should answer 204 when nothing is left, and 422 while the campaign is a draft or paused', async () => {
      await expectNothingLeft(org.volunteer.token, await campaignOf([]));
      const [companyId] = await newCompanies(1);
      for (const status of ['draft', 'paused'] as const) {
        const campaignId = await campaignOf([companyId!], { status });
        const response = await claim(org.volunteer.token, campaignId);
        expect(response.status, JSON.stringify(response.body)).toBe(422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect((await target(campaignId, companyId!)).status).toBe('pending');
      }
    });

    it('should answer 403 to a viewer, and 404 to another organisation and to an unknown campaign, handing nothing out', async () => {
      const [companyId] = await newCompanies(1);
      const campaignId = await campaignOf([companyId!]);
      expect((await claim(org.viewer.token, campaignId)).status).toBe(403);
      expect((await claim(other.volunteer.token, campaignId)).status).toBe(404);
      expect((await claim(other.manager.token, campaignId)).status).toBe(404);
      expect((await claim(org.volunteer.token, randomUUID())).status).toBe(404);
      expect((await claim(org.volunteer.token, 'not-a-uuid')).status).toBe(404);
      expect((await target(campaignId, companyId!)).status).toBe('pending');
      // A manager calls too.
      expect((await claimed(org.manager.token, campaignId)).companyId).toBe(companyId);
    });
  });

  describe('DELETE /campaigns/{id}/claims/{claimId}', () => {
    it('should let the holder or a manager release a claim, the target going back to the queue, and answer 404 to anyone else', async () => {
      const [companyId] = await newCompanies(1);
      const campaignId = await campaignOf([companyId!]);
      const held = await claimed(org.volunteer.token, campaignId);
      expect((await release(secondVolunteer.token, campaignId, held.claimId)).status).toBe(404);
      expect((await release(org.viewer.token, campaignId, held.claimId)).status).toBe(403);
      expect((await release(other.manager.token, campaignId, held.claimId)).status).toBe(404);
      expect((await release(org.volunteer.token, campaignId, randomUUID())).status).toBe(404);
      expect((await release(org.volunteer.token, randomUUID(), held.claimId)).status).toBe(404);
      expect((await target(campaignId, companyId!)).claim_id).toBe(held.claimId);

      const released = await release(org.volunteer.token, campaignId, held.claimId);
      expect(released.status, JSON.stringify(released.body)).toBe(204);
      expect(await target(campaignId, companyId!)).toMatchObject({ status: 'pending', claim_id: null, claimed_by: null, claim_expires_at: null });
      expect((await release(org.volunteer.token, campaignId, held.claimId)).status).toBe(404);

      const next = await claimed(secondVolunteer.token, campaignId);
      expect(next.companyId).toBe(companyId);
      expect(next.claimId).not.toBe(held.claimId);
      expect((await release(org.manager.token, campaignId, next.claimId)).status).toBe(204);
      expect((await target(campaignId, companyId!)).status).toBe('pending');
    });
  });

  describe('the claim reaper', () => {
    it('should return an expired lease to the queue, and let its holder claim again at once', async () => {
      const [companyId] = await newCompanies(1);
      const campaignId = await campaignOf([companyId!]);
      const held = await claimed(org.volunteer.token, campaignId);
      const expire = () => sql(`UPDATE campaigns.target SET claim_expires_at = now() - interval '1 second' WHERE campaign_id = $1 AND status = 'claimed'`, [campaignId]);
      await expire();
      // Until the reaper's pass, an expired lease is not handed to someone else (the row is still `claimed`).
      await expectNothingLeft(secondVolunteer.token, campaignId);
      await system.services.get('campaigns')![0]!.get(ClaimReaper).reapBatch();
      expect(await target(campaignId, companyId!)).toMatchObject({ status: 'pending', claim_id: null, claimed_by: null });
      const next = await claimed(secondVolunteer.token, campaignId);
      expect(next.companyId).toBe(companyId);
      // The holder of an expired lease the reaper has not reached yet claims again: a new lease.
      await expire();
      const renewed = await claimed(secondVolunteer.token, campaignId);
      expect(renewed.companyId).toBe(companyId);
      expect(renewed.claimId).not.toBe(next.claimId);
      expect(Date.parse(renewed.body.claim.expiresAt)).toBeGreaterThan(Date.now() + 14 * 60_000);
      expect(held.claimId).not.toBe(renewed.claimId);
    });

    it('should put an expired callback back as a callback', async () => {
      const [companyId] = await newCompanies(1);
      const campaignId = await campaignOf([companyId!]);
      await bookCallback(campaignId, companyId!, org.volunteer.userId, -5);
      await claimed(org.volunteer.token, campaignId);
      await sql(`UPDATE campaigns.target SET claim_expires_at = now() - interval '1 second' WHERE campaign_id = $1`, [campaignId]);
      await system.services.get('campaigns')![0]!.get(ClaimReaper).reapBatch();
      expect(await target(campaignId, companyId!)).toMatchObject({ status: 'callback', claim_id: null, callback_owner_id: org.volunteer.userId });
    });
  });

  describe('contacts with a claim', () => {
    it("should list the company's contacts, an opted-out one flagged without phone or email", async () => {
      const [companyId] = await newCompanies(1);
      const reachable = testPerson();
      const objecting = testPerson();
      for (const person of [reachable, { ...objecting, optedOut: true }]) {
        const response = await system.http.post(`${API}/companies/${companyId}/contacts`).set(bearer(org.manager.token)).send(person);
        expect(response.status, JSON.stringify(response.body)).toBe(201);
      }
      const campaignId = await campaignOf([companyId!]);
      const { body } = await claimed(org.volunteer.token, campaignId);
      expect(body.target.contactsUnavailable).toBe(false);
      const byName = Object.fromEntries(body.target.contacts.map((contact: { lastName: string }) => [contact.lastName, contact]));
      expect(byName[reachable.lastName]).toMatchObject({ firstName: reachable.firstName, phone: reachable.phone, email: reachable.email, optedOut: false });
      expect(byName[objecting.lastName]).toMatchObject({ firstName: objecting.firstName, phone: null, email: null, optedOut: true });
    });

    it('should still make the claim, without contacts and saying so, when the contacts service hangs or is stopped', async () => {
      const [hanging, stopped] = await newCompanies(2);
      const campaignId = await campaignOf([hanging!, stopped!]);
      await system.stopService('contacts');
      // A contacts service that takes requests and never answers.
      const hung = await connect({ servers: system.nats.url });
      hung.subscribe('contacts.v1.contact.list', { queue: 'contacts', callback: () => undefined });
      await hung.flush();
      try {
        const started = Date.now();
        const slow = await claimed(org.volunteer.token, campaignId);
        const elapsed = Date.now() - started;
        expect(slow.body.target).toMatchObject({ contacts: [], contactsUnavailable: true });
        expect(elapsed).toBeGreaterThanOrEqual(700);
        expect(elapsed).toBeLessThan(3000);
        await finish(slow.claimId);
        await hung.drain();

        const down = await claimed(org.volunteer.token, campaignId);
        expect(down.body.target).toMatchObject({ contacts: [], contactsUnavailable: true });
        expect((await target(campaignId, down.companyId)).claim_id).toBe(down.claimId);
      } finally {
        if (!hung.isClosed()) await hung.close();
        await system.startService('contacts');
      }
    });
  });

  describe('GET /me/callbacks', () => {
    it("should list the caller's own callbacks, soonest first, by due (overdue, today in Europe/Paris, all), in pages", async () => {
      const companies = await newCompanies(6);
      const campaignId = await campaignOf(companies);
      const closedCampaignId = await campaignOf([companies[5]!]);
      const [yesterday, earlierToday, laterToday, tomorrow, someoneElses, inClosedCampaign] = companies;
      // Times relative to today's midnight in Paris, computed by the database like the route does.
      const at = (companyId: string, campaign: string, owner: string, when: string) =>
        sql(
          `WITH paris AS (SELECT date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris' AS today)
           UPDATE campaigns.target SET status = 'callback', queue_tier = 0, callback_owner_id = $3, callback_at = (SELECT ${when} FROM paris), available_at = (SELECT ${when} FROM paris)
           WHERE campaign_id = $1 AND company_id = $2`,
          [campaign, companyId, owner],
        );
      await at(yesterday!, campaignId, org.volunteer.userId, `today - interval '1 hour'`);
      await at(earlierToday!, campaignId, org.volunteer.userId, `today + (now() - today) / 2`);
      await at(laterToday!, campaignId, org.volunteer.userId, `now() + (today + interval '1 day' - now()) / 2`);
      await at(tomorrow!, campaignId, org.volunteer.userId, `today + interval '1 day 1 hour'`);
      await at(someoneElses!, campaignId, secondVolunteer.userId, `now() - interval '1 minute'`);
      await at(inClosedCampaign!, closedCampaignId, org.volunteer.userId, `now() - interval '1 minute'`);
      await changeCampaign(closedCampaignId, { status: 'closed' });

      const list = async (due?: string) => {
        const response = await system.http
          .get(`${API}/me/callbacks`)
          .query(due ? { due } : {})
          .set(bearer(org.volunteer.token));
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        return (response.body.items as { companyId: string }[]).map((item) => item.companyId).filter((id) => companies.includes(id));
      };
      expect(await list()).toEqual([yesterday, earlierToday, laterToday, tomorrow]);
      expect(await list('all')).toEqual([yesterday, earlierToday, laterToday, tomorrow]);
      expect(await list('overdue')).toEqual([yesterday, earlierToday]);
      expect(await list('today')).toEqual([earlierToday, laterToday]);

      const response = await system.http.get(`${API}/me/callbacks`).set(bearer(org.volunteer.token));
      const first = response.body.items.find((item: { companyId: string }) => item.companyId === yesterday);
      const campaign = await system.http.get(`${API}/campaigns/${campaignId}`).set(bearer(org.volunteer.token));
      expect(first).toMatchObject({ campaignId, campaignName: campaign.body.name, companyId: yesterday, phone: '+33328123456' });
      expect(first.companyName).toMatch(/^Entreprise /);
      expect(Date.parse(first.callbackAt)).toBeLessThan(Date.now());

      const walked = await walkPages<{ companyId: string }>(system, `${API}/me/callbacks`, org.volunteer.token, 1);
      expect(walked.items.map((item) => item.companyId).filter((id) => companies.includes(id))).toEqual([yesterday, earlierToday, laterToday, tomorrow]);

      const bad = await system.http.get(`${API}/me/callbacks`).query({ due: 'soon' }).set(bearer(org.volunteer.token));
      expect(bad.status).toBe(400);
      const forged = await system.http.get(`${API}/me/callbacks`).query({ cursor: 'bm90LWEtY3Vyc29y' }).set(bearer(org.volunteer.token));
      expect(forged.status).toBe(400);
      const others = await system.http.get(`${API}/me/callbacks`).set(bearer(other.volunteer.token));
      expect(others.status).toBe(200);
      expect(others.body.items).toEqual([]);
    });
  });

  describe('acceptance: 50 callers draining a campaign', () => {
    it('should hand every target out, finish each exactly once, and never let two callers hold one company at the same time', { timeout: 300_000 }, async () => {
      const TARGETS = 300;
      const CALLERS = 50;
      const companies = await newCompanies(TARGETS, org, (index) => ({ hiringPotential: index % 101 }));
      const campaignId = await campaignOf(companies);
      const callers = await activeVolunteers(CALLERS);

      /** Who held each company, from the moment the claim answered to the moment the caller let go of it (an interval inside the real lease). */
      const holds: { companyId: string; caller: string; from: number; to: number; finished: boolean }[] = [];
      const unexpected: string[] = [];
      const drain = async (caller: Member, index: number) => {
        for (let round = 0; ; round++) {
          const response = await claim(caller.token, campaignId);
          if (response.status === 204) return;
          if (response.status !== 201) {
            unexpected.push(`${response.status} ${JSON.stringify(response.body)}`);
            return;
          }
          const from = Date.now();
          const { claim: lease, target: handed } = response.body;
          await new Promise((resolve) => setTimeout(resolve, (index + round) % 7));
          // Every fourth claim is given back (it goes to someone else later); the others are finished as a logged call would.
          const giveBack = (index + round) % 4 === 0;
          const to = Date.now();
          if (giveBack) {
            const released = await release(caller.token, campaignId, lease.id);
            if (released.status !== 204) unexpected.push(`release ${released.status}`);
          } else {
            await finish(lease.id);
          }
          holds.push({ companyId: handed.company.id, caller: caller.userId, from, to, finished: !giveBack });
        }
      };
      await Promise.all(callers.map((caller, index) => drain(caller, index)));

      expect(unexpected).toEqual([]);
      const finishedPerCompany = new Map<string, number>();
      for (const hold of holds.filter((hold) => hold.finished)) finishedPerCompany.set(hold.companyId, (finishedPerCompany.get(hold.companyId) ?? 0) + 1);
      expect(finishedPerCompany.size).toBe(TARGETS);
      expect([...finishedPerCompany.values()].every((count) => count === 1)).toBe(true);
      expect(new Set(holds.map((hold) => hold.companyId))).toEqual(new Set(companies));
      // Never two holders at once: per company, each hold ends before the next begins.
      const byCompany = new Map<string, typeof holds>();
      for (const hold of holds) byCompany.set(hold.companyId, [...(byCompany.get(hold.companyId) ?? []), hold]);
      for (const [companyId, companyHolds] of byCompany) {
        const sorted = [...companyHolds].sort((a, b) => a.from - b.from);
        for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.from, `company ${companyId} held twice at once`).toBeGreaterThanOrEqual(sorted[i - 1]!.to);
      }
      const left = await sql<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM campaigns.target WHERE campaign_id = $1 GROUP BY status`, [campaignId]);
      expect(left).toEqual([{ status: 'done', n: TARGETS }]);
      const spread = new Set(holds.map((hold) => hold.caller)).size;
      expect(spread).toBeGreaterThan(CALLERS / 2);
    });
  });
});
