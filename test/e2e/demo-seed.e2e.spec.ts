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
    system = await TestSystem.start({ services: ['companies'] });
    await system.gateway!.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(system.gateway!.getHttpServer().address() as AddressInfo).port}/api/v1`;
    // A plain script of the repository (not TypeScript): loaded the way `npm start` loads it.
    seed = (await import(pathToFileURL(resolve('scripts/lib/seed.mjs')).href)) as DemoSeed;
  });
  afterAll(() => system?.close());

  it('should leave every demo member active, with the README password and no password change required, when seeded twice', async () => {
    const admin = { email: ADMIN_EMAIL, password: ADMIN_PASSWORD };
    expect(await seed.seedDemoData(base, admin)).toMatch(/8 members, 39 companies, 39 new$/);
    expect(await seed.seedDemoData(base, admin)).toMatch(/8 members, 39 companies, 0 new$/);
    expect(seed.DEMO_LOGINS.password).toBe('filon-demo-2026');
    for (const user of seed.DEMO_LOGINS.users) {
      const response = await system.http.post('/api/v1/auth/login').send({ email: user.email, password: 'filon-demo-2026' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ organization: { name: user.organization }, role: user.role, passwordChangeRequired: false });
    }
    // Only the people's own actions made them members: no failed login along the way.
    const failures = await system.database.query<{ key: string }>(`SELECT key FROM identity.login_failure WHERE points > 0`);
    expect(failures).toEqual([]);
  }, 180_000);
});
