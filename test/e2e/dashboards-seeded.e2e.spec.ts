import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

// Provisional: rows written in SQL until campaigns and calls have their routes.
describe('dashboards (seeded)', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start();
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  async function company(name: string): Promise<string> {
    const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ name, siret: newSiret() });
    expect(response.status).toBe(201);
    const id = response.body.id as string;
    await expectEventually(async () => {
      expect(await system.database.query(`SELECT 1 FROM campaigns.company_summary WHERE id = $1`, [id])).toHaveLength(1);
    });
    return id;
  }

  it('should read the figures, the export and the timeline', async () => {
    const [campaign] = await system.database.query<{ id: string }>(
      `INSERT INTO campaigns.campaign (organization_id, name, status, created_by, goal_companies_to_contact) VALUES ($1, $2, 'active', $3, 4) RETURNING id`,
      [org.id, `Campagne ${uniqueSuffix()}`, org.manager.userId],
    );
    const a = await company('Boulangerie "Le Fournil"; Dunkerque');
    const b = await company('=HYPERLINK("x")');
    for (const target of [a, b]) {
      await system.database.query(`INSERT INTO campaigns.target (campaign_id, company_id, organization_id) VALUES ($1, $2, $3)`, [campaign!.id, target, org.id]);
    }
    await system.database.query(`UPDATE campaigns.target SET status = 'callback', callback_at = now() - interval '2 days' WHERE company_id = $1`, [b]);
    const [call] = await system.database.query<{ id: string }>(
      `INSERT INTO campaigns.call (organization_id, campaign_id, company_id, caller_id, outcome, notes) VALUES ($1, $2, $3, $4, 'offer', $5) RETURNING id`,
      [org.id, campaign!.id, a, org.volunteer.userId, 'Gérante: "rappeler"\nsecond line; é'],
    );
    await system.database.query(
      `INSERT INTO campaigns.offer (organization_id, campaign_id, call_id, company_id, title, contract_type, positions) VALUES ($1, $2, $3, $4, 'Apprenti', 'apprenticeship', 2)`,
      [org.id, campaign!.id, call!.id, a],
    );
    await system.database.query(`INSERT INTO campaigns.campaign_rollup VALUES ($1, 2, 1, 1, 1, 1)`, [campaign!.id]);
    await system.database.query(`INSERT INTO campaigns.campaign_count VALUES ($1, 'outcome', 'offer', 1), ($1, 'contract_type', 'apprenticeship', 1)`, [campaign!.id]);
    await system.database.query(`INSERT INTO campaigns.campaign_caller_rollup VALUES ($1, $2, 1, 1)`, [campaign!.id, org.volunteer.userId]);
    await system.database.query(`INSERT INTO campaigns.campaign_day_rollup VALUES ($1, (now() AT TIME ZONE 'Europe/Paris')::date, 1, 1)`, [campaign!.id]);

    const dashboard = await system.http.get(`/api/v1/campaigns/${campaign!.id}/dashboard`).set(bearer(org.viewer.token));
    console.log(JSON.stringify(dashboard.body, null, 1));
    expect(dashboard.status).toBe(200);
    const lines = await system.http.get(`/api/v1/dashboard`).set(bearer(org.viewer.token));
    console.log(JSON.stringify(lines.body).slice(0, 500));
    expect(lines.status).toBe(200);
    const csv = await system.http.get(`/api/v1/campaigns/${campaign!.id}/export.csv`).set(bearer(org.viewer.token)).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    console.log(csv.status, csv.headers, JSON.stringify((csv.body as Buffer).toString('utf8')));
    const timeline = await system.http.get(`/api/v1/companies/${a}/timeline`).set(bearer(org.viewer.token));
    console.log(JSON.stringify(timeline.body, null, 1));
    expect(timeline.status).toBe(200);
  });
});
