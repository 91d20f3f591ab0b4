import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { parse } from 'csv-parse/sync';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bearer, createOrganization, type Member, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;
const OUTCOMES = ['no_answer', 'busy', 'wrong_number', 'callback', 'not_interested', 'interested', 'meeting', 'offer', 'do_not_call'];
const CONTRACT_TYPES = ['apprenticeship', 'cdi', 'cdd', 'interim', 'internship', 'other'];
const UNREACHED = ['no_answer', 'busy', 'wrong_number'];

/** Today in Europe/Paris, as the rollups count days. */
const parisDay = (instant: Date = new Date()): string => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(instant);
const inMinutes = (minutes: number): string => new Date(Date.now() + minutes * 60_000).toISOString();

interface Campaign {
  id: string;
  name: string;
}

describe('dashboards, the calls export and the company timeline', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start();
    [org, other] = await Promise.all([createOrganization(system), createOrganization(system)]);
  });
  afterAll(() => system?.close());

  const get = (path: string, token: string) => system.http.get(`/api/v1${path}`).set(bearer(token));

  /** The body as bytes: a text decoder would drop the BOM the test looks for. */
  const getBytes = (path: string, token: string) =>
    get(path, token)
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });

  async function company(owner: TestOrganization, name: string): Promise<string> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send({ name, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }

  /** An active campaign of `owner` with these companies as targets (once the campaigns service knows them). */
  async function activeCampaign(owner: TestOrganization, companyIds: string[], body: object = {}): Promise<Campaign> {
    const created = await system.http
      .post('/api/v1/campaigns')
      .set(bearer(owner.manager.token))
      .send({ name: `Campagne ${uniqueSuffix()}`, ...body });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const campaign = created.body as Campaign & { version: number };
    if (companyIds.length > 0) {
      await expectEventually(async () => {
        const added = await system.http.post(`/api/v1/campaigns/${campaign.id}/targets`).set(bearer(owner.manager.token)).send({ companyIds });
        expect(added.status, JSON.stringify(added.body)).toBe(200);
        expect(added.body.added + added.body.alreadyPresent).toBe(companyIds.length);
      });
    }
    const activated = await system.http
      .patch(`/api/v1/campaigns/${campaign.id}`)
      .set(bearer(owner.manager.token))
      .set('If-Match', `"${campaign.version}"`)
      .send({ status: 'active' });
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    return campaign;
  }

  async function logCall(campaign: Campaign, member: Member, body: Record<string, unknown>): Promise<Record<string, unknown> & { id: string }> {
    const response = await system.http.post(`/api/v1/campaigns/${campaign.id}/calls`).set(bearer(member.token)).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  describe('one campaign, calls logged through the API', () => {
    let campaign: Campaign;
    let draft: Campaign;
    let leaver: Member;
    const companies: Record<string, string> = {};
    const NOTES = 'Gérante: "rappeler après 14 h"; parle de\ndeux apprentis, peut-être trois';

    beforeAll(async () => {
      leaver = await addMember(system, org.id, org.manager.token, 'volunteer');
      const names = {
        bakery: 'Boulangerie "Le Fournil"; Dunkerque',
        formula: '=HYPERLINK("http://evil.example","clic")',
        creperie: 'Crêperie Œuf & Cie',
        minus: '-Moins cher',
        quiet: 'Garage du Port',
      };
      for (const [key, name] of Object.entries(names)) companies[key] = await company(org, name);
      campaign = await activeCampaign(org, Object.values(companies), { goal: { companiesToContact: 4 } });

      await logCall(campaign, org.volunteer, {
        companyId: companies.bakery,
        outcome: 'offer',
        notes: NOTES,
        durationSeconds: 240,
        offers: [
          { title: 'Apprenti boulanger', contractType: 'apprenticeship', positions: 2 },
          { title: 'Vendeuse', contractType: 'cdi' },
        ],
      });
      await logCall(campaign, org.manager, { companyId: companies.formula, outcome: 'no_answer' });
      await logCall(campaign, org.volunteer, { companyId: companies.creperie, outcome: 'callback', callbackAt: inMinutes(5) });
      await logCall(campaign, org.manager, { companyId: companies.minus, outcome: 'meeting', meetingAt: inMinutes(60 * 24 * 3), notes: '=1+1' });
      await logCall(campaign, leaver, { companyId: companies.quiet, outcome: 'wrong_number', notes: '@SUM(A1)' });
      // The leaver leaves: their calls stay, their name goes.
      const removed = await system.http.delete(`/api/v1/organizations/${org.id}/members/${leaver.userId}`).set(bearer(org.manager.token));
      expect(removed.status, JSON.stringify(removed.body)).toBe(204);

      draft = (await system.http.post('/api/v1/campaigns').set(bearer(org.manager.token)).send({ name: `Brouillon ${uniqueSuffix()}` })).body as Campaign;
    });

    it('should count targets, contacts, reaches, outcomes, offers, goal and callbacks when calls were logged', async () => {
      const response = await get(`/campaigns/${campaign.id}/dashboard`, org.viewer.token);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const figures = response.body;
      expect(figures).toMatchObject({ targets: 5, contacted: 5, reached: 3, calls: 5, goal: { companiesToContact: 4, progress: 1.25 } });
      expect(figures.outcomes).toEqual({ ...Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])), offer: 1, no_answer: 1, callback: 1, meeting: 1, wrong_number: 1 });
      expect(figures.offers).toEqual({ total: 2, byContractType: { ...Object.fromEntries(CONTRACT_TYPES.map((type) => [type, 0])), apprenticeship: 1, cdi: 1 } });
      // The callback booked for five minutes from now is due today (unless today ends within them).
      const dueToday = parisDay(new Date(Date.now() + 5 * 60_000)) === parisDay() ? 1 : 0;
      expect({ due: figures.callbacksDue, overdue: figures.callbacksOverdue }).toEqual({ due: dueToday, overdue: 0 });
    });

    it('should name each caller who is still a member, and count their calls and reaches', async () => {
      const figures = (await get(`/campaigns/${campaign.id}/dashboard`, org.volunteer.token)).body;
      const byCaller = Object.fromEntries(figures.byCaller.map((entry: { callerId: string }) => [entry.callerId, entry]));
      expect(byCaller).toEqual({
        [org.volunteer.userId]: { callerId: org.volunteer.userId, name: 'A volunteer', calls: 2, reached: 2 },
        [org.manager.userId]: { callerId: org.manager.userId, name: 'A manager', calls: 2, reached: 1 },
        [leaver.userId]: { callerId: leaver.userId, name: null, calls: 1, reached: 0 },
      });
      expect(figures.byCaller.map((entry: { calls: number }) => entry.calls)).toEqual([2, 2, 1]);
    });

    it('should list every day from the campaign creation to today, today holding the calls', async () => {
      const { byDay } = (await get(`/campaigns/${campaign.id}/dashboard`, org.manager.token)).body;
      // Created today: one day, unless the test crossed midnight in Paris.
      expect(byDay.at(-1)).toEqual({ date: parisDay(), calls: 5, reached: 3 });
      expect(byDay.length).toBeLessThanOrEqual(2);
    });

    it('should count a callback whose day has passed as overdue, and one due later today as due', async () => {
      // Time passes: the callback was promised for two days ago.
      await system.database.query(`UPDATE campaigns.target SET callback_at = now() - interval '2 days' WHERE campaign_id = $1 AND company_id = $2`, [
        campaign.id,
        companies.creperie,
      ]);
      const figures = (await get(`/campaigns/${campaign.id}/dashboard`, org.manager.token)).body;
      expect({ due: figures.callbacksDue, overdue: figures.callbacksOverdue }).toEqual({ due: 0, overdue: 1 });
      await system.database.query(
        `UPDATE campaigns.target SET callback_at = date_trunc('day', now() AT TIME ZONE 'Europe/Paris') AT TIME ZONE 'Europe/Paris'
         WHERE campaign_id = $1 AND company_id = $2`,
        [campaign.id, companies.creperie],
      );
      const atMidnight = (await get(`/campaigns/${campaign.id}/dashboard`, org.manager.token)).body;
      expect({ due: atMidnight.callbacksDue, overdue: atMidnight.callbacksOverdue }).toEqual({ due: 1, overdue: 0 });
    });

    it('should show the campaigns side by side, newest first, with the same figures and a status filter', async () => {
      const all = await get('/dashboard', org.viewer.token);
      expect(all.status, JSON.stringify(all.body)).toBe(200);
      const ours = all.body.items.filter((line: { campaign: { id: string } }) => [campaign.id, draft.id].includes(line.campaign.id));
      expect(ours.map((line: { campaign: { id: string } }) => line.campaign.id)).toEqual([draft.id, campaign.id]);
      const single = (await get(`/campaigns/${campaign.id}/dashboard`, org.viewer.token)).body;
      expect(ours[1]).toEqual({ campaign: { id: campaign.id, name: campaign.name, status: 'active' }, ...single });
      expect(ours[0]).toMatchObject({ campaign: { id: draft.id, status: 'draft' }, targets: 0, calls: 0, byCaller: [], goal: { companiesToContact: null, progress: null } });
      expect(ours[0].byDay).toEqual([{ date: parisDay(), calls: 0, reached: 0 }]);

      const drafts = await get('/dashboard?status=draft', org.viewer.token);
      expect(drafts.body.items.map((line: { campaign: { id: string } }) => line.campaign.id)).toContain(draft.id);
      expect(drafts.body.items.every((line: { campaign: { status: string } }) => line.campaign.status === 'draft')).toBe(true);
      const walked = await walkPages<{ campaign: { id: string } }>(system, '/api/v1/dashboard', org.manager.token, 1);
      expect(walked.items.map((line) => line.campaign.id)).toEqual(all.body.items.map((line: { campaign: { id: string } }) => line.campaign.id));

      const bad = await get('/dashboard?status=finished', org.viewer.token);
      expect(bad.status).toBe(400);
      expect(bad.body.errors.map((error: { field: string }) => error.field)).toContain('status');
      // Another organisation sees none of them.
      const theirs = await get('/dashboard', other.manager.token);
      expect(theirs.body.items.map((line: { campaign: { id: string } }) => line.campaign.id)).not.toContain(campaign.id);
    });

    it('should export one CSV line per call, with a BOM, a header, quoting and neutralised formulas', async () => {
      const response = await getBytes(`/campaigns/${campaign.id}/export.csv`, org.viewer.token);
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(response.headers['content-disposition']).toMatch(/^attachment; filename="campagne-[a-z0-9-]+-calls-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
      const bytes = response.body as Buffer;
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = bytes.subarray(3).toString('utf8');
      const [header] = text.split('\r\n');
      expect(header).toBe('callId,calledAt,callerId,callerName,companyId,companyName,outcome,contactId,notes,durationSeconds,callbackAt,meetingAt,offers');
      // Quoting as RFC 4180 writes it: quotes doubled, the cell with a ; or a line break quoted.
      expect(text).toContain('"Boulangerie ""Le Fournil""; Dunkerque"');
      expect(text).toContain('"Gérante: ""rappeler après 14 h""; parle de\ndeux apprentis, peut-être trois"');
      expect(text).toContain('Crêperie Œuf & Cie');

      const rows: Record<string, string>[] = parse(text, { columns: true });
      expect(rows).toHaveLength(5);
      expect(rows.map((row) => row.calledAt)).toEqual([...rows.map((row) => row.calledAt)].sort());
      const byCompany = Object.fromEntries(rows.map((row) => [row.companyId, row]));
      expect(byCompany[companies.bakery]).toMatchObject({
        callerName: 'A volunteer',
        companyName: 'Boulangerie "Le Fournil"; Dunkerque',
        outcome: 'offer',
        notes: NOTES,
        durationSeconds: '240',
        contactId: '',
        offers: '2 × Apprenti boulanger (apprenticeship); 1 × Vendeuse (cdi)',
      });
      // What a spreadsheet would run as a formula starts with a quote.
      expect(byCompany[companies.formula]!.companyName).toBe(`'=HYPERLINK("http://evil.example","clic")`);
      expect(byCompany[companies.minus]).toMatchObject({ companyName: "'-Moins cher", notes: "'=1+1", callerName: 'A manager' });
      expect(byCompany[companies.quiet]).toMatchObject({ notes: "'@SUM(A1)", callerName: '', callerId: leaver.userId });
      expect(byCompany[companies.creperie]!.callbackAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    });

    it('should gather the calls and offers about a company, newest first, in pages', async () => {
      const response = await get(`/companies/${companies.bakery}/timeline`, org.volunteer.token);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      const items = response.body.items as { type: string; at: string; campaignId: string; campaignName: string; call: Record<string, unknown> | null; offer: Record<string, unknown> | null }[];
      expect(items.map((item) => item.type).sort()).toEqual(['call', 'offer', 'offer']);
      expect(items.map((item) => item.at)).toEqual([...items.map((item) => item.at)].sort().reverse());
      for (const item of items) expect(item).toMatchObject({ campaignId: campaign.id, campaignName: campaign.name });
      const call = items.find((item) => item.type === 'call')!;
      expect(call.call).toMatchObject({ outcome: 'offer', notes: NOTES, durationSeconds: 240, callerId: org.volunteer.userId, callerName: 'A volunteer' });
      expect(call.offer).toBeNull();
      expect(items.filter((item) => item.type === 'offer').map((item) => item.offer)).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ title: 'Apprenti boulanger', contractType: 'apprenticeship', positions: 2, status: 'open' }),
          expect.objectContaining({ title: 'Vendeuse', contractType: 'cdi', positions: 1 }),
        ]),
      );
      const walked = await walkPages(system, `/api/v1/companies/${companies.bakery}/timeline`, org.viewer.token, 1);
      expect(walked.items).toEqual(items);

      const silent = await get(`/companies/${await company(org, 'Jamais appelée')}/timeline`, org.viewer.token);
      expect(silent.body).toEqual({ items: [], nextCursor: null });
    });

    it('should let every role of the organisation read each route', async () => {
      for (const member of [org.manager, org.volunteer, org.viewer]) {
        expect((await get(`/campaigns/${campaign.id}/dashboard`, member.token)).status).toBe(200);
        expect((await get('/dashboard', member.token)).status).toBe(200);
        expect((await getBytes(`/campaigns/${campaign.id}/export.csv`, member.token)).status).toBe(200);
        expect((await get(`/companies/${companies.bakery}/timeline`, member.token)).status).toBe(200);
      }
    });

    it("should answer 404 on every route for another organisation's ids, an unknown id and a malformed one", async () => {
      const paths = [`/campaigns/${campaign.id}/dashboard`, `/campaigns/${campaign.id}/export.csv`, `/companies/${companies.bakery}/timeline`];
      for (const path of paths) {
        for (const member of [other.manager, other.viewer]) {
          const response: Response = await get(path, member.token);
          expect(response.status, `${path}: ${JSON.stringify(response.body)}`).toBe(404);
          expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
        }
      }
      for (const path of [`/campaigns/${randomUUID()}/dashboard`, `/campaigns/${randomUUID()}/export.csv`, `/companies/${randomUUID()}/timeline`, '/campaigns/nope/dashboard']) {
        expect((await get(path, org.manager.token)).status, path).toBe(404);
      }
    });

    it('should answer 400 for a cursor the timeline never gave out', async () => {
      const response = await get(`/companies/${companies.bakery}/timeline?cursor=${Buffer.from('["x","y"]').toString('base64url')}`, org.viewer.token);
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toEqual(['cursor']);
    });
  });

  describe('figures under concurrent logging', () => {
    it('should answer, after callers logged calls in parallel, every figure a recomputation from the calls gives', async () => {
      const callers = [org.volunteer, org.manager, await addMember(system, org.id, org.manager.token, 'volunteer'), await addMember(system, org.id, org.manager.token, 'volunteer')];
      const targets = await Promise.all(Array.from({ length: 24 }, (_, index) => company(org, `Cible ${index} ${uniqueSuffix()}`)));
      const campaign = await activeCampaign(org, targets, { goal: { companiesToContact: 30 } });
      const outcomes = ['no_answer', 'busy', 'wrong_number', 'callback', 'not_interested', 'interested', 'meeting', 'offer'];
      let turn = 0;
      const bodyFor = (companyId: string): Record<string, unknown> => {
        const outcome = outcomes[turn++ % outcomes.length]!;
        return {
          companyId,
          outcome,
          ...(outcome === 'callback' ? { callbackAt: inMinutes(30) } : {}),
          ...(outcome === 'meeting' ? { meetingAt: inMinutes(60 * 24) } : {}),
          ...(outcome === 'offer' ? { offers: [{ title: 'Poste', contractType: CONTRACT_TYPES[turn % CONTRACT_TYPES.length], positions: 1 + (turn % 3) }] } : {}),
        };
      };
      // Each caller drains the queue: claim, log, again, until nothing is left for now.
      await Promise.all(
        callers.map(async (member) => {
          for (;;) {
            const claim = await system.http.post(`/api/v1/campaigns/${campaign.id}/claims`).set(bearer(member.token)).send({});
            if (claim.status === 204) return;
            expect(claim.status, JSON.stringify(claim.body)).toBe(201);
            await logCall(campaign, member, bodyFor(claim.body.target.company.id as string));
          }
        }),
      );

      const figures = (await get(`/campaigns/${campaign.id}/dashboard`, org.manager.token)).body;
      const recomputed = await recompute(campaign.id);
      expect(figures.calls).toBeGreaterThanOrEqual(24);
      expect({
        targets: figures.targets,
        contacted: figures.contacted,
        reached: figures.reached,
        calls: figures.calls,
        outcomes: figures.outcomes,
        offers: figures.offers,
        byCaller: Object.fromEntries(figures.byCaller.map((entry: { callerId: string; calls: number; reached: number }) => [entry.callerId, [entry.calls, entry.reached]])),
        byDay: Object.fromEntries(figures.byDay.filter((day: { calls: number }) => day.calls > 0).map((day: { date: string; calls: number; reached: number }) => [day.date, [day.calls, day.reached]])),
        callbacksDue: figures.callbacksDue + figures.callbacksOverdue,
      }).toEqual(recomputed);
    });
  });

  /** The figures counted from the calls, offers and targets themselves. */
  async function recompute(campaignId: string) {
    const query = <Row>(sql: string) => system.database.query<Row>(sql, [campaignId]);
    const [totals] = await query<{ targets: number; contacted: number; reached: number; calls: number; offers: number; callbacks: number }>(`
      SELECT (SELECT count(*)::int FROM campaigns.target WHERE campaign_id = $1) AS targets,
             (SELECT count(DISTINCT company_id)::int FROM campaigns.call WHERE campaign_id = $1) AS contacted,
             (SELECT count(DISTINCT company_id)::int FROM campaigns.call WHERE campaign_id = $1 AND outcome NOT IN ('${UNREACHED.join("','")}')) AS reached,
             (SELECT count(*)::int FROM campaigns.call WHERE campaign_id = $1) AS calls,
             (SELECT count(*)::int FROM campaigns.offer WHERE campaign_id = $1) AS offers,
             (SELECT count(*)::int FROM campaigns.target WHERE campaign_id = $1 AND status = 'callback'
                AND callback_at < (date_trunc('day', now() AT TIME ZONE 'Europe/Paris') + interval '1 day') AT TIME ZONE 'Europe/Paris') AS callbacks`);
    const outcomes = await query<{ key: string; n: number }>(`SELECT outcome AS key, count(*)::int AS n FROM campaigns.call WHERE campaign_id = $1 GROUP BY outcome`);
    const types = await query<{ key: string; n: number }>(`SELECT contract_type AS key, count(*)::int AS n FROM campaigns.offer WHERE campaign_id = $1 GROUP BY contract_type`);
    const callers = await query<{ key: string; calls: number; reached: number }>(`
      SELECT caller_id AS key, count(*)::int AS calls, count(*) FILTER (WHERE outcome NOT IN ('${UNREACHED.join("','")}'))::int AS reached
      FROM campaigns.call WHERE campaign_id = $1 GROUP BY caller_id`);
    const days = await query<{ key: string; calls: number; reached: number }>(`
      SELECT (called_at AT TIME ZONE 'Europe/Paris')::date::text AS key, count(*)::int AS calls,
             count(*) FILTER (WHERE outcome NOT IN ('${UNREACHED.join("','")}'))::int AS reached
      FROM campaigns.call WHERE campaign_id = $1 GROUP BY 1`);
    const counted = (keys: string[], rows: { key: string; n: number }[]) => ({
      ...Object.fromEntries(keys.map((key) => [key, 0])),
      ...Object.fromEntries(rows.map((row) => [row.key, row.n])),
    });
    return {
      targets: totals!.targets,
      contacted: totals!.contacted,
      reached: totals!.reached,
      calls: totals!.calls,
      outcomes: counted(OUTCOMES, outcomes),
      offers: { total: totals!.offers, byContractType: counted(CONTRACT_TYPES, types) },
      byCaller: Object.fromEntries(callers.map((row) => [row.key, [row.calls, row.reached]])),
      byDay: Object.fromEntries(days.map((row) => [row.key, [row.calls, row.reached]])),
      callbacksDue: totals!.callbacks,
    };
  }

  describe('a large export', () => {
    it('should stream every call once, in order, across pages of a thousand', async () => {
      // Written in SQL: 2,500 calls through the API would take minutes; the export only reads them.
      const companyId = await company(org, 'Entreprise très appelée');
      const campaign = await activeCampaign(org, [companyId]);
      await system.database.query(
        `INSERT INTO campaigns.call (organization_id, campaign_id, company_id, caller_id, outcome, notes, called_at)
         SELECT $1, $2, $3, $4, 'no_answer', 'appel ' || n, now() - make_interval(secs => 2500 - n) + make_interval(secs => 0.000001 * (n % 7))
         FROM generate_series(1, 2500) AS n`,
        [org.id, campaign.id, companyId, org.volunteer.userId],
      );
      const response = await getBytes(`/campaigns/${campaign.id}/export.csv`, org.manager.token);
      expect(response.status).toBe(200);
      const rows: Record<string, string>[] = parse((response.body as Buffer).subarray(3).toString('utf8'), { columns: true });
      expect(rows).toHaveLength(2500);
      expect(new Set(rows.map((row) => row.callId)).size).toBe(2500);
      expect(rows.map((row) => row.notes)).toEqual(Array.from({ length: 2500 }, (_, index) => `appel ${index + 1}`));
      expect(rows.every((row) => row.callerName === 'A volunteer')).toBe(true);
    });
  });
});
