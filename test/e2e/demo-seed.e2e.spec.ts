import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
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
    system = await TestSystem.start({ services: ['companies', 'contacts', 'campaigns'] });
    await system.gateway!.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(system.gateway!.getHttpServer().address() as AddressInfo).port}/api/v1`;
    // A plain script of the repository (not TypeScript): loaded the way `npm start` loads it.
    seed = (await import(pathToFileURL(resolve('scripts/lib/seed.mjs')).href)) as DemoSeed;
  });
  afterAll(() => system?.close());

  it('should leave every demo member active, with the README password and no password change required, when seeded twice', async () => {
    const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
    expect(await seed.seedDemoData(base, admin)).toMatch(/8 members, 39 companies, 39 new, an active campaign with 5 calls$/);
    expect(await seed.seedDemoData(base, admin)).toMatch(/8 members, 39 companies, 0 new, an active campaign$/);
    expect(seed.DEMO_LOGINS.password).toBe('filon-demo-2026');
    for (const user of seed.DEMO_LOGINS.users) {
      const response = await system.http.post('/api/v1/auth/login').send({ email: user.email, password: 'filon-demo-2026' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ organization: { name: user.organization }, role: user.role, passwordChangeRequired: false });
    }
    // The club's campaign is active, over its 14 companies, with the volunteers' first calls on its dashboard.
    const manager = await system.http.post('/api/v1/auth/login').send({ email: 'claire.martin@club-emploi-dunkerque.fr', password: 'filon-demo-2026' });
    const campaigns = await system.http.get('/api/v1/campaigns').set('Authorization', `Bearer ${manager.body.accessToken}`);
    expect(campaigns.body.items).toHaveLength(1);
    expect(campaigns.body.items[0]).toMatchObject({ status: 'active' });
    const dashboard = await system.http.get(`/api/v1/campaigns/${campaigns.body.items[0].id}/dashboard`).set('Authorization', `Bearer ${manager.body.accessToken}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.body).toMatchObject({ targets: 14, contacted: 5, reached: 4, offers: { total: 1 } });
    expect(dashboard.body.outcomes).toMatchObject({ offer: 1, no_answer: 1, callback: 1, interested: 1, not_interested: 1 });
    // Only the people's own actions made them members: no failed login along the way.
    const failures = await system.database.query<{ key: string }>(`SELECT key FROM identity.login_failure WHERE points > 0`);
    expect(failures).toEqual([]);
  }, 180_000);
});
