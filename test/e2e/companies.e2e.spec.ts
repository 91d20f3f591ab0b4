import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createOrganization, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('companies through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start();
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  const create = (token: string, body: object) => system.http.post('/api/v1/companies').set(bearer(token)).send(body);
  const read = (token: string, id: string) => system.http.get(`/api/v1/companies/${id}`).set(bearer(token));
  /** If-Match "1" by default (a company as created); `null` sends none. */
  const patch = (token: string, id: string, body: object, ifMatch: string | null = '"1"') => {
    const request = system.http.patch(`/api/v1/companies/${id}`).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const remove = (token: string, id: string) => system.http.delete(`/api/v1/companies/${id}`).set(bearer(token));

  async function createdCompany(owner: TestOrganization = org, body: object = {}): Promise<Record<string, unknown> & { id: string }> {
    const response = await create(owner.manager.token, { name: `Entreprise ${uniqueSuffix()}`, siret: newSiret(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  const companyRows = async (organizationId: string) =>
    Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1`, [organizationId]))[0]!.n);

  describe('POST /companies', () => {
    it('should answer 201 with the stored company, derived SIREN, normalised NAF and phone, and ETag "1" when a manager creates one', async () => {
      const siret = newSiret();
      const body = {
        name: 'Boulangerie Dupont',
        siret,
        nafCode: '1071c',
        sizeBand: '03',
        address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque' },
        phone: '03 28 12 34 56',
        email: 'contact@boulangerie-dupont.fr',
        website: 'https://boulangerie-dupont.fr',
        tags: ['artisan', 'apprentissage'],
        hiringPotential: 70,
        doNotCall: false,
      };
      const response = await create(org.manager.token, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.body).toMatchObject({
        organizationId: org.id,
        name: 'Boulangerie Dupont',
        siret,
        siren: siret.slice(0, 9),
        tradeName: null,
        nafCode: '10.71C',
        nafLabel: 'Boulangerie et boulangerie-pâtisserie',
        nafNomenclature: 'NAFRev2',
        sizeBand: '03',
        address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque', department: '59' },
        phone: '+33328123456',
        email: 'contact@boulangerie-dupont.fr',
        website: 'https://boulangerie-dupont.fr',
        tags: ['artisan', 'apprentissage'],
        hiringPotential: 70,
        hiringPotentialEstimated: false,
        doNotCall: false,
        version: 1,
      });
      expect(response.body.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(response.body.createdAt)).not.toBeNaN();
      expect(Date.parse(response.body.updatedAt)).not.toBeNaN();
      const stored = await read(org.viewer.token, response.body.id);
      expect(stored.status).toBe(200);
      expect(stored.body).toEqual(response.body);
    });

    it('should accept a SIRET typed with spaces when creating a company', async () => {
      const siret = newSiret();
      const spaced = `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`;
      const response = await create(org.manager.token, { name: `Espace ${uniqueSuffix()}`, siret: spaced });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ siret, siren: siret.slice(0, 9) });
    });

    it('should answer 400 listing every invalid field at once when the body has several errors', async () => {
      const before = await companyRows(org.id);
      const response = await create(org.manager.token, {
        name: '',
        siret: '1234567890123',
        sizeBand: 'ZZ',
        hiringPotential: 101,
        address: { postalCode: 'abc' },
        colour: 'blue',
      });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 400, type: '/problems/validation-failed' });
      const fields = new Set((response.body.errors as { field: string }[]).map((error) => error.field));
      expect([...fields].sort()).toEqual(['address.postalCode', 'colour', 'hiringPotential', 'name', 'siret', 'sizeBand'].sort());
      expect(await companyRows(org.id)).toBe(before);
    });

    it('should answer 409 with existingId when the organisation already has this SIRET', async () => {
      const first = await createdCompany();
      const response = await create(org.manager.token, { name: 'Doublon', siret: first.siret });
      expect(response.status).toBe(409);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 409, type: '/problems/companies/siret-taken', existingId: first.id });
    });

    it('should create the company when another organisation already has the same SIRET', async () => {
      const other = await createOrganization(system);
      const first = await createdCompany();
      const response = await create(other.manager.token, { name: 'Même SIRET ailleurs', siret: first.siret });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ organizationId: other.id, siret: first.siret });
      expect(response.body.id).not.toBe(first.id);
    });
  });

  describe('roles', () => {
    it('should let volunteers and viewers read a company and its list when they belong to the organisation', async () => {
      const company = await createdCompany();
      for (const member of [org.volunteer, org.viewer]) {
        const one = await read(member.token, company.id);
        expect(one.status).toBe(200);
        expect(one.body.id).toBe(company.id);
        const list = await system.http.get('/api/v1/companies?limit=200').set(bearer(member.token));
        expect(list.status).toBe(200);
      }
    });

    it('should answer 403 and change nothing when a volunteer or a viewer writes', async () => {
      const company = await createdCompany();
      for (const member of [org.volunteer, org.viewer]) {
        const before = await companyRows(org.id);
        const created = await create(member.token, { name: 'Interdit', siret: newSiret() });
        expect(created.status).toBe(403);
        expect(created.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(await companyRows(org.id)).toBe(before);
        expect((await patch(member.token, company.id, { name: 'Changé' })).status).toBe(403);
        expect((await remove(member.token, company.id)).status).toBe(403);
      }
      const after = await read(org.manager.token, company.id);
      expect(after.status).toBe(200);
      expect(after.body).toEqual(company);
    });

    it('should answer 403 on every companies route when the token is a platform admin one with no organisation', async () => {
      const admin = await adminToken(system);
      const company = await createdCompany();
      const before = await companyRows(org.id);
      const answers = await Promise.all([
        create(admin, { name: 'Admin', siret: newSiret() }),
        system.http.get('/api/v1/companies').set(bearer(admin)),
        read(admin, company.id),
        patch(admin, company.id, { name: 'Admin' }),
        remove(admin, company.id),
      ]);
      for (const answer of answers) {
        expect(answer.status).toBe(403);
        expect(answer.headers['content-type']).toMatch(PROBLEM_JSON);
      }
      expect(await companyRows(org.id)).toBe(before);
      expect((await read(org.manager.token, company.id)).body).toEqual(company);
    });
  });

  describe('GET /companies', () => {
    it('should return every company exactly once, by name then id, when walking pages of 2', async () => {
      const fresh = await createOrganization(system);
      const prefix = `Société ${uniqueSuffix()}`;
      // Two pairs share a name, so the id decides their order.
      const names = ['E', 'B', 'D', 'B', 'A', 'D', 'C'].map((letter) => `${prefix} ${letter}`);
      const created = [];
      for (const name of names) created.push(await createdCompany(fresh, { name }));
      const expected = created
        .map(({ id, name }) => ({ id, name: name as string }))
        .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1))
        .map(({ id }) => id);

      const { items, pages } = await walkPages<{ id: string }>(system, '/api/v1/companies', fresh.viewer.token, 2);
      const seen = items.map((item) => item.id);
      expect(pages).toBe(4);
      expect(seen).toEqual(expected);
    });

    it('should answer nextCursor null when the first page holds everything', async () => {
      const fresh = await createOrganization(system);
      const company = await createdCompany(fresh);
      const response = await system.http.get('/api/v1/companies?limit=5').set(bearer(fresh.manager.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [company], nextCursor: null });
    });

    it.each(['0', '201', 'abc'])('should answer 400 naming limit when limit is %s', async (limit) => {
      const response = await system.http.get(`/api/v1/companies?limit=${limit}`).set(bearer(org.viewer.token));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain('limit');
    });

    it.each([
      ['garbage', 'not-a-cursor!!'],
      ['a cursor of the wrong shape', Buffer.from(JSON.stringify([1])).toString('base64url')],
    ])('should answer 400 naming cursor when the cursor is %s', async (_, cursor) => {
      const response = await system.http.get('/api/v1/companies').query({ cursor }).set(bearer(org.viewer.token));
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain('cursor');
    });
  });

  describe('PATCH /companies/{id}', () => {
    it('should change only the fields sent and increment the version when If-Match names the current version', async () => {
      const company = await createdCompany(org, { nafCode: '47.11B', address: { line: '1 quai', postalCode: '59240', city: 'Dunkerque' }, tags: ['a'] });
      const response = await patch(org.manager.token, company.id, { name: 'Nouveau nom', address: { city: 'Malo-les-Bains' } });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toEqual({
        ...company,
        name: 'Nouveau nom',
        address: { line: '1 quai', postalCode: '59240', city: 'Malo-les-Bains', department: '59' },
        version: 2,
        updatedAt: response.body.updatedAt,
      });
      expect(Date.parse(response.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(company.updatedAt as string));
      expect((await read(org.viewer.token, company.id)).body).toEqual(response.body);
    });

    it('should apply the change when If-Match names the current version', async () => {
      const company = await createdCompany();
      const first = await patch(org.manager.token, company.id, { hiringPotential: 10 }, '"1"');
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ hiringPotential: 10, version: 2 });
      const second = await patch(org.manager.token, company.id, { doNotCall: true }, first.headers.etag);
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ hiringPotential: 10, doNotCall: true, version: 3 });
    });

    it('should answer 412 and leave the row unchanged when If-Match names a stale version', async () => {
      const company = await createdCompany();
      const changed = await patch(org.manager.token, company.id, { name: 'Première modification' }, '"1"');
      expect(changed.status).toBe(200);
      const stale = await patch(org.manager.token, company.id, { name: 'Modification perdue' }, '"1"');
      expect(stale.status).toBe(412);
      expect(stale.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(stale.body).toMatchObject({ status: 412, type: '/problems/precondition-failed' });
      const after = await read(org.manager.token, company.id);
      expect(after.body).toEqual(changed.body);
    });

    it.each([
      ['no If-Match', null],
      ['If-Match: *', '*'],
    ])('should answer 428 naming If-Match and change nothing when a change sends %s', async (_label, ifMatch) => {
      const company = await createdCompany();
      const response = await patch(org.manager.token, company.id, { name: 'Sans version' }, ifMatch);
      expect(response.status).toBe(428);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ status: 428, type: '/problems/precondition-required', errors: [{ field: 'If-Match' }] });
      expect((await read(org.manager.token, company.id)).body).toEqual(company);
    });

    it('should answer 400 and change nothing when If-Match is malformed', async () => {
      const company = await createdCompany();
      const response = await patch(org.manager.token, company.id, { name: 'Jamais' }, 'version-one');
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain('If-Match');
      expect((await read(org.manager.token, company.id)).body).toEqual(company);
    });

    it('should answer 409 with existingId and change nothing when the new SIRET belongs to another company of the organisation', async () => {
      const holder = await createdCompany();
      const company = await createdCompany();
      const response = await patch(org.manager.token, company.id, { siret: holder.siret });
      expect(response.status).toBe(409);
      expect(response.body).toMatchObject({ type: '/problems/companies/siret-taken', existingId: holder.id });
      expect((await read(org.manager.token, company.id)).body).toEqual(company);
    });

    it('should let exactly one of five concurrent changes win when they all send If-Match "1"', async () => {
      const company = await createdCompany();
      const names = [1, 2, 3, 4, 5].map((n) => `Concurrent ${n}`);
      const answers = await Promise.all(names.map((name) => patch(org.manager.token, company.id, { name }, '"1"')));
      const statuses = answers.map((answer) => answer.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412, 412]);
      const winner = answers.find((answer) => answer.status === 200)!;
      const after = await read(org.manager.token, company.id);
      expect(after.body).toMatchObject({ version: 2, name: winner.body.name });
    });
  });

  describe('DELETE /companies/{id}', () => {
    it('should answer 204, then 404 on GET and on a second DELETE, when a manager deletes a company', async () => {
      const company = await createdCompany();
      const deleted = await remove(org.manager.token, company.id);
      expect(deleted.status).toBe(204);
      expect(deleted.text).toBe('');
      const gone = await read(org.manager.token, company.id);
      expect(gone.status).toBe(404);
      expect(gone.headers['content-type']).toMatch(PROBLEM_JSON);
      expect((await remove(org.manager.token, company.id)).status).toBe(404);
      expect((await patch(org.manager.token, company.id, { name: 'Fantôme' })).status).toBe(404);
    });
  });

  describe('ids', () => {
    it('should answer 404 on every verb when the id is not a UUID', async () => {
      for (const response of [
        await read(org.manager.token, 'not-a-uuid'),
        await patch(org.manager.token, 'not-a-uuid', { name: 'x' }),
        await remove(org.manager.token, 'not-a-uuid'),
      ]) {
        expect(response.status).toBe(404);
        expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      }
    });

    it('should answer 404 on every verb when the UUID names no company', async () => {
      const id = randomUUID();
      expect((await read(org.manager.token, id)).status).toBe(404);
      expect((await patch(org.manager.token, id, { name: 'x' }, '"1"')).status).toBe(404);
      expect((await remove(org.manager.token, id)).status).toBe(404);
    });
  });

  describe('events', () => {
    const summary = (id: string) =>
      system.database.query<{ name: string; organization_id: string; version: number; naf_code: string | null }>(
        `SELECT name, organization_id, version, naf_code FROM "campaigns"."company_summary" WHERE id = $1`,
        [id],
      );

    it('should reflect a create, an update and a delete in the campaigns company summary', async () => {
      const company = await createdCompany(org, { nafCode: '10.71C' });
      await expectEventually(async () =>
        expect(await summary(company.id)).toEqual([{ name: company.name, organization_id: org.id, version: 1, naf_code: '10.71C' }]),
      );

      const renamed = await patch(org.manager.token, company.id, { name: 'Renommée par événement' });
      expect(renamed.status).toBe(200);
      await expectEventually(async () =>
        expect(await summary(company.id)).toEqual([{ name: 'Renommée par événement', organization_id: org.id, version: 2, naf_code: '10.71C' }]),
      );

      expect((await remove(org.manager.token, company.id)).status).toBe(204);
      await expectEventually(async () => expect(await summary(company.id)).toEqual([]));
    });
  });
});
