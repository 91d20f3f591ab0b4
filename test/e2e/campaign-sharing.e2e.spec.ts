import { CampaignsProblem, QueueProblem } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullConventionBody } from '../support/valid-bodies.js';

type Body = Record<string, unknown> & { id: string };

const API = '/api/v1';
const inHours = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
/** How long a removed party may keep its access (docs/sharing.md: "within seconds"). */
const REMOVAL_BOUND_MS = 10_000;

/**
 * Shared campaigns (docs/sharing.md): a chamber of trades (signatory) runs a campaign under a
 * convention with an employment agency (signatory) and a sports club (partner); the club's members
 * read it and call in it, the chamber alone changes it, an outsider never sees it, and a party
 * removed from the convention loses it within seconds.
 */
describe('campaigns shared through a convention', () => {
  let system: TestSystem;
  let chamber: TestOrganization;
  let agency: TestOrganization;
  let club: TestOrganization;
  let outsider: TestOrganization;
  let convention: Body;
  let shared: Body;
  let unshared: Body;
  let companies: string[];

  const get = (token: string, path: string) => system.http.get(`${API}${path}`).set(bearer(token));
  const post = (token: string, path: string, body?: object) => system.http.post(`${API}${path}`).set(bearer(token)).send(body);
  const patch = (token: string, path: string, body: object, ifMatch: string) => system.http.patch(`${API}${path}`).set(bearer(token)).set('If-Match', ifMatch).send(body);
  const claim = (token: string, campaignId: string) => post(token, `/campaigns/${campaignId}/claims`);
  const logCall = (token: string, campaignId: string, body: object) => post(token, `/campaigns/${campaignId}/calls`, body);
  const ids = (response: Response) => (response.body.items as Body[]).map((item) => item.id);
  const partyRows = (conventionId: string) =>
    system.database.query<{ organization_id: string }>(`SELECT organization_id FROM campaigns.convention_party WHERE convention_id = $1 ORDER BY organization_id`, [conventionId]);

  async function createCompany(name: string): Promise<string> {
    const response = await post(chamber.manager.token, '/companies', { name, siret: newSiret(), phone: '+33328123456' });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }

  /** A campaign of the chamber, active, whose targets are `companyIds`. */
  async function chamberCampaign(conventionId: string | null, companyIds: string[]): Promise<Body> {
    const token = chamber.manager.token;
    const created = await post(token, '/campaigns', { name: `Campagne ${uniqueSuffix()}`, conventionId });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const added = await post(token, `/campaigns/${created.body.id}/targets`, { companyIds });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const activated = await patch(token, `/campaigns/${created.body.id}`, { status: 'active' }, created.headers.etag!);
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    return activated.body;
  }

  /** Replaces the convention's parties as `token`'s manager (a signatory), and waits for the campaigns service's projection to apply them. */
  async function changeParties(token: string, parties: { organizationId: string; role: string }[]): Promise<void> {
    const current = await get(token, `/conventions/${convention.id}`);
    expect(current.status, JSON.stringify(current.body)).toBe(200);
    const changed = await patch(token, `/conventions/${convention.id}`, { parties }, current.headers.etag!);
    expect(changed.status, JSON.stringify(changed.body)).toBe(200);
  }

  /** Polls `path` as `token` until it answers `status`; how long it took. */
  async function untilStatus(token: string, path: string, status: number): Promise<number> {
    const started = Date.now();
    await expectEventually(async () => expect((await get(token, path)).status).toBe(status), REMOVAL_BOUND_MS, 50);
    return Date.now() - started;
  }

  beforeAll(async () => {
    system = await TestSystem.start();
    [chamber, agency, club, outsider] = await Promise.all([createOrganization(system), createOrganization(system), createOrganization(system), createOrganization(system)]);
    const created = await post(chamber.manager.token, '/conventions', fullConventionBody([chamber.id, agency.id], [club.id]));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    convention = created.body;
    companies = [];
    for (const name of ['Boulangerie du Port', 'Poissonnerie de la Digue', 'Crêperie du Beffroi', 'Fromagerie Malo']) companies.push(await createCompany(`${name} ${uniqueSuffix()}`));
    // The convention's parties and the companies reach the campaigns service through events.
    await expectEventually(async () => expect(await partyRows(convention.id)).toHaveLength(3));
    await expectEventually(async () => {
      const rows = await system.database.query(`SELECT 1 FROM campaigns.company_summary WHERE id = ANY($1::uuid[])`, [companies]);
      expect(rows).toHaveLength(companies.length);
    });
    shared = await chamberCampaign(convention.id as string, companies);
    unshared = await chamberCampaign(null, companies.slice(0, 1));
    // Four organisations of three members each: a dozen password hashes on a shared machine.
  }, 240_000);
  afterAll(() => system?.close());

  it("should let every member of every party read the shared campaign, in GET /campaigns (status filter included) and by id, but not the chamber's unshared one", async () => {
    for (const member of [club.volunteer, club.manager, club.viewer, agency.viewer]) {
      const listed = await get(member.token, '/campaigns');
      expect(listed.status).toBe(200);
      expect(ids(listed)).toContain(shared.id);
      expect(ids(listed)).not.toContain(unshared.id);
      const read = await get(member.token, `/campaigns/${shared.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ id: shared.id, organizationId: chamber.id, conventionId: convention.id, status: 'active' });
      expect((await get(member.token, `/campaigns/${unshared.id}`)).status).toBe(404);
    }
    expect(ids(await get(club.volunteer.token, '/campaigns?status=active'))).toContain(shared.id);
    expect(ids(await get(club.volunteer.token, '/campaigns?status=draft'))).not.toContain(shared.id);
    // The owner's own list is unchanged: both of its campaigns, newest first.
    expect(ids(await get(chamber.viewer.token, '/campaigns')).slice(0, 2)).toEqual([unshared.id, shared.id]);
    const targets = await get(club.viewer.token, `/campaigns/${shared.id}/targets`);
    expect(targets.status).toBe(200);
    expect((targets.body.items as { companyId: string }[]).map((target) => target.companyId).sort()).toEqual([...companies].sort());
  });

  it("should let a club volunteer claim, log calls counted in the chamber's campaign as theirs, with a chamber contact, and release", async () => {
    const first = await claim(club.volunteer.token, shared.id);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const companyId = first.body.target.company.id as string;
    expect(companies).toContain(companyId);
    const callback = await logCall(club.volunteer.token, shared.id, { companyId, outcome: 'callback', callbackAt: inHours(3), notes: 'Rappeler le gérant' });
    expect(callback.status, JSON.stringify(callback.body)).toBe(201);
    expect(callback.body).toMatchObject({ campaignId: shared.id, companyId, callerId: club.volunteer.userId, outcome: 'callback' });
    const [row] = await system.database.query<{ organization_id: string; caller_id: string }>(`SELECT organization_id, caller_id FROM campaigns.call WHERE id = $1`, [callback.body.id]);
    expect(row).toEqual({ organization_id: chamber.id, caller_id: club.volunteer.userId });

    // The call names one of the chamber's contacts of that company: the contacts are the owner's.
    const second = await claim(club.volunteer.token, shared.id);
    expect(second.status, JSON.stringify(second.body)).toBe(201);
    const secondCompany = second.body.target.company.id as string;
    const contact = await post(chamber.manager.token, `/companies/${secondCompany}/contacts`, { lastName: `Lemaire ${uniqueSuffix()}` });
    expect(contact.status, JSON.stringify(contact.body)).toBe(201);
    const busy = await logCall(club.volunteer.token, shared.id, { companyId: secondCompany, contactId: contact.body.id, outcome: 'busy' });
    expect(busy.status, JSON.stringify(busy.body)).toBe(201);
    expect(busy.body.contactId).toBe(contact.body.id);
    // A contact of the club's own is not one of the chamber's company's.
    const clubCompany = await post(club.manager.token, '/companies', { name: `Club ${uniqueSuffix()}`, siret: newSiret() });
    const clubContact = await post(club.manager.token, `/companies/${clubCompany.body.id}/contacts`, { lastName: `Durand ${uniqueSuffix()}` });
    expect(clubContact.status, JSON.stringify(clubContact.body)).toBe(201);
    const foreignContact = await logCall(club.volunteer.token, shared.id, { companyId: secondCompany, contactId: clubContact.body.id, outcome: 'busy' });
    expect(foreignContact.status).toBe(422);

    const third = await claim(club.volunteer.token, shared.id);
    expect(third.status, JSON.stringify(third.body)).toBe(201);
    const released = await system.http.delete(`${API}/campaigns/${shared.id}/claims/${third.body.claim.id}`).set(bearer(club.volunteer.token));
    expect(released.status, JSON.stringify(released.body)).toBeLessThan(300);
    const [target] = await system.database.query<{ status: string }>(`SELECT status FROM campaigns.target WHERE campaign_id = $1 AND company_id = $2`, [shared.id, third.body.target.company.id]);
    expect(target!.status).not.toBe('claimed');

    const dashboard = await get(chamber.manager.token, `/campaigns/${shared.id}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ calls: 2, contacted: 2 });
    expect(dashboard.body.byCaller).toEqual([expect.objectContaining({ callerId: club.volunteer.userId, calls: 2 })]);

    // Their own call's notes are theirs to change; the calls read back for every party.
    const notes = await patch(club.volunteer.token, `/campaigns/${shared.id}/calls/${callback.body.id}`, { notes: 'Rappeler le gérant à 14 h' }, '"1"');
    expect(notes.status, JSON.stringify(notes.body)).toBe(200);
    const calls = await get(agency.viewer.token, `/campaigns/${shared.id}/calls`);
    expect(calls.status).toBe(200);
    expect(ids(calls).sort()).toEqual([callback.body.id, busy.body.id].sort());
    expect((await get(club.viewer.token, `/campaigns/${shared.id}/calls/${callback.body.id}`)).body.notes).toBe('Rappeler le gérant à 14 h');

    const callbacks = await get(club.volunteer.token, '/me/callbacks');
    expect(callbacks.status).toBe(200);
    expect(callbacks.body.items).toEqual([expect.objectContaining({ campaignId: shared.id, campaignName: shared.name, companyId })]);
  });

  it("should let the club's manager read the dashboard and export, and refuse both to its volunteer (403)", async () => {
    const dashboard = await get(club.manager.token, `/campaigns/${shared.id}/dashboard`);
    expect(dashboard.status, JSON.stringify(dashboard.body)).toBe(200);
    expect(dashboard.body.calls).toBe(2);
    const exported = await get(club.manager.token, `/campaigns/${shared.id}/export.csv`);
    expect(exported.status).toBe(200);
    expect(exported.text.split('\r\n').filter((line) => line.includes(club.volunteer.userId))).toHaveLength(2);
    expect((await get(club.volunteer.token, `/campaigns/${shared.id}/dashboard`)).status).toBe(403);
    expect((await get(club.volunteer.token, `/campaigns/${shared.id}/export.csv`)).status).toBe(403);
    // The dashboard lines are the organisation's own campaigns.
    const lines = await get(club.manager.token, '/dashboard');
    expect((lines.body.items as { campaign: { id: string } }[]).map((line) => line.campaign.id)).not.toContain(shared.id);
  });

  it("should answer 403 to partners changing the campaign, its targets or a chamber call, 404 to a partner's manager releasing a chamber claim, and change nothing", async () => {
    const before = await get(chamber.viewer.token, `/campaigns/${shared.id}`);
    for (const member of [club.manager, club.volunteer, agency.manager]) {
      expect((await patch(member.token, `/campaigns/${shared.id}`, { name: 'Repris' }, before.headers.etag!)).status).toBe(403);
      expect((await patch(member.token, `/campaigns/${shared.id}`, { status: 'paused' }, before.headers.etag!)).status).toBe(403);
      expect((await post(member.token, `/campaigns/${shared.id}/targets`, { companyIds: [companies[0]] })).status).toBe(403);
    }
    const chamberClaim = await claim(chamber.volunteer.token, shared.id);
    expect(chamberClaim.status, JSON.stringify(chamberClaim.body)).toBe(201);
    // A partner's manager releases their own members' claims only, as a volunteer does.
    const notTheirs = await system.http.delete(`${API}/campaigns/${shared.id}/claims/${chamberClaim.body.claim.id}`).set(bearer(club.manager.token));
    expect(notTheirs.status).toBe(404);
    expect(notTheirs.body.type).toBe(QueueProblem.ClaimNotFound);
    const chamberCall = await logCall(chamber.volunteer.token, shared.id, { companyId: chamberClaim.body.target.company.id, outcome: 'no_answer' });
    expect(chamberCall.status, JSON.stringify(chamberCall.body)).toBe(201);
    expect((await patch(club.manager.token, `/campaigns/${shared.id}/calls/${chamberCall.body.id}`, { notes: 'Pas à nous' }, '"1"')).status).toBe(403);
    const after = await get(chamber.viewer.token, `/campaigns/${shared.id}`);
    expect(after.body).toEqual(before.body);
  });

  it('should answer 404 to an outsider on every route of the shared campaign, as for an unknown id, and never list it', async () => {
    const [call] = await system.database.query<{ id: string }>(`SELECT id FROM campaigns.call WHERE campaign_id = $1 LIMIT 1`, [shared.id]);
    const routes: [string, (token: string, id: string) => Promise<Response>][] = [
      ['GET /campaigns/{id}', (token, id) => get(token, `/campaigns/${id}`)],
      ['PATCH /campaigns/{id}', (token, id) => patch(token, `/campaigns/${id}`, { name: 'Intrus' }, '"1"')],
      ['GET /campaigns/{id}/targets', (token, id) => get(token, `/campaigns/${id}/targets`)],
      ['POST /campaigns/{id}/targets', (token, id) => post(token, `/campaigns/${id}/targets`, { companyIds: [randomUUID()] })],
      ['POST /campaigns/{id}/claims', (token, id) => claim(token, id)],
      ['DELETE /campaigns/{id}/claims/{claimId}', (token, id) => system.http.delete(`${API}/campaigns/${id}/claims/${randomUUID()}`).set(bearer(token))],
      ['POST /campaigns/{id}/calls', (token, id) => logCall(token, id, { companyId: companies[0], outcome: 'busy' })],
      ['GET /campaigns/{id}/calls', (token, id) => get(token, `/campaigns/${id}/calls`)],
      ['GET /campaigns/{id}/calls/{callId}', (token, id) => get(token, `/campaigns/${id}/calls/${call!.id}`)],
      ['PATCH /campaigns/{id}/calls/{callId}', (token, id) => patch(token, `/campaigns/${id}/calls/${call!.id}`, { notes: 'Intrus' }, '"1"')],
      ['GET /campaigns/{id}/dashboard', (token, id) => get(token, `/campaigns/${id}/dashboard`)],
      ['GET /campaigns/{id}/export.csv', (token, id) => get(token, `/campaigns/${id}/export.csv`)],
    ];
    for (const [route, send] of routes) {
      for (const member of [outsider.manager, outsider.volunteer]) {
        const theirs = await send(member.token, shared.id);
        expect(theirs.status, `${route} as the outsider's member`).toBe(404);
        expect(theirs.body.type, route).toBe((await send(member.token, randomUUID())).body.type);
      }
    }
    expect(ids(await get(outsider.manager.token, '/campaigns'))).not.toContain(shared.id);
    expect((await get(outsider.volunteer.token, '/me/callbacks')).body.items).toEqual([]);
  });

  it('should answer 422 not-a-party to a campaign naming a convention its organisation is not a party of, and stop sharing with conventionId null', async () => {
    const refused = await post(outsider.manager.token, '/campaigns', { name: 'Campagne intruse', conventionId: convention.id });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ type: CampaignsProblem.NotAParty, errors: [{ field: 'conventionId' }] });
    expect(refused.body.detail).toMatch(/conventionId/);
    expect(await system.database.query(`SELECT 1 FROM campaigns.campaign WHERE organization_id = $1`, [outsider.id])).toEqual([]);

    const unknown = await patch(chamber.manager.token, `/campaigns/${unshared.id}`, { conventionId: randomUUID() }, `"${unshared.version}"`);
    expect(unknown.status).toBe(422);
    expect(unknown.body.type).toBe(CampaignsProblem.NotAParty);
    expect((await get(chamber.viewer.token, `/campaigns/${unshared.id}`)).body).toMatchObject({ conventionId: null, version: unshared.version });

    const sharedLater = await patch(chamber.manager.token, `/campaigns/${unshared.id}`, { conventionId: convention.id }, `"${unshared.version}"`);
    expect(sharedLater.status, JSON.stringify(sharedLater.body)).toBe(200);
    expect((await get(club.viewer.token, `/campaigns/${unshared.id}`)).status).toBe(200);
    const unsharedAgain = await patch(chamber.manager.token, `/campaigns/${unshared.id}`, { conventionId: null }, sharedLater.headers.etag!);
    expect(unsharedAgain.status, JSON.stringify(unsharedAgain.body)).toBe(200);
    expect((await get(club.viewer.token, `/campaigns/${unshared.id}`)).status).toBe(404);
  });

  it('should end the club’s access within seconds once the convention drops it, claims and calls included, and give it back when it returns', async () => {
    const held = await claim(club.volunteer.token, shared.id);
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    await changeParties(chamber.manager.token, [
      { organizationId: chamber.id, role: 'signatory' },
      { organizationId: agency.id, role: 'signatory' },
    ]);
    expect(await untilStatus(club.volunteer.token, `/campaigns/${shared.id}`, 404)).toBeLessThan(REMOVAL_BOUND_MS);
    expect((await claim(club.volunteer.token, shared.id)).status).toBe(404);
    expect((await logCall(club.volunteer.token, shared.id, { companyId: held.body.target.company.id, outcome: 'busy' })).status).toBe(404);
    expect((await system.http.delete(`${API}/campaigns/${shared.id}/claims/${held.body.claim.id}`).set(bearer(club.volunteer.token))).status).toBe(404);
    expect(ids(await get(club.manager.token, '/campaigns'))).not.toContain(shared.id);
    expect((await get(club.volunteer.token, '/me/callbacks')).body.items).toEqual([]);
    expect((await get(club.manager.token, `/campaigns/${shared.id}/dashboard`)).status).toBe(404);
    expect((await get(agency.viewer.token, `/campaigns/${shared.id}`)).status).toBe(200);

    await changeParties(chamber.manager.token, [
      { organizationId: chamber.id, role: 'signatory' },
      { organizationId: agency.id, role: 'signatory' },
      { organizationId: club.id, role: 'partner' },
    ]);
    expect(await untilStatus(club.volunteer.token, `/campaigns/${shared.id}`, 200)).toBeLessThan(REMOVAL_BOUND_MS);
  });

  it('should end every partner’s access once the convention drops the owner, while the owner keeps its campaign', async () => {
    await changeParties(agency.manager.token, [
      { organizationId: agency.id, role: 'signatory' },
      { organizationId: club.id, role: 'partner' },
    ]);
    expect(await untilStatus(club.volunteer.token, `/campaigns/${shared.id}`, 404)).toBeLessThan(REMOVAL_BOUND_MS);
    expect((await get(agency.viewer.token, `/campaigns/${shared.id}`)).status).toBe(404);
    expect((await claim(club.volunteer.token, shared.id)).status).toBe(404);
    expect((await get(chamber.volunteer.token, `/campaigns/${shared.id}`)).status).toBe(200);
    // A convention it left is not one a campaign of the chamber may name any more.
    const current = await get(chamber.manager.token, `/campaigns/${unshared.id}`);
    const renamed = await patch(chamber.manager.token, `/campaigns/${unshared.id}`, { conventionId: convention.id }, current.headers.etag!);
    expect(renamed.status).toBe(422);
  });
});
