import { CallsProblem } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

type Body = Record<string, unknown> & { id: string };

describe('the offers board through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;
  let bakery: Body;
  let garage: Body;
  let spring: Body;
  let autumn: Body;
  /** Offers as logged, oldest first. */
  const offers: Body[] = [];

  async function createCompany(owner: TestOrganization, name: string): Promise<Body> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send({ name, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  async function activeCampaign(owner: TestOrganization, companyIds: string[]): Promise<Body> {
    const token = owner.manager.token;
    const created = await system.http.post('/api/v1/campaigns').set(bearer(token)).send({ name: `Campagne ${uniqueSuffix()}` });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect((await system.http.post(`/api/v1/campaigns/${created.body.id}/targets`).set(bearer(token)).send({ companyIds })).status).toBe(200);
    const activated = await system.http.patch(`/api/v1/campaigns/${created.body.id}`).set(bearer(token)).set('If-Match', created.headers.etag).send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    return activated.body;
  }

  async function logOffers(owner: TestOrganization, campaignId: string, companyId: string, outcome: string, found: object[]): Promise<Body[]> {
    const response = await system.http.post(`/api/v1/campaigns/${campaignId}/calls`).set(bearer(owner.volunteer.token)).send({ companyId, outcome, offers: found });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.offers as Body[];
  }

  const board = async (token: string, query: Record<string, string> = {}) => {
    const response = await system.http.get('/api/v1/offers').query(query).set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return (response.body.items as Body[]).map((offer) => offer.id);
  };
  const newestFirst = (selected: Body[]) => [...selected].reverse().map((offer) => offer.id);
  const patch = (token: string, id: string, body: object, ifMatch: string | null = '"1"') => {
    const request = system.http.patch(`/api/v1/offers/${id}`).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };

  beforeAll(async () => {
    system = await TestSystem.start();
    [org, other] = await Promise.all([createOrganization(system), createOrganization(system)]);
    bakery = await createCompany(org, `Boulangerie Lemaire ${uniqueSuffix()}`);
    garage = await createCompany(org, `Garage 100%_auto ${uniqueSuffix()}`);
    spring = await activeCampaign(org, [bakery.id, garage.id]);
    autumn = await activeCampaign(org, [bakery.id]);
    // The board shows the company's name: wait until the campaigns service has heard of both companies.
    await expectEventually(async () => expect(await system.database.query(`SELECT 1 FROM "campaigns"."company_summary" WHERE id = ANY($1)`, [[bakery.id, garage.id]])).toHaveLength(2));
    offers.push(
      ...(await logOffers(org, spring.id, bakery.id, 'offer', [
        { title: 'Apprenti boulanger', contractType: 'apprenticeship', romeCode: 'D1102', description: 'CAP en alternance' },
        { title: 'Vendeur', contractType: 'cdd', positions: 2 },
      ])),
    );
    offers.push(...(await logOffers(org, spring.id, garage.id, 'interested', [{ title: 'Mécanicien', contractType: 'cdi', description: 'Remise à 50% sur la formation' }])));
    offers.push(...(await logOffers(org, autumn.id, bakery.id, 'offer', [{ title: 'Pâtissier', contractType: 'internship' }])));
    const foreignCompany = await createCompany(other, `Boulangerie Ailleurs ${uniqueSuffix()}`);
    const foreignCampaign = await activeCampaign(other, [foreignCompany.id]);
    await logOffers(other, foreignCampaign.id, foreignCompany.id, 'offer', [{ title: 'Apprenti boulanger', contractType: 'apprenticeship' }]);
  });
  afterAll(() => system?.close());

  it('should list the offers of every campaign of the organisation, newest first, with their company, campaign and call, for every role', async () => {
    expect(offers).toHaveLength(4);
    for (const member of [org.viewer, org.volunteer, org.manager]) {
      const { items } = await walkPages<Body>(system, '/api/v1/offers', member.token, 2);
      expect(items.map((offer) => offer.id)).toEqual(newestFirst(offers));
    }
    const oldest = ((await system.http.get('/api/v1/offers').set(bearer(org.viewer.token))).body.items as Body[]).at(-1);
    expect(oldest).toMatchObject({
      id: offers[0]!.id,
      organizationId: org.id,
      companyId: bakery.id,
      companyName: bakery.name,
      campaignId: spring.id,
      campaignName: spring.name,
      title: 'Apprenti boulanger',
      contractType: 'apprenticeship',
      positions: 1,
      romeCode: 'D1102',
      description: 'CAP en alternance',
      status: 'open',
      version: 1,
    });
    expect(oldest!.callId).toBe(offers[0]!.callId);
  });

  it('should filter the board by contract type, status, campaign and text in title, description or company name', async () => {
    const [apprentice, seller, mechanic, pastry] = offers;
    expect(await board(org.viewer.token, { contractType: 'cdd' })).toEqual([seller!.id]);
    expect(await board(org.viewer.token, { campaignId: autumn.id })).toEqual([pastry!.id]);
    expect(await board(org.viewer.token, { campaignId: spring.id, contractType: 'apprenticeship' })).toEqual([apprentice!.id]);
    expect(await board(org.viewer.token, { q: 'BOULANGER' })).toEqual(newestFirst([apprentice!, seller!, pastry!]));
    expect(await board(org.viewer.token, { q: 'alternance' })).toEqual([apprentice!.id]);
    // % and _ are looked for as themselves.
    expect(await board(org.viewer.token, { q: '50%' })).toEqual([mechanic!.id]);
    expect(await board(org.viewer.token, { q: '100%_' })).toEqual([mechanic!.id]);
    expect(await board(org.viewer.token, { q: '%' })).toEqual([mechanic!.id]);
    expect(await board(org.viewer.token, { status: 'filled' })).toEqual([]);
    expect(await board(org.viewer.token, { campaignId: randomUUID() })).toEqual([]);
    const bad = await system.http.get('/api/v1/offers').query({ contractType: 'freelance', status: 'won', campaignId: 'x' }).set(bearer(org.viewer.token));
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['campaignId', 'contractType', 'status']);
  });

  it("should let managers change an offer's status at the version read, without touching the rollups", async () => {
    const offer = offers[1]!;
    const before = await system.database.query(`SELECT * FROM "campaigns"."campaign_rollup" WHERE campaign_id = $1`, [spring.id]);
    expect((await patch(org.volunteer.token, offer.id, { status: 'filled' })).status).toBe(403);
    expect((await patch(org.viewer.token, offer.id, { status: 'filled' })).status).toBe(403);
    expect((await patch(other.manager.token, offer.id, { status: 'filled' })).status).toBe(404);
    expect((await patch(org.manager.token, randomUUID(), { status: 'filled' })).status).toBe(404);
    expect((await patch(org.manager.token, offer.id, { status: 'filled' }, null)).status).toBe(428);
    for (const body of [{ status: 'won' }, { contractType: 'cdi' }, { positions: 0 }, { title: '' }, {}, { status: null }]) {
      expect((await patch(org.manager.token, offer.id, body)).status, JSON.stringify(body)).toBe(400);
    }

    const changed = await patch(org.manager.token, offer.id, { status: 'filled', positions: 3, romeCode: 'd1106', description: null });
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
    expect(changed.headers.etag).toBe('"2"');
    expect(changed.body).toMatchObject({ id: offer.id, status: 'filled', positions: 3, romeCode: 'D1106', description: null, title: 'Vendeur', contractType: 'cdd', version: 2 });
    const stale = await patch(org.manager.token, offer.id, { status: 'closed' }, '"1"');
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(2);

    const read = await system.http.get(`/api/v1/offers/${offer.id}`).set(bearer(org.viewer.token));
    expect(read.status).toBe(200);
    expect(read.headers.etag).toBe('"2"');
    expect(read.body).toEqual(changed.body);
    expect(await board(org.viewer.token, { status: 'filled' })).toEqual([offer.id]);
    expect(await system.database.query(`SELECT * FROM "campaigns"."campaign_rollup" WHERE campaign_id = $1`, [spring.id])).toEqual(before);
    const counted = await system.database.query<{ n: number }>(`SELECT n FROM "campaigns"."campaign_count" WHERE campaign_id = $1 AND dimension = 'contract_type' AND key = 'cdd'`, [spring.id]);
    expect(counted[0]?.n).toBe(1);
  });

  it("should answer 404 for another organisation's offer and never list it", async () => {
    const foreign = await system.http.get('/api/v1/offers').set(bearer(other.viewer.token));
    expect(foreign.body.items).toHaveLength(1);
    expect((await system.http.get(`/api/v1/offers/${offers[0]!.id}`).set(bearer(other.manager.token))).status).toBe(404);
    expect((await system.http.get(`/api/v1/offers/${foreign.body.items[0].id}`).set(bearer(org.manager.token))).status).toBe(404);
    expect(await board(org.viewer.token, { q: 'Ailleurs' })).toEqual([]);
    expect(CallsProblem.OfferNotFound).toBe((await system.http.get(`/api/v1/offers/${randomUUID()}`).set(bearer(org.viewer.token))).body.type);
  });
});
