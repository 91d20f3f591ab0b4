import { expectEventually } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullActionBody, fullCampaignBody, fullConventionBody, fullIndicatorBody } from '../support/valid-bodies.js';

const PROBLEM_JSON = /^application\/problem\+json/;
type Body = Record<string, unknown> & { id: string; version: number };

/**
 * Partnership conventions through the gateway: a chamber of trades (creator) and an employment
 * agency sign, a club joins as a partner, and an outsider must never learn that the convention exists.
 */
describe('partnership conventions', () => {
  let system: TestSystem;
  let chamber: TestOrganization;
  let agency: TestOrganization;
  let club: TestOrganization;
  let outsider: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['conventions', 'campaigns'] });
    [chamber, agency, club, outsider] = await Promise.all([1, 2, 3, 4].map(() => createOrganization(system)));
  });
  afterAll(() => system?.close());

  const api = (path: string) => `/api/v1/conventions${path}`;
  const post = (token: string, path: string, body: object) => system.http.post(api(path)).set(bearer(token)).send(body);
  const get = (token: string, path: string) => system.http.get(api(path)).set(bearer(token));
  /** `ifMatch` null sends none. */
  const patch = (token: string, path: string, body: object, ifMatch: string | null) => {
    const request = system.http.patch(api(path)).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const conventionBody = () => fullConventionBody([chamber.id, agency.id], [club.id]);
  const conventionRows = async () => Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM conventions.convention`))[0]!.n);

  async function createdConvention(body: object = conventionBody()): Promise<Body> {
    const response = await post(chamber.manager.token, '', body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  async function createdAction(conventionId: string, body: object = fullActionBody(club.id)): Promise<Body> {
    const response = await post(chamber.manager.token, `/${conventionId}/actions`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  async function createdIndicator(conventionId: string, body: object): Promise<Body> {
    const response = await post(chamber.manager.token, `/${conventionId}/indicators`, body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  describe('POST /conventions', () => {
    it('should answer 201 with the stored convention and ETag "1", readable by every role of every party, when a manager creates one', async () => {
      const body = conventionBody();
      const response = await post(chamber.manager.token, '', body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`/api/v1/conventions/${response.body.id}`);
      expect(response.body).toMatchObject({ ...body, organizationId: chamber.id, version: 1 });
      for (const member of [chamber.manager, chamber.volunteer, chamber.viewer, agency.volunteer, club.viewer, club.manager]) {
        const read = await get(member.token, `/${response.body.id}`);
        expect(read.status).toBe(200);
        expect(read.body).toEqual(response.body);
      }
    });

    it('should write the created event with the parties through the outbox when a convention is created', async () => {
      const convention = await createdConvention();
      const [row] = await system.database.query<{ subject: string; message: { data: unknown } }>(
        `SELECT subject, message FROM conventions.outbox_event WHERE message->'data'->>'id' = $1`,
        [convention.id],
      );
      expect(row).toMatchObject({
        subject: 'events.conventions.convention.created',
        message: { data: { id: convention.id, version: 1, parties: convention.parties } },
      });
    });

    it('should answer 400 listing every invalid field and store nothing when the body has several errors', async () => {
      const before = await conventionRows();
      const response = await post(chamber.manager.token, '', {
        ...conventionBody(),
        title: '',
        startsOn: '2027-02-30',
        parties: [{ organizationId: 'not-a-uuid', role: 'boss' }],
        axes: [{ code: 'A 1', title: 'x' }],
        colour: 'blue',
      });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      const fields = (response.body.errors as { field: string }[]).map((error) => error.field);
      expect([...new Set(fields)].sort()).toEqual(['axes.0.code', 'colour', 'parties.0.organizationId', 'parties.0.role', 'startsOn', 'title'].sort());
      expect(await conventionRows()).toBe(before);
    });

    it('should answer 400 naming the repeated party, the repeated axis and endsOn when the lists repeat themselves and the period ends before it starts', async () => {
      const body = conventionBody();
      const response = await post(chamber.manager.token, '', {
        ...body,
        parties: [...body.parties, { organizationId: agency.id, role: 'partner' }],
        axes: [...body.axes, { code: 'A1', title: 'Encore' }],
        endsOn: '2026-12-31',
      });
      expect(response.status).toBe(400);
      expect((response.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual(['axes[2].code', 'endsOn', 'parties[3].organizationId']);
    });

    it('should answer 422 when the creating organisation is not a signatory', async () => {
      const before = await conventionRows();
      for (const parties of [
        [{ organizationId: agency.id, role: 'signatory' }],
        [{ organizationId: agency.id, role: 'signatory' }, { organizationId: chamber.id, role: 'partner' }],
      ]) {
        const response = await post(chamber.manager.token, '', { ...conventionBody(), parties });
        expect(response.status).toBe(422);
        expect(response.body).toMatchObject({ type: '/problems/conventions/signatory-required', errors: [{ field: 'parties' }] });
      }
      expect(await conventionRows()).toBe(before);
    });

    it('should answer 422 naming each party whose organisation does not exist', async () => {
      const body = conventionBody();
      const response = await post(chamber.manager.token, '', { ...body, parties: [...body.parties, { organizationId: randomUUID(), role: 'partner' }] });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ type: '/problems/conventions/unknown-organizations', errors: [{ field: 'parties[3].organizationId', code: 'unknownOrganization', message: 'names no organisation' }] });
    });

    it('should answer a retry with the same Idempotency-Key with the first convention and action, creating each once, and 422 with another body', async () => {
      const key = randomUUID();
      const send = (body: object) => system.http.post(api('')).set(bearer(chamber.manager.token)).set('Idempotency-Key', key).send(body);
      const body = { ...conventionBody(), title: `Idempotente ${key}` };
      const [first, retry] = [await send(body), await send(body)];
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body).toEqual(first.body);
      const stored = await system.database.query(`SELECT id FROM conventions.convention WHERE title = $1`, [body.title]);
      expect(stored).toHaveLength(1);
      expect((await send({ ...body, title: 'Autre' })).status).toBe(422);
      // A key names one request of the organisation: the action takes its own.
      const actionKey = randomUUID();
      const sendAction = () => system.http.post(api(`/${first.body.id}/actions`)).set(bearer(chamber.manager.token)).set('Idempotency-Key', actionKey).send(fullActionBody(club.id));
      const [action, again] = [await sendAction(), await sendAction()];
      expect(action.status, JSON.stringify(action.body)).toBe(201);
      expect(again.body.id).toBe(action.body.id);
      expect(await system.database.query(`SELECT id FROM conventions.action WHERE convention_id = $1`, [first.body.id])).toHaveLength(1);
    });

    it('should answer 403 and store nothing when a volunteer or a viewer creates one', async () => {
      const before = await conventionRows();
      for (const member of [chamber.volunteer, chamber.viewer]) expect((await post(member.token, '', conventionBody())).status).toBe(403);
      expect(await conventionRows()).toBe(before);
    });
  });

  describe('GET /conventions', () => {
    it("should list each of the organisation's conventions once, by title, and none of the others'", async () => {
      const [first, second] = await Promise.all([fullConventionBody([chamber.id], [club.id]), fullConventionBody([chamber.id])].map((body, index) => createdConvention({ ...body, title: `Zz ${index} ${randomUUID()}` })));
      const { items } = await walkPages<Body & { title: string }>(system, api(''), club.viewer.token, 2);
      expect(items.map((item) => item.id)).toContain(first.id);
      expect(items.map((item) => item.id)).not.toContain(second.id);
      const titles = items.map((item) => item.title);
      expect(titles).toEqual([...titles].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
      expect(new Set(items.map((item) => item.id)).size).toBe(items.length);
      const foreign = await get(outsider.manager.token, '?limit=200');
      expect(foreign.status).toBe(200);
      expect(foreign.body).toEqual({ items: [], nextCursor: null });
    });
  });

  describe('PATCH /conventions/{id}', () => {
    it('should apply a change by a manager of a signatory with If-Match, then refuse a stale version (412) and a missing one (428)', async () => {
      const convention = await createdConvention();
      const changed = await patch(agency.manager.token, `/${convention.id}`, { title: 'Convention révisée', signedOn: null }, '"1"');
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.headers.etag).toBe('"2"');
      expect(changed.body).toMatchObject({ title: 'Convention révisée', signedOn: null, version: 2, parties: convention.parties, axes: convention.axes });
      const stale = await patch(agency.manager.token, `/${convention.id}`, { title: 'Trop tard' }, '"1"');
      expect(stale.status).toBe(412);
      expect((await patch(agency.manager.token, `/${convention.id}`, { title: 'Sans version' }, null)).status).toBe(428);
      expect((await get(club.viewer.token, `/${convention.id}`)).body).toEqual(changed.body);
    });

    it("should answer 403 to a partner's manager and to a signatory's volunteer, and 404 to an outsider's manager, changing nothing", async () => {
      const convention = await createdConvention();
      expect((await patch(club.manager.token, `/${convention.id}`, { title: 'Partenaire' }, '"1"')).status).toBe(403);
      expect((await patch(chamber.volunteer.token, `/${convention.id}`, { title: 'Bénévole' }, '"1"')).status).toBe(403);
      const foreign = await patch(outsider.manager.token, `/${convention.id}`, { title: 'Intrus' }, '"1"');
      expect(foreign.status).toBe(404);
      expect(foreign.body.type).toBe('/problems/conventions/not-found');
      expect((await get(chamber.viewer.token, `/${convention.id}`)).body).toEqual(convention);
    });

    it('should replace the parties and axes, send the updated event, and let a removed party lose sight of the convention', async () => {
      const convention = await createdConvention();
      const parties = [{ organizationId: chamber.id, role: 'signatory' }, { organizationId: agency.id, role: 'partner' }];
      const axes = [{ code: 'A2', title: 'Accompagner', description: 'Nouvelle description' }, { code: 'A3', title: 'Suivre' }];
      const changed = await patch(chamber.manager.token, `/${convention.id}`, { parties, axes }, '"1"');
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body.parties).toEqual(parties);
      expect(changed.body.axes).toEqual([axes[0], { ...axes[1], description: null }]);
      expect((await get(club.viewer.token, `/${convention.id}`)).status).toBe(404);
      // The agency is a partner now: it reads, it no longer changes.
      expect((await get(agency.viewer.token, `/${convention.id}`)).status).toBe(200);
      expect((await patch(agency.manager.token, `/${convention.id}`, { title: 'Plus signataire' }, '"2"')).status).toBe(403);
      const events = await system.database.query<{ subject: string; message: { data: { version: number; parties: unknown } } }>(
        `SELECT subject, message FROM conventions.outbox_event WHERE message->'data'->>'id' = $1 ORDER BY sequence`,
        [convention.id],
      );
      expect(events.map((event) => [event.subject, event.message.data.version])).toEqual([
        ['events.conventions.convention.created', 1],
        ['events.conventions.convention.updated', 2],
      ]);
      expect(events[1]!.message.data.parties).toEqual(parties);
    });

    it("should answer 422 when the change drops the caller's signature, a party carrying an action or an axis in use, changing nothing", async () => {
      const convention = await createdConvention();
      await createdAction(convention.id, fullActionBody(club.id));
      await createdIndicator(convention.id, { ...fullIndicatorBody(), axisCode: 'A2' });
      const cases: [object, string, string][] = [
        [{ parties: [{ organizationId: agency.id, role: 'signatory' }, { organizationId: chamber.id, role: 'partner' }, { organizationId: club.id, role: 'partner' }] }, 'signatory-required', 'parties'],
        [{ parties: [{ organizationId: chamber.id, role: 'signatory' }, { organizationId: agency.id, role: 'signatory' }] }, 'still-referenced', 'parties'],
        [{ axes: [{ code: 'A1', title: 'Seul' }] }, 'still-referenced', 'axes'],
        [{ axes: [{ code: 'A2', title: 'Seul' }] }, 'still-referenced', 'axes'],
      ];
      for (const [changes, type, field] of cases) {
        const response = await patch(chamber.manager.token, `/${convention.id}`, changes, '"1"');
        expect(response.status, JSON.stringify(changes)).toBe(422);
        expect(response.body).toMatchObject({ type: `/problems/conventions/${type}`, errors: [{ field }] });
      }
      expect((await get(chamber.viewer.token, `/${convention.id}`)).body).toEqual(convention);
    });

    it('should answer 400 naming endsOn when a change puts the end before the stored start', async () => {
      const convention = await createdConvention();
      const response = await patch(chamber.manager.token, `/${convention.id}`, { endsOn: '2026-06-30' }, '"1"');
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'endsOn', code: 'notBefore', params: { other: 'startsOn' }, message: expect.any(String) }]);
    });
  });

  describe('actions', () => {
    it('should add an action on an axis carried by a party, and answer 422 naming the field for an unknown axis or a non-party', async () => {
      const convention = await createdConvention();
      const action = await createdAction(convention.id);
      expect(action).toMatchObject({ ...fullActionBody(club.id), conventionId: convention.id, version: 1 });
      const unknownAxis = await post(chamber.manager.token, `/${convention.id}/actions`, { ...fullActionBody(club.id), axisCode: 'B9' });
      expect(unknownAxis.status).toBe(422);
      expect(unknownAxis.body).toMatchObject({ type: '/problems/conventions/unknown-axis', errors: [{ field: 'axisCode' }] });
      const nonParty = await post(chamber.manager.token, `/${convention.id}/actions`, fullActionBody(outsider.id));
      expect(nonParty.status).toBe(422);
      expect(nonParty.body).toMatchObject({ type: '/problems/conventions/not-a-party', errors: [{ field: 'responsibleOrganizationId' }] });
      const invalid = await post(chamber.manager.token, `/${convention.id}/actions`, { ...fullActionBody(club.id), status: 'finished', dueOn: 'soon' });
      expect(invalid.status).toBe(400);
      expect((invalid.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual(['dueOn', 'dueOn', 'status']);
      expect((await post(club.manager.token, `/${convention.id}/actions`, fullActionBody(club.id))).status).toBe(403);
      expect((await post(chamber.volunteer.token, `/${convention.id}/actions`, fullActionBody(club.id))).status).toBe(403);
    });

    it("should let the responsible partner's manager move the status alone, and a signatory's manager change the rest", async () => {
      const convention = await createdConvention();
      const action = await createdAction(convention.id);
      const moved = await patch(club.manager.token, `/${convention.id}/actions/${action.id}`, { status: 'in_progress' }, '"1"');
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
      expect(moved.body).toMatchObject({ status: 'in_progress', version: 2 });
      expect(moved.headers.etag).toBe('"2"');
      expect((await patch(club.manager.token, `/${convention.id}/actions/${action.id}`, { title: 'Autre' }, '"2"')).status).toBe(403);
      expect((await patch(club.volunteer.token, `/${convention.id}/actions/${action.id}`, { status: 'done' }, '"2"')).status).toBe(403);
      expect((await patch(agency.manager.token, `/${convention.id}/actions/${action.id}`, { responsibleOrganizationId: outsider.id }, '"2"')).status).toBe(422);
      expect((await patch(agency.manager.token, `/${convention.id}/actions/${action.id}`, { status: 'done' }, null)).status).toBe(428);
      expect((await patch(agency.manager.token, `/${convention.id}/actions/${action.id}`, { status: 'done' }, '"1"')).status).toBe(412);
      const changed = await patch(agency.manager.token, `/${convention.id}/actions/${action.id}`, { axisCode: 'A2', responsibleOrganizationId: agency.id, dueOn: null }, '"2"');
      expect(changed.status, JSON.stringify(changed.body)).toBe(200);
      expect(changed.body).toMatchObject({ axisCode: 'A2', responsibleOrganizationId: agency.id, dueOn: null, status: 'in_progress', version: 3 });
      expect((await patch(chamber.manager.token, `/${convention.id}/actions/${randomUUID()}`, { status: 'done' }, '"1"')).status).toBe(404);
    });
  });

  describe('indicators', () => {
    it('should let any party manager set a manual value, signatory managers change label and target, and refuse a value on a counted indicator', async () => {
      const convention = await createdConvention();
      const manual = await createdIndicator(convention.id, { axisCode: null, label: 'Contrats signés', metric: 'manual', target: 8 });
      expect(manual).toMatchObject({ axisCode: null, metric: 'manual', target: 8, value: 0, campaignIds: [], version: 1 });
      const counted = await createdIndicator(convention.id, fullIndicatorBody());
      const set = await patch(club.manager.token, `/${convention.id}/indicators/${manual.id}`, { value: 6 }, '"1"');
      expect(set.status, JSON.stringify(set.body)).toBe(200);
      expect(set.body).toMatchObject({ value: 6, target: 8, version: 2 });
      expect((await patch(club.manager.token, `/${convention.id}/indicators/${manual.id}`, { target: 4 }, '"2"')).status).toBe(403);
      expect((await patch(club.viewer.token, `/${convention.id}/indicators/${manual.id}`, { value: 7 }, '"2"')).status).toBe(403);
      const retargeted = await patch(chamber.manager.token, `/${convention.id}/indicators/${manual.id}`, { target: 12, label: 'Contrats signés (révisé)' }, '"2"');
      expect(retargeted.body).toMatchObject({ value: 6, target: 12, label: 'Contrats signés (révisé)', version: 3 });
      const notManual = await patch(chamber.manager.token, `/${convention.id}/indicators/${counted.id}`, { value: 3 }, '"1"');
      expect(notManual.status).toBe(422);
      expect(notManual.body).toMatchObject({ type: '/problems/conventions/indicator-not-manual', errors: [{ field: 'value' }] });
      const unknownAxis = await post(chamber.manager.token, `/${convention.id}/indicators`, { ...fullIndicatorBody(), axisCode: 'ZZ' });
      expect(unknownAxis.status).toBe(422);
      expect(unknownAxis.body).toMatchObject({ type: '/problems/conventions/unknown-axis', errors: [{ field: 'axisCode' }] });
      const invalid = await post(chamber.manager.token, `/${convention.id}/indicators`, { ...fullIndicatorBody(), metric: 'likes', target: 0, campaignIds: ['x'] });
      expect(invalid.status).toBe(400);
      expect((invalid.body.errors as { field: string }[]).map((error) => error.field).sort()).toEqual(['campaignIds', 'metric', 'target']);
    });
  });

  describe("an indicator's campaigns", () => {
    /**
     * A campaign of the chamber, a signatory of every convention here: a campaign's owner must be a
     * party of its convention, which the campaigns service learns from an event, hence the retries.
     */
    const createdCampaign = (conventionId: string | null): Promise<string> =>
      expectEventually(async () => {
        const response = await system.http.post('/api/v1/campaigns').set(bearer(chamber.manager.token)).send(fullCampaignBody(conventionId));
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        return response.body.id as string;
      }, 15_000);
    const indicatorRows = async (conventionId: string) =>
      Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM conventions.indicator WHERE convention_id = $1`, [conventionId]))[0]!.n);

    it('should add an indicator following campaigns of the convention, and answer 422 naming each campaignIds[i] of no, another or an unknown campaign, storing nothing', async () => {
      const [convention, other] = [await createdConvention(), await createdConvention()];
      const [own, secondOwn, loose, foreign] = [await createdCampaign(convention.id), await createdCampaign(convention.id), await createdCampaign(null), await createdCampaign(other.id)];
      const following = await createdIndicator(convention.id, fullIndicatorBody([own, secondOwn.toUpperCase()]));
      expect(following.campaignIds).toEqual([own, secondOwn]);
      for (const campaignIds of [[loose], [foreign], [randomUUID()]]) {
        const response = await post(chamber.manager.token, `/${convention.id}/indicators`, fullIndicatorBody(campaignIds));
        expect(response.status, JSON.stringify(campaignIds)).toBe(422);
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(response.body).toMatchObject({ type: '/problems/conventions/campaign-not-in-convention', errors: [{ field: 'campaignIds[0]' }] });
      }
      const mixed = await post(chamber.manager.token, `/${convention.id}/indicators`, fullIndicatorBody([own, foreign, secondOwn, randomUUID()]));
      expect(mixed.status).toBe(422);
      expect((mixed.body.errors as { field: string }[]).map((error) => error.field)).toEqual(['campaignIds[1]', 'campaignIds[3]']);
      // The unknown id and another convention's campaign answer alike: nothing tells whether a campaign exists.
      expect(JSON.stringify(mixed.body)).not.toContain(foreign);
      expect(await indicatorRows(convention.id)).toBe(1);
      // A non-party still gets the 404 first, whatever the campaigns.
      expect((await post(outsider.manager.token, `/${convention.id}/indicators`, fullIndicatorBody([randomUUID()]))).status).toBe(404);
    });

    it('should answer 503 and store nothing while the campaigns service cannot answer, and accept the indicator once it is back', async () => {
      const convention = await createdConvention();
      const campaign = await createdCampaign(convention.id);
      await system.stopService('campaigns');
      try {
        const response = await post(chamber.manager.token, `/${convention.id}/indicators`, fullIndicatorBody([campaign]));
        expect(response.status, JSON.stringify(response.body)).toBe(503);
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(JSON.stringify(response.body)).not.toMatch(/conventions-of|campaigns\.v1/);
        // Without campaigns nothing needs asking.
        await createdIndicator(convention.id, fullIndicatorBody());
      } finally {
        await system.startService('campaigns');
      }
      expect(await indicatorRows(convention.id)).toBe(1);
      await createdIndicator(convention.id, fullIndicatorBody([campaign]));
    });
  });

  describe('progress and report', () => {
    it('should give each indicator against its target and the actions by status, overdue included', async () => {
      const convention = await createdConvention();
      const manual = await createdIndicator(convention.id, { axisCode: 'A2', label: 'Contrats signés', metric: 'manual', target: 8 });
      await patch(chamber.manager.token, `/${convention.id}/indicators/${manual.id}`, { value: 6 }, '"1"');
      await createdAction(convention.id, { ...fullActionBody(club.id), dueOn: '2020-01-31' });
      await createdAction(convention.id, { ...fullActionBody(club.id), dueOn: '2020-01-31', status: 'done' });
      await createdAction(convention.id, { ...fullActionBody(agency.id), dueOn: '2999-12-31', status: 'in_progress' });
      await createdAction(convention.id, { ...fullActionBody(agency.id), dueOn: null, status: 'dropped' });
      const response = await get(club.viewer.token, `/${convention.id}/progress`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({
        indicators: [{ id: manual.id, label: 'Contrats signés', metric: 'manual', target: 8, value: 6, ratio: 0.75, axisCode: 'A2', version: 2 }],
        actions: { planned: 1, in_progress: 1, done: 1, dropped: 1, overdue: 1 },
      });
    });

    it('should report per axis the actions with status and owner name and each indicator at the end of the period, as JSON and as CSV', async () => {
      const convention = await createdConvention();
      const action = await createdAction(convention.id, { ...fullActionBody(club.id), title: '=HYPERLINK("http://x")', dueOn: '2027-02-01' });
      const manual = await createdIndicator(convention.id, { axisCode: 'A1', label: '+Contrats', metric: 'manual', target: 8 });
      const loose = await createdIndicator(convention.id, { label: 'Hors axe', metric: 'calls_logged', target: 100 });
      await patch(chamber.manager.token, `/${convention.id}/indicators/${manual.id}`, { value: 2 }, '"1"');
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());

      const json = await get(club.viewer.token, `/${convention.id}/report?from=2027-01-01&to=${today > '2027-06-30' ? today : '2027-06-30'}`);
      expect(json.status, JSON.stringify(json.body)).toBe(200);
      expect(json.body.parties).toEqual([
        { organizationId: chamber.id, role: 'signatory', name: chamber.name },
        { organizationId: agency.id, role: 'signatory', name: agency.name },
        { organizationId: club.id, role: 'partner', name: club.name },
      ]);
      expect(json.body.axes.map((axis: { code: string | null }) => axis.code)).toEqual(['A1', 'A2', null]);
      expect(json.body.axes[0].actions).toEqual([
        { id: action.id, title: '=HYPERLINK("http://x")', status: 'planned', responsibleOrganizationId: club.id, responsibleOrganizationName: club.name, dueOn: '2027-02-01', overdue: true, version: 1 },
      ]);
      // Set today: inside a period that ends today or later, outside one that ended before.
      expect(json.body.axes[0].indicators).toEqual([{ id: manual.id, label: '+Contrats', metric: 'manual', target: 8, value: 2, ratio: 0.25, changeInPeriod: today >= '2027-01-01' ? 2 : 0 }]);
      expect(json.body.axes[2].indicators).toEqual([expect.objectContaining({ id: loose.id, value: 0 })]);
      const before = await get(club.viewer.token, `/${convention.id}/report?from=2020-01-01&to=2020-12-31`);
      expect(before.body.axes[0].indicators[0]).toMatchObject({ value: 0, changeInPeriod: 0 });
      const backwards = await get(club.viewer.token, `/${convention.id}/report?from=2027-02-01&to=2027-01-01`);
      expect(backwards.status).toBe(400);
      expect(backwards.body.errors).toEqual([{ field: 'to', code: 'notBefore', params: { other: 'from' }, message: expect.any(String) }]);

      const csv = await system.http
        .get(api(`/${convention.id}/report?from=2020-01-01&to=2999-12-31`))
        .set(bearer(agency.volunteer.token))
        .set('Accept', 'text/csv')
        .buffer(true)
        .parse((response, done) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => done(null, Buffer.concat(chunks)));
        });
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/^text\/csv/);
      const bytes = csv.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
      expect(lines[0]).toBe('axisCode,axisTitle,kind,id,title,owner,status,dueOn,overdue,metric,target,valueAtPeriodEnd,ratio,changeInPeriod');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toBe(`A1,Promouvoir l'apprentissage,action,${action.id},"'=HYPERLINK(""http://x"")",${club.name},planned,2027-02-01,true,,,,,`);
      expect(lines[2]).toBe(`A1,Promouvoir l'apprentissage,indicator,${manual.id},'+Contrats,,,,,manual,8,2,0.25,2`);
      expect(lines[3]).toBe(`,,indicator,${loose.id},Hors axe,,,,,calls_logged,100,0,0,0`);
    });
  });

  describe('a non-party', () => {
    it('should answer 404 on every route of a convention, whatever its role, and change nothing', async () => {
      const convention = await createdConvention();
      const action = await createdAction(convention.id);
      const indicator = await createdIndicator(convention.id, { label: 'Manuel', metric: 'manual', target: 3 });
      for (const member of [outsider.manager, outsider.volunteer, outsider.viewer]) {
        const answers = await Promise.all([
          get(member.token, `/${convention.id}`),
          patch(member.token, `/${convention.id}`, { title: 'Intrus' }, '"1"'),
          post(member.token, `/${convention.id}/actions`, fullActionBody(outsider.id)),
          patch(member.token, `/${convention.id}/actions/${action.id}`, { status: 'done' }, '"1"'),
          post(member.token, `/${convention.id}/indicators`, fullIndicatorBody()),
          patch(member.token, `/${convention.id}/indicators/${indicator.id}`, { value: 1 }, '"1"'),
          get(member.token, `/${convention.id}/progress`),
          get(member.token, `/${convention.id}/report`),
        ]);
        for (const [index, answer] of answers.entries()) {
          expect(answer.status, `route ${index}`).toBe(404);
          expect(answer.headers['content-type']).toMatch(PROBLEM_JSON);
        }
      }
      expect((await get(chamber.viewer.token, `/${convention.id}`)).body).toEqual(convention);
      expect((await get(chamber.viewer.token, `/${convention.id}/progress`)).body).toMatchObject({ indicators: [{ value: 0, version: 1 }], actions: { planned: 1 } });
    });
  });
});
