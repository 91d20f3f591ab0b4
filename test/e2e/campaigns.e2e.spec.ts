import { CampaignsProblem } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullCampaignBody, fullConventionBody } from '../support/valid-bodies.js';

interface ListedTarget {
  companyId: string;
  companyName: string | null;
  status: string;
  attempts: number;
}

describe('campaigns and their targets through the gateway (issue 9, points 1 and 2)', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;
  let conventionId: string;

  beforeAll(async () => {
    system = await TestSystem.start();
    [org, other] = await Promise.all([createOrganization(system), createOrganization(system)]);
    // A convention of the organisation, for the campaigns that name one (docs/sharing.md).
    const convention = await system.http.post('/api/v1/conventions').set(bearer(org.manager.token)).send(fullConventionBody([org.id]));
    expect(convention.status, JSON.stringify(convention.body)).toBe(201);
    conventionId = convention.body.id as string;
    await expectEventually(async () => expect(await system.database.query(`SELECT 1 FROM campaigns.convention_party WHERE convention_id = $1`, [conventionId])).toHaveLength(1));
  });
  afterAll(() => system?.close());

  const createCampaign = (token: string, body: object, idempotencyKey?: string) => {
    const request = system.http.post('/api/v1/campaigns').set(bearer(token));
    return (idempotencyKey ? request.set('Idempotency-Key', idempotencyKey) : request).send(body);
  };
  const readCampaign = (token: string, id: string) => system.http.get(`/api/v1/campaigns/${id}`).set(bearer(token));
  const patchCampaign = (token: string, id: string, body: object, ifMatch: string | null) => {
    const request = system.http.patch(`/api/v1/campaigns/${id}`).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const addTargets = (token: string, id: string, body: object) => system.http.post(`/api/v1/campaigns/${id}/targets`).set(bearer(token)).send(body);
  const listTargets = (token: string, id: string, query: Record<string, string | number> = {}) =>
    system.http.get(`/api/v1/campaigns/${id}/targets`).query(query).set(bearer(token));

  async function newCompany(body: object = {}, owner: TestOrganization = org): Promise<string> {
    const response = await system.http
      .post('/api/v1/companies')
      .set(bearer(owner.manager.token))
      .send({ name: `Entreprise ${uniqueSuffix()}`, siret: newSiret(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }

  async function newCampaign(owner: TestOrganization = org, body: object = {}): Promise<Record<string, unknown> & { id: string }> {
    const response = await createCampaign(owner.manager.token, { name: `Campagne ${uniqueSuffix()}`, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  /** Moves a campaign through `statuses`, each change with the version the previous one answered. */
  async function moveThrough(id: string, statuses: string[]): Promise<Record<string, unknown>> {
    let campaign = (await readCampaign(org.manager.token, id)).body as Record<string, unknown>;
    for (const status of statuses) {
      const response = await patchCampaign(org.manager.token, id, { status }, `"${campaign.version as number}"`);
      expect(response.status, `${String(campaign.status)} → ${status}: ${JSON.stringify(response.body)}`).toBe(200);
      campaign = response.body;
    }
    return campaign;
  }

  const targetRows = (campaignId: string) =>
    system.database.query<{ company_id: string; status: string; queue_tier: number; queue_key: number; organization_id: string }>(
      `SELECT company_id, status, queue_tier, queue_key, organization_id FROM campaigns.target WHERE campaign_id = $1`,
      [campaignId],
    );
  const rollupTargets = async (campaignId: string) =>
    (await system.database.query<{ targets: number }>(`SELECT targets FROM campaigns.campaign_rollup WHERE campaign_id = $1`, [campaignId]))[0]?.targets;

  describe('a campaign', () => {
    it('should be created as a draft with its fields, createdBy, default cooldown, an ETag and a zeroed rollup', async () => {
      const body = { ...fullCampaignBody(conventionId), cooldownDays: undefined };
      const response = await createCampaign(org.manager.token, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`/api/v1/campaigns/${response.body.id}`);
      expect(response.body).toMatchObject({
        ...body,
        status: 'draft',
        cooldownDays: 7,
        organizationId: org.id,
        createdBy: org.manager.userId,
        version: 1,
      });
      expect(await rollupTargets(response.body.id)).toBe(0);

      const read = await readCampaign(org.viewer.token, response.body.id);
      expect(read.status).toBe(200);
      expect(read.headers.etag).toBe('"1"');
      expect(read.body).toEqual(response.body);
    });

    it('should refuse a status in the body of a create (400): a campaign always starts as a draft', async () => {
      const response = await createCampaign(org.manager.token, { name: `Déjà active ? ${uniqueSuffix()}`, status: 'active' });
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'status' })]);
    });

    it('should answer 400 naming the field for endsOn before startsOn, an impossible day or a cooldown out of 0–365', async () => {
      const cases: [object, string][] = [
        [{ startsOn: '2027-03-01', endsOn: '2027-02-28' }, 'endsOn'],
        [{ startsOn: '2027-02-30' }, 'startsOn'],
        [{ endsOn: '01/03/2027' }, 'endsOn'],
        [{ cooldownDays: 366 }, 'cooldownDays'],
        [{ cooldownDays: -1 }, 'cooldownDays'],
        [{ goal: { companiesToContact: 0 } }, 'goal.companiesToContact'],
      ];
      for (const [fields, field] of cases) {
        const response = await createCampaign(org.manager.token, { name: 'Dates', ...fields });
        expect(response.status, JSON.stringify(fields)).toBe(400);
        expect((response.body.errors as { field: string }[]).map((error) => error.field), JSON.stringify(fields)).toContain(field);
      }
      const sameDay = await createCampaign(org.manager.token, { name: 'Un jour', startsOn: '2027-03-01', endsOn: '2027-03-01', cooldownDays: 0 });
      expect(sameDay.status).toBe(201);
      expect(sameDay.body.cooldownDays).toBe(0);
    });

    it('should check endsOn against the stored startsOn on a change (400), and apply a valid change', async () => {
      const campaign = await newCampaign(org, { startsOn: '2027-01-10' });
      const early = await patchCampaign(org.manager.token, campaign.id, { endsOn: '2027-01-09' }, '"1"');
      expect(early.status).toBe(400);
      expect(early.body.errors).toEqual([expect.objectContaining({ field: 'endsOn' })]);
      const fine = await patchCampaign(org.manager.token, campaign.id, { endsOn: '2027-01-10', script: 'Nouveau script', goal: null, cooldownDays: 3 }, '"1"');
      expect(fine.status, JSON.stringify(fine.body)).toBe(200);
      expect(fine.headers.etag).toBe('"2"');
      expect(fine.body).toMatchObject({ endsOn: '2027-01-10', startsOn: '2027-01-10', script: 'Nouveau script', goal: { companiesToContact: null }, cooldownDays: 3, version: 2 });
      const nameless = await patchCampaign(org.manager.token, campaign.id, { name: null }, '"2"');
      expect(nameless.status).toBe(400);
    });

    it("should store a conventionId of the organisation's and clear it with null, and refuse one it is not a party of (422)", async () => {
      const unknown = await createCampaign(org.manager.token, { name: `Campagne ${uniqueSuffix()}`, conventionId: randomUUID() });
      expect(unknown.status).toBe(422);
      expect(unknown.body).toMatchObject({ type: CampaignsProblem.NotAParty, errors: [{ field: 'conventionId' }] });
      const campaign = await newCampaign(org, { conventionId });
      expect(campaign.conventionId).toBe(conventionId);
      const cleared = await patchCampaign(org.manager.token, campaign.id, { conventionId: null }, '"1"');
      expect(cleared.body.conventionId).toBeNull();
    });

    it('should follow the lifecycle draft → active ⇄ paused → closed, and draft → closed', async () => {
      const campaign = await newCampaign();
      const closed = await moveThrough(campaign.id, ['active', 'paused', 'active', 'paused', 'closed']);
      expect(closed).toMatchObject({ status: 'closed', version: 6 });
      const draft = await newCampaign();
      expect(await moveThrough(draft.id, ['closed'])).toMatchObject({ status: 'closed' });
      const activeThenClosed = await newCampaign();
      expect(await moveThrough(activeThenClosed.id, ['active', 'closed'])).toMatchObject({ status: 'closed' });
    });

    it('should answer 422 with a clear detail to an impossible transition, and change nothing', async () => {
      const impossible: [string[], string][] = [
        [[], 'paused'],
        [['active'], 'draft'],
        [['active', 'paused'], 'draft'],
        [['closed'], 'active'],
        [['active', 'closed'], 'paused'],
        [['active', 'closed'], 'draft'],
      ];
      for (const [path, to] of impossible) {
        const campaign = await newCampaign();
        const before = await moveThrough(campaign.id, path);
        const response = await patchCampaign(org.manager.token, campaign.id, { status: to }, `"${before.version as number}"`);
        expect(response.status, `${String(before.status)} → ${to}`).toBe(422);
        expect(response.body.detail).toContain(`from ${String(before.status)} to ${to}`);
        expect((await readCampaign(org.manager.token, campaign.id)).body).toMatchObject({ status: before.status, version: before.version });
      }
    });

    it('should answer 422 to any change of a closed campaign: closed is final', async () => {
      const campaign = await newCampaign();
      const closed = await moveThrough(campaign.id, ['closed']);
      const response = await patchCampaign(org.manager.token, campaign.id, { name: 'Renamed' }, `"${closed.version as number}"`);
      expect(response.status).toBe(422);
      expect(response.body.type).toBe('/problems/campaigns/closed');
    });

    it('should answer 428 without If-Match and 412 with a stale one, changing nothing', async () => {
      const campaign = await newCampaign();
      const missing = await patchCampaign(org.manager.token, campaign.id, { status: 'active' }, null);
      expect(missing.status).toBe(428);
      await moveThrough(campaign.id, ['active']);
      const stale = await patchCampaign(org.manager.token, campaign.id, { status: 'paused' }, '"1"');
      expect(stale.status).toBe(412);
      expect(stale.body.currentVersion).toBe(2);
      expect((await readCampaign(org.manager.token, campaign.id)).body).toMatchObject({ status: 'active', version: 2 });
    });

    it('should create once for a repeated Idempotency-Key, and refuse the key with another body', async () => {
      const key = `campaign-${uniqueSuffix()}`;
      const name = `Idempotente ${uniqueSuffix()}`;
      const first = await createCampaign(org.manager.token, { name }, key);
      const second = await createCampaign(org.manager.token, { name }, key);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.id).toBe(first.body.id);
      const rows = await system.database.query(`SELECT 1 FROM campaigns.campaign WHERE organization_id = $1 AND name = $2`, [org.id, name]);
      expect(rows).toHaveLength(1);
      const reused = await createCampaign(org.manager.token, { name: 'Autre' }, key);
      expect(reused.status).toBe(422);
    });

    it('should list the organisation’s campaigns newest first in cursor pages, with a status filter, and never another organisation’s', async () => {
      const owner = await createOrganization(system);
      const created: string[] = [];
      for (let i = 0; i < 7; i++) created.push((await newCampaign(owner, { name: `Liste ${i}` })).id);
      await newCampaign(other);
      const active = [created[1]!, created[4]!];
      for (const id of active) {
        const response = await patchCampaign(owner.manager.token, id, { status: 'active' }, '"1"');
        expect(response.status).toBe(200);
      }
      const { items, pages } = await walkPages<{ id: string; organizationId: string }>(system, '/api/v1/campaigns', owner.volunteer.token, 3);
      expect(pages).toBe(3);
      expect(items.map((item) => item.id)).toEqual([...created].reverse());
      const filtered = await walkPages<{ id: string; status: string }>(system, '/api/v1/campaigns?status=active', owner.viewer.token, 1);
      expect(filtered.items.map((item) => item.id)).toEqual([...active].reverse());
      expect((await system.http.get('/api/v1/campaigns?status=done').set(bearer(owner.viewer.token))).status).toBe(400);
      expect((await system.http.get('/api/v1/campaigns?cursor=bm90LWEtY3Vyc29y').set(bearer(owner.viewer.token))).status).toBe(400);
    });
  });

  describe('roles and tenancy', () => {
    it('should answer 403 to volunteers and viewers on every write, and let them read', async () => {
      const campaign = await newCampaign();
      const companyId = await newCompany();
      for (const member of [org.volunteer, org.viewer]) {
        expect((await createCampaign(member.token, { name: 'Pas moi' })).status).toBe(403);
        expect((await patchCampaign(member.token, campaign.id, { status: 'active' }, '"1"')).status).toBe(403);
        expect((await addTargets(member.token, campaign.id, { companyIds: [companyId] })).status).toBe(403);
        expect((await readCampaign(member.token, campaign.id)).status).toBe(200);
        expect((await listTargets(member.token, campaign.id)).status).toBe(200);
        expect((await system.http.get('/api/v1/campaigns').set(bearer(member.token))).status).toBe(200);
      }
      expect(await targetRows(campaign.id)).toHaveLength(0);
      expect((await readCampaign(org.manager.token, campaign.id)).body).toMatchObject({ status: 'draft', version: 1 });
    });

    it("should answer 404 to every member of another organisation on every campaign and targets route, whatever their role", async () => {
      const campaign = await newCampaign();
      const theirCompany = await newCompany({}, other);
      for (const member of [other.manager, other.volunteer, other.viewer]) {
        expect((await readCampaign(member.token, campaign.id)).status).toBe(404);
        expect((await patchCampaign(member.token, campaign.id, { status: 'active' }, '"1"')).status).toBe(404);
        expect((await addTargets(member.token, campaign.id, { companyIds: [theirCompany] })).status).toBe(404);
        expect((await listTargets(member.token, campaign.id)).status).toBe(404);
      }
      // Unknown ids and non-UUIDs look the same.
      expect((await readCampaign(org.manager.token, randomUUID())).status).toBe(404);
      expect((await readCampaign(org.manager.token, 'not-a-uuid')).status).toBe(404);
      expect(await targetRows(campaign.id)).toHaveLength(0);
      expect((await readCampaign(org.manager.token, campaign.id)).body).toMatchObject({ status: 'draft', version: 1 });
    });
  });

  describe('targets', () => {
    it('should add by id: added, alreadyPresent, skippedDoNotCall and notFound (unknown and other organisations’ ids), queued by hiring potential', async () => {
      const campaign = await newCampaign();
      const strong = await newCompany({ hiringPotential: 80 });
      const unknownPotential = await newCompany({ hiringPotential: null, nafCode: null });
      const refusing = await newCompany({ doNotCall: true });
      const theirs = await newCompany({}, other);
      const first = await addTargets(org.manager.token, campaign.id, { companyIds: [strong, unknownPotential, refusing, theirs, randomUUID(), strong] });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toEqual({ added: 2, alreadyPresent: 0, skippedDoNotCall: 1, notFound: 2 });

      const rows = await targetRows(campaign.id);
      expect(rows.map((row) => row.company_id).sort()).toEqual([strong, unknownPotential].sort());
      for (const row of rows) expect(row).toMatchObject({ status: 'pending', queue_tier: 1, organization_id: org.id });
      expect(rows.find((row) => row.company_id === strong)!.queue_key).toBe(-80);
      expect(rows.find((row) => row.company_id === unknownPotential)!.queue_key).toBe(0);
      expect(await rollupTargets(campaign.id)).toBe(2);

      const newcomer = await newCompany();
      const again = await addTargets(org.manager.token, campaign.id, { companyIds: [strong, unknownPotential, newcomer] });
      expect(again.body).toEqual({ added: 1, alreadyPresent: 2, skippedDoNotCall: 0, notFound: 0 });
      expect(await rollupTargets(campaign.id)).toBe(3);
    });

    it('should add by filter (naf, postalCode, q, tag…), like GET /companies finds, skipping doNotCall companies', async () => {
      const owner = await createOrganization(system);
      const make = (body: object) => newCompany(body, owner);
      const bakeryDunkirk = await make({ name: 'Boulangerie du Port', nafCode: '10.71C', address: { postalCode: '59140', city: 'Dunkerque' }, tags: ['apprentissage'] });
      const bakeryCalais = await make({ name: 'Boulangerie Calaisienne', nafCode: '10.71C', address: { postalCode: '62100', city: 'Calais' } });
      await make({ name: 'Boulangerie Fermée', nafCode: '10.71C', address: { postalCode: '59140', city: 'Dunkerque' }, doNotCall: true });
      const garage = await make({ name: 'Garage du Port', nafCode: '45.20A', address: { postalCode: '59140', city: 'Dunkerque' }, tags: ['apprentissage'] });
      await newCompany({ name: 'Boulangerie Ailleurs', nafCode: '10.71C', address: { postalCode: '59140', city: 'Dunkerque' } }, other);

      const add = async (filter: Record<string, string | string[]>) => {
        const campaign = await newCampaign(owner);
        const response = await addTargets(owner.manager.token, campaign.id, { filter });
        expect(response.status, JSON.stringify(response.body)).toBe(200);
        const ids = (await targetRows(campaign.id)).map((row) => row.company_id).sort();
        // The very companies GET /companies finds with the same filter, but for the doNotCall ones.
        const query = new URLSearchParams(Object.entries(filter).map(([name, value]): [string, string] => [name, String(value)]));
        const { items } = await walkPages<{ id: string; doNotCall: boolean }>(system, `/api/v1/companies?${query.toString()}`, owner.viewer.token, 200);
        expect(ids).toEqual(items.filter((company) => !company.doNotCall).map((company) => company.id).sort());
        return { campaign, counts: response.body, ids };
      };
      const byNaf = await add({ naf: '10.71' });
      expect(byNaf.counts).toEqual({ added: 2, alreadyPresent: 0, skippedDoNotCall: 1, notFound: 0 });
      expect(byNaf.ids).toEqual([bakeryDunkirk, bakeryCalais].sort());

      const byPostalCode = await add({ postalCode: '59' });
      expect(byPostalCode.counts).toMatchObject({ added: 2, skippedDoNotCall: 1 });
      expect(byPostalCode.ids).toEqual([bakeryDunkirk, garage].sort());

      const byWords = await add({ q: 'boulangrie port' });
      expect(byWords.ids).toEqual([bakeryDunkirk]);

      const byTagAndNaf = await add({ tag: ['apprentissage'], naf: ['45'] });
      expect(byTagAndNaf.ids).toEqual([garage]);

      const byCity = await add({ city: 'calais' });
      expect(byCity.ids).toEqual([bakeryCalais]);

      const nothing = await add({ rome: 'Z9999' });
      expect(nothing.counts).toEqual({ added: 0, alreadyPresent: 0, skippedDoNotCall: 0, notFound: 0 });

      // The same filter again: everything already there.
      const again = await addTargets(owner.manager.token, byNaf.campaign.id, { filter: { naf: '10.71C' } });
      expect(again.body).toEqual({ added: 0, alreadyPresent: 2, skippedDoNotCall: 1, notFound: 0 });
    });

    it('should count what a filter or ids would add without adding anything (dryRun), then add exactly that', async () => {
      const owner = await createOrganization(system);
      const make = (body: object) => newCompany(body, owner);
      const first = await make({ nafCode: '10.71C', address: { postalCode: '59140', city: 'Dunkerque' } });
      const second = await make({ nafCode: '10.71C', address: { postalCode: '59140', city: 'Dunkerque' } });
      await make({ nafCode: '10.71C', address: { postalCode: '59140', city: 'Dunkerque' }, doNotCall: true });
      const campaign = await newCampaign(owner);
      expect((await addTargets(owner.manager.token, campaign.id, { companyIds: [first] })).status).toBe(200);
      const before = { rows: await targetRows(campaign.id), rollup: await rollupTargets(campaign.id) };

      const preview = await addTargets(owner.manager.token, campaign.id, { filter: { naf: '10.71C' }, dryRun: true });
      expect(preview.status, JSON.stringify(preview.body)).toBe(200);
      expect(preview.body).toEqual({ added: 1, alreadyPresent: 1, skippedDoNotCall: 1, notFound: 0 });
      const byIds = await addTargets(owner.manager.token, campaign.id, { companyIds: [first, second, randomUUID()], dryRun: true });
      expect(byIds.body).toEqual({ added: 1, alreadyPresent: 1, skippedDoNotCall: 0, notFound: 1 });
      // Nothing changed: the same rows, the same rollup.
      expect(await targetRows(campaign.id)).toEqual(before.rows);
      expect(await rollupTargets(campaign.id)).toBe(before.rollup);

      const added = await addTargets(owner.manager.token, campaign.id, { filter: { naf: '10.71C' } });
      expect(added.body).toEqual(preview.body);
      expect((await targetRows(campaign.id)).map((row) => row.company_id).sort()).toEqual([first, second].sort());
      // Managers only, as for adding; a malformed flag is a 400 naming it.
      expect((await addTargets(owner.volunteer.token, campaign.id, { filter: { naf: '10.71C' }, dryRun: true })).status).toBe(403);
      const malformed = await addTargets(owner.manager.token, campaign.id, { filter: { naf: '10.71C' }, dryRun: 'yes' });
      expect(malformed.status).toBe(400);
      expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'dryRun', code: 'notBoolean' })]);
    });

    it('should answer 400 unless exactly one of companyIds and filter is given, and to malformed ids or filters', async () => {
      const campaign = await newCampaign();
      const companyId = await newCompany();
      const bodies = [{}, { companyIds: [companyId], filter: { naf: '10' } }, { companyIds: ['nope'] }, { filter: { naf: 'bakery' } }, { companyIds: null }];
      for (const body of bodies) expect((await addTargets(org.manager.token, campaign.id, body)).status, JSON.stringify(body)).toBe(400);
      const tooMany = Array.from({ length: 10_001 }, () => randomUUID());
      expect((await addTargets(org.manager.token, campaign.id, { companyIds: tooMany })).status).toBe(400);
      expect(await targetRows(campaign.id)).toHaveLength(0);
    });

    it('should answer 422 on a closed campaign and add nothing, while draft, active and paused campaigns take targets', async () => {
      const companyId = await newCompany();
      for (const path of [[], ['active'], ['active', 'paused']]) {
        const campaign = await newCampaign();
        await moveThrough(campaign.id, path);
        expect((await addTargets(org.manager.token, campaign.id, { companyIds: [companyId] })).body).toMatchObject({ added: 1 });
      }
      const campaign = await newCampaign();
      await moveThrough(campaign.id, ['closed']);
      const response = await addTargets(org.manager.token, campaign.id, { companyIds: [companyId] });
      expect(response.status).toBe(422);
      expect(await targetRows(campaign.id)).toHaveLength(0);
    });

    it('should list targets by company name with their status, in stable cursor pages, filtered by status', async () => {
      const owner = await createOrganization(system);
      const names = ['Delta', 'alpha', 'Charlie', 'Bravo', 'Echo'];
      const ids: string[] = [];
      for (const name of names) ids.push(await newCompany({ name }, owner));
      const campaign = await newCampaign(owner);
      expect((await addTargets(owner.manager.token, campaign.id, { companyIds: ids })).body).toMatchObject({ added: 5 });
      await system.database.query(`UPDATE campaigns.target SET status = 'done', attempts = 1 WHERE campaign_id = $1 AND company_id = $2`, [campaign.id, ids[0]]);

      // The names come from the campaigns service's own projection, fed by the company events.
      const walked = await expectEventually(async () => {
        const walk = await walkPages<ListedTarget>(system, `/api/v1/campaigns/${campaign.id}/targets`, owner.viewer.token, 2);
        expect(walk.items.map((item) => item.companyName)).toEqual(['Bravo', 'Charlie', 'Delta', 'Echo', 'alpha']);
        return walk;
      });
      expect(walked.pages).toBe(3);
      expect(walked.items.find((item) => item.companyName === 'Delta')).toMatchObject({ status: 'done', attempts: 1, companyId: ids[0] });
      expect(walked.items.find((item) => item.companyName === 'Echo')).toMatchObject({ status: 'pending', attempts: 0, lastOutcome: null, lastCalledAt: null, callbackAt: null });

      const done = await listTargets(owner.volunteer.token, campaign.id, { status: 'done' });
      expect(done.body.items.map((item: ListedTarget) => item.companyId)).toEqual([ids[0]]);
      expect((await listTargets(owner.volunteer.token, campaign.id, { status: 'lost' })).status).toBe(400);
    });

    it('should add 50,000 companies matching a filter in one request, within the gateway timeout', async () => {
      const owner = await createOrganization(system);
      // The registry written straight into the companies schema (an import would take minutes here):
      // 50,000 matches, 1,000 doNotCall ones, 2,000 of another trade.
      await system.database.query(
        `INSERT INTO companies.company (organization_id, name, naf_code, postal_code, city, hiring_potential, do_not_call)
         SELECT $1::uuid, 'Entreprise ' || n, CASE WHEN n <= 51000 THEN '62.01Z' ELSE '10.71C' END, '59140', 'Dunkerque', n % 101, n <= 1000
         FROM generate_series(1, 53000) AS n`,
        [owner.id],
      );
      const campaign = await newCampaign(owner);
      const started = Date.now();
      const response = await addTargets(owner.manager.token, campaign.id, { filter: { naf: '62.01Z' } });
      const elapsed = Date.now() - started;
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({ added: 50_000, alreadyPresent: 0, skippedDoNotCall: 1000, notFound: 0 });
      console.info(`50,000 targets added by filter in ${elapsed} ms`);

      const [counts] = await system.database.query<{ n: number; tier1: number; potential_matches: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE t.queue_tier = 1 AND t.status = 'pending')::int AS tier1,
                count(*) FILTER (WHERE t.queue_key = -c.hiring_potential)::int AS potential_matches
         FROM campaigns.target t JOIN companies.company c ON c.id = t.company_id
         WHERE t.campaign_id = $1 AND c.naf_code = '62.01Z' AND NOT c.do_not_call`,
        [campaign.id],
      );
      expect(counts).toEqual({ n: 50_000, tier1: 50_000, potential_matches: 50_000 });
      expect(await targetRows(campaign.id)).toHaveLength(50_000);
      expect(await rollupTargets(campaign.id)).toBe(50_000);

      const listed = Date.now();
      const firstPage = await listTargets(owner.viewer.token, campaign.id, { limit: 200 });
      console.info(`first page of 200 of the 50,000 targets in ${Date.now() - listed} ms`);
      expect(firstPage.body.items).toHaveLength(200);

      const restarted = Date.now();
      const again = await addTargets(owner.manager.token, campaign.id, { filter: { naf: '62.01Z' } });
      console.info(`the same 50,000 again (all alreadyPresent) in ${Date.now() - restarted} ms`);
      expect(again.status, JSON.stringify(again.body)).toBe(200);
      expect(again.body).toEqual({ added: 0, alreadyPresent: 50_000, skippedDoNotCall: 1000, notFound: 0 });
      expect(await rollupTargets(campaign.id)).toBe(50_000);
    }, 180_000);
  });
});
