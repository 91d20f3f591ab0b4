import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expectEventually } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestSystem } from '../support/system.js';

interface DemoSeed {
  seedDemoData(base: string, admin: { email: string; password: string }): Promise<string>;
  DEMO_LOGINS: { password: string; users: { email: string; role: string; organization: string }[] };
}

describe('the demo data `npm start` seeds', () => {
  let system: TestSystem;
  let seed: DemoSeed;
  let base: string;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies', 'contacts', 'campaigns', 'conventions'] });
    await system.gateway!.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(system.gateway!.getHttpServer().address() as AddressInfo).port}/api/v1`;
    // A plain script of the repository (not TypeScript): loaded the way `npm start` loads it.
    seed = (await import(pathToFileURL(resolve('scripts/lib/seed.mjs')).href)) as DemoSeed;
  });
  afterAll(() => system?.close());

  it('should leave every demo member active, with the README password and no password change required, when seeded twice', async () => {
    const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
    expect(await seed.seedDemoData(base, admin)).toMatch(/8 members, 39 companies, 39 new, an active campaign with 5 calls, the apprenticeship convention and its shared campaign with 5 calls$/);
    expect(await seed.seedDemoData(base, admin)).toMatch(/8 members, 39 companies, 0 new, an active campaign, the apprenticeship convention and its shared campaign$/);
    expect(seed.DEMO_LOGINS.password).toBe('filon-demo-2026');
    const organizations = new Map<string, string>();
    for (const user of seed.DEMO_LOGINS.users) {
      const response = await system.http.post('/api/v1/auth/login').send({ email: user.email, password: 'filon-demo-2026' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ organization: { name: user.organization }, role: user.role, passwordChangeRequired: false });
      organizations.set(user.organization, response.body.organization.id);
    }
    // The club's campaign is active, over its 14 companies, with the volunteers' first calls on its dashboard.
    const manager = await system.http.post('/api/v1/auth/login').send({ email: 'claire.martin@club-emploi-dunkerque.fr', password: 'filon-demo-2026' });
    // (Its own: the convention's shared campaign may be listed too, the club being a party.)
    const campaigns = await system.http.get('/api/v1/campaigns').set('Authorization', `Bearer ${manager.body.accessToken}`);
    const own = (campaigns.body.items as { id: string; organizationId: string }[]).filter((campaign) => campaign.organizationId === manager.body.organization.id);
    expect(own).toEqual([expect.objectContaining({ status: 'active', conventionId: null })]);
    const dashboard = await system.http.get(`/api/v1/campaigns/${own[0]!.id}/dashboard`).set('Authorization', `Bearer ${manager.body.accessToken}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ targets: 14, contacted: 5, reached: 4, offers: { total: 1 } });
    expect(dashboard.body.outcomes).toMatchObject({ offer: 1, no_answer: 1, callback: 1, interested: 1, not_interested: 1 });
    await expectConvention(organizations);
    // Only the people's own actions made them members: no failed login along the way.
    const failures = await system.database.query<{ key: string }>(`SELECT key FROM identity.login_failure WHERE points > 0`);
    expect(failures).toEqual([]);
  }, 480_000);

  const tokenOf = async (email: string) => (await system.http.post('/api/v1/auth/login').send({ email, password: 'filon-demo-2026' })).body.accessToken as string;

  /** The apprenticeship convention, seen by the club (a partner); its progress follows the chamber volunteer's calls. */
  async function expectConvention(organizations: Map<string, string>): Promise<void> {
    const [chamberManager, clubViewer] = [await tokenOf('sophie.vandamme@cma-dunkerque.fr'), await tokenOf('jean-marc.dubois@club-emploi-dunkerque.fr')];
    const idOf = (name: string) => organizations.get(name);
    const chamberId = idOf("Chambre de Métiers et de l'Artisanat – Dunkerque");
    const conventions = await system.http.get('/api/v1/conventions').set('Authorization', `Bearer ${clubViewer}`);
    expect(conventions.status).toBe(200);
    expect(conventions.body.items).toHaveLength(1);
    const convention = conventions.body.items[0];
    expect(convention).toMatchObject({
      title: 'Convention apprentissage Dunkerque 2026–2027',
      parties: [
        { organizationId: chamberId, role: 'signatory' },
        { organizationId: idOf('Agence France Travail Dunkerque Port'), role: 'signatory' },
        { organizationId: idOf('Club Emploi Dunkerque Flandre'), role: 'partner' },
      ],
    });
    expect(convention.axes.map((axis: { code: string }) => axis.code)).toEqual(['APP', 'EMP']);
    // The shared campaign is the chamber's, active, in the convention, over the 12 bakeries.
    const campaigns = await system.http.get('/api/v1/campaigns').set('Authorization', `Bearer ${chamberManager}`);
    const shared = (campaigns.body.items as { id: string; organizationId: string }[]).filter((campaign) => campaign.organizationId === chamberId);
    expect(shared).toEqual([expect.objectContaining({ status: 'active', conventionId: convention.id })]);
    const dashboard = await system.http.get(`/api/v1/campaigns/${shared[0]!.id}/dashboard`).set('Authorization', `Bearer ${chamberManager}`);
    expect(dashboard.body).toMatchObject({ targets: 12, contacted: 5 });
    // The calls reach the indicators through events: wait for them. The club's own campaign (no convention) counts for nothing.
    await expectEventually(async () => {
      const progress = await system.http.get(`/api/v1/conventions/${convention.id}/progress`).set('Authorization', `Bearer ${clubViewer}`);
      expect(progress.status).toBe(200);
      expect(Object.fromEntries(progress.body.indicators.map((indicator: { metric: string; value: number }) => [indicator.metric, indicator.value]))).toEqual({
        companies_contacted: 5,
        meetings: 1,
        apprenticeship_offers: 1,
        manual: 1,
      });
      expect(progress.body.actions).toEqual({ planned: 2, in_progress: 2, done: 1, dropped: 0, overdue: 1 });
    }, 30_000);
  }
});
