import { ContactsProblem } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type Member, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;
type Body = Record<string, unknown> & { id: string };

describe('contacts through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;
  let company: Body;

  beforeAll(async () => {
    system = await TestSystem.start();
    [org, other] = [await createOrganization(system), await createOrganization(system)];
    company = await createCompany(org);
  });
  afterAll(() => system?.close());

  async function createCompany(owner: TestOrganization): Promise<Body> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send({ name: `Boulangerie ${uniqueSuffix()}`, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  const add = (token: string, companyId: string, body: object, headers: Record<string, string> = {}) =>
    system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(token)).set(headers).send(body);
  const read = (token: string, id: string) => system.http.get(`/api/v1/contacts/${id}`).set(bearer(token));
  /** If-Match "1" by default (a contact as added); `null` sends none. */
  const patch = (token: string, id: string, body: object, ifMatch: string | null = '"1"') => {
    const request = system.http.patch(`/api/v1/contacts/${id}`).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const erase = (token: string, id: string) => system.http.delete(`/api/v1/contacts/${id}`).set(bearer(token));
  async function addedContact(body: object = {}, owner: TestOrganization = org, companyId = company.id): Promise<Body> {
    const response = await add(owner.manager.token, companyId, { lastName: `Martin ${uniqueSuffix()}`, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  const contactRows = async (companyId: string) =>
    Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM "contacts"."contact" WHERE company_id = $1`, [companyId]))[0]!.n);

  describe('POST /companies/{companyId}/contacts', () => {
    it('should answer 201 with the stored contact, defaults and ETag "1" when a manager adds one right after creating the company', async () => {
      // No wait for the company's event: the contacts service asks the companies service when it has not heard of it yet.
      const fresh = await createCompany(org);
      const body = {
        firstName: 'Sophie',
        lastName: 'Vandamme',
        jobTitle: 'Gérante',
        phone: '03 28 12 34 56',
        email: 'sophie.vandamme@boulangerie.fr',
        notes: "Préfère qu'on l'appelle le matin, avant l'ouverture.",
      };
      const response = await add(org.manager.token, fresh.id, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.headers.etag).toBe('"1"');
      expect(response.headers.location).toBe(`/api/v1/contacts/${response.body.id}`);
      expect(response.body).toEqual({
        ...body,
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        organizationId: org.id,
        companyId: fresh.id,
        phone: '+33328123456',
        lawfulBasis: 'legitimate_interest',
        optedOut: false,
        optedOutAt: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        version: 1,
      });
      const stored = await read(org.viewer.token, response.body.id);
      expect(stored.status).toBe(200);
      expect(stored.headers.etag).toBe('"1"');
      expect(stored.body).toEqual(response.body);
    });

    it('should ask the companies service, and remember the answer, when no event has told it of the company yet', async () => {
      const fresh = await createCompany(org);
      const refOf = (id: string) => system.database.query(`SELECT organization_id, deleted_at FROM "contacts"."company_ref" WHERE id = $1`, [id]);
      await expectEventually(async () => expect(await refOf(fresh.id)).toHaveLength(1));
      // As if the company's event had not arrived yet.
      await system.database.query(`DELETE FROM "contacts"."company_ref" WHERE id = $1`, [fresh.id]);
      expect((await add(other.manager.token, fresh.id, { lastName: 'Intrus' })).status).toBe(404);
      expect(await refOf(fresh.id)).toEqual([]);
      expect((await add(org.volunteer.token, fresh.id, { lastName: 'Lemaire' })).status).toBe(201);
      expect(await refOf(fresh.id)).toEqual([{ organization_id: org.id, deleted_at: null }]);
    });

    it.each(['03 28 12 34 56', '+33 3 28 12 34 56', '0033 3 28 12 34 56', '03.28.12.34.56', '+33328123456'])(
      'should store the phone %s as E.164 +33328123456 when a French number is typed that way',
      async (phone) => {
        const contact = await addedContact({ phone });
        expect(contact.phone).toBe('+33328123456');
        const [row] = await system.database.query<{ phone: string }>(`SELECT phone FROM "contacts"."contact" WHERE id = $1`, [contact.id]);
        expect(row!.phone).toBe('+33328123456');
      },
    );

    it('should keep a foreign number in its own country code when it is typed with one', async () => {
      expect((await addedContact({ phone: '+44 20 7946 0958' })).phone).toBe('+442079460958');
    });

    it('should let a volunteer add a contact with consent as lawful basis when a volunteer calls', async () => {
      const response = await add(org.volunteer.token, company.id, { lastName: 'Bénédicte', lawfulBasis: 'consent' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ lawfulBasis: 'consent', firstName: null, phone: null, email: null, notes: null, jobTitle: null });
    });

    it('should answer 403 and write nothing when a viewer adds a contact', async () => {
      const target = await createCompany(org);
      const response = await add(org.viewer.token, target.id, { lastName: 'Refusé' });
      expect(response.status).toBe(403);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(await contactRows(target.id)).toBe(0);
    });

    it('should answer one 400 listing every invalid field and write nothing when many fields are wrong', async () => {
      const target = await createCompany(org);
      const response = await add(org.manager.token, target.id, {
        firstName: 'x'.repeat(101),
        lastName: '',
        jobTitle: 42,
        phone: '12',
        email: 'not-an-email',
        notes: 'x'.repeat(5001),
        lawfulBasis: 'whim',
        optedOut: 'yes',
        colour: 'red',
      });
      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(
        new Set(['firstName', 'lastName', 'jobTitle', 'phone', 'email', 'notes', 'lawfulBasis', 'optedOut', 'colour']),
      );
      expect(await contactRows(target.id)).toBe(0);
    });

    it.each([
      ['no lastName', {}, 'lastName'],
      ['an impossible French number', { lastName: 'X', phone: '01 23 45 67 89 00' }, 'phone'],
      ['letters for a phone', { lastName: 'X', phone: 'appelez-moi' }, 'phone'],
      ['a companyId in the body', { lastName: 'X', companyId: randomUUID() }, 'companyId'],
    ])('should answer 400 naming the field when the body has %s', async (_label, body, field) => {
      const response = await add(org.manager.token, company.id, body);
      expect(response.status).toBe(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set([field]));
    });

    it('should answer 404 when the company does not exist', async () => {
      const response = await add(org.manager.token, randomUUID(), { lastName: 'Personne' });
      expect(response.status).toBe(404);
      expect(response.body.type).toBe(ContactsProblem.CompanyNotFound);
    });

    it('should return the first answer and create one contact when a retry reuses the Idempotency-Key', async () => {
      const target = await createCompany(org);
      const key = randomUUID();
      const body = { lastName: 'Idempotent', phone: '03 28 12 34 56' };
      const [first, second] = [await add(org.manager.token, target.id, body, { 'Idempotency-Key': key }), await add(org.manager.token, target.id, body, { 'Idempotency-Key': key })];
      expect([first.status, second.status]).toEqual([201, 201]);
      expect(second.body.id).toBe(first.body.id);
      expect(await contactRows(target.id)).toBe(1);
    });
  });

  describe('GET /companies/{companyId}/contacts', () => {
    it('should walk every contact exactly once in last-name order when read in pages of two', async () => {
      const target = await createCompany(org);
      const names = ['Étienne', 'Dubois', 'Azoulay', 'Caron', 'Bernard'];
      for (const lastName of names) expect((await add(org.volunteer.token, target.id, { lastName })).status).toBe(201);
      const { items, pages } = await walkPages<{ lastName: string; companyId: string }>(system, `/api/v1/companies/${target.id}/contacts`, org.viewer.token, 2);
      expect(pages).toBe(3);
      expect(items.map((item) => item.lastName).sort()).toEqual([...names].sort());
      const ordered = await system.database.query<{ last_name: string }>(`SELECT last_name FROM "contacts"."contact" WHERE company_id = $1 ORDER BY last_name, id`, [target.id]);
      expect(items.map((item) => item.lastName)).toEqual(ordered.map((row) => row.last_name));
      expect(new Set(items.map((item) => item.companyId))).toEqual(new Set([target.id]));
    });

    it('should answer an empty page when the company has no contact yet', async () => {
      const target = await createCompany(org);
      const response = await system.http.get(`/api/v1/companies/${target.id}/contacts`).set(bearer(org.volunteer.token));
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ items: [], nextCursor: null });
    });

    it('should answer 404 when the company does not exist', async () => {
      const response = await system.http.get(`/api/v1/companies/${randomUUID()}/contacts`).set(bearer(org.viewer.token));
      expect(response.status).toBe(404);
    });

    it('should answer 400 when the cursor is not one the API gave out', async () => {
      const response = await system.http.get(`/api/v1/companies/${company.id}/contacts`).query({ cursor: 'bm90LWEtY3Vyc29y' }).set(bearer(org.viewer.token));
      expect(response.status).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'cursor', code: 'invalidCursor', message: expect.any(String) }]);
    });
  });

  describe('PATCH /contacts/{id}', () => {
    it('should change the fields, bump the version and normalise the phone when If-Match is current', async () => {
      const contact = await addedContact({ firstName: 'Luc', jobTitle: 'Apprenti' });
      const response = await patch(org.volunteer.token, contact.id, { jobTitle: 'Chef de rayon', phone: '06 12 34 56 78', firstName: null }, '"1"');
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.headers.etag).toBe('"2"');
      expect(response.body).toMatchObject({ jobTitle: 'Chef de rayon', phone: '+33612345678', firstName: null, lastName: contact.lastName, version: 2 });
      expect((await read(org.viewer.token, contact.id)).body).toEqual(response.body);
    });

    it('should answer 412 with the current version and change nothing when If-Match is stale', async () => {
      const contact = await addedContact({ jobTitle: 'Boulanger' });
      expect((await patch(org.manager.token, contact.id, { jobTitle: 'Pâtissier' }, '"1"')).status).toBe(200);
      const stale = await patch(org.manager.token, contact.id, { jobTitle: 'Livreur' }, '"1"');
      expect(stale.status).toBe(412);
      expect(stale.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(stale.body.currentVersion).toBe(2);
      expect((await read(org.viewer.token, contact.id)).body).toMatchObject({ jobTitle: 'Pâtissier', version: 2 });
    });

    it('should let exactly one of two concurrent changes win when both send the same If-Match', async () => {
      const contact = await addedContact();
      const responses = await Promise.all(
        ['Première', 'Seconde', 'Troisième', 'Quatrième'].map((jobTitle) => patch(org.manager.token, contact.id, { jobTitle }, '"1"')),
      );
      const statuses = responses.map((response) => response.status).sort();
      expect(statuses).toEqual([200, 412, 412, 412]);
      const winner = responses.find((response) => response.status === 200)!;
      expect((await read(org.viewer.token, contact.id)).body).toMatchObject({ jobTitle: winner.body.jobTitle, version: 2 });
    });

    it.each([
      ['no If-Match', null],
      ['If-Match: *', '*'],
    ])('should answer 428 naming If-Match and change nothing when a change sends %s', async (_label, ifMatch) => {
      const contact = await addedContact({ jobTitle: 'Gérant' });
      const response = await patch(org.manager.token, contact.id, { jobTitle: 'Sans version' }, ifMatch);
      expect(response.status).toBe(428);
      expect(response.body).toMatchObject({ status: 428, type: '/problems/precondition-required', errors: [{ field: 'If-Match' }] });
      expect((await read(org.viewer.token, contact.id)).body).toMatchObject({ jobTitle: 'Gérant', version: 1 });
    });

    it('should answer 403 and change nothing when a viewer changes a contact', async () => {
      const contact = await addedContact({ jobTitle: 'Gérant' });
      const response = await patch(org.viewer.token, contact.id, { jobTitle: 'Pris' });
      expect(response.status).toBe(403);
      expect((await read(org.viewer.token, contact.id)).body).toMatchObject({ jobTitle: 'Gérant', version: 1 });
    });

    it.each([
      ['lastName set to null', { lastName: null }, 'lastName'],
      ['lawfulBasis set to null', { lawfulBasis: null }, 'lawfulBasis'],
      ['optedOut set to null', { optedOut: null }, 'optedOut'],
      ['an invalid phone', { phone: '0328' }, 'phone'],
      ['an unknown field', { companyId: randomUUID() }, 'companyId'],
    ])('should answer 400 naming the field and change nothing when a change has %s', async (_label, body, field) => {
      const contact = await addedContact();
      const response = await patch(org.manager.token, contact.id, body);
      expect(response.status).toBe(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set([field]));
      expect((await read(org.viewer.token, contact.id)).body.version).toBe(1);
    });
  });

  describe('DELETE /contacts/{id}', () => {
    it('should answer 403 to a volunteer and 204 to a manager, after which the contact is gone', async () => {
      const contact = await addedContact();
      expect((await erase(org.volunteer.token, contact.id)).status).toBe(403);
      expect((await read(org.viewer.token, contact.id)).status).toBe(200);
      expect((await erase(org.manager.token, contact.id)).status).toBe(204);
      expect((await read(org.manager.token, contact.id)).status).toBe(404);
      expect((await erase(org.manager.token, contact.id)).status).toBe(404);
      expect(await system.database.query(`SELECT id FROM "contacts"."contact" WHERE id = $1`, [contact.id])).toEqual([]);
    });
  });

  describe('deleting a company', () => {
    it('should erase its contacts, as the system in the audit trail, when the company is deleted', async () => {
      const target = await createCompany(org);
      const contacts = [await addedContact({}, org, target.id), await addedContact({}, org, target.id)];
      const survivor = await addedContact();
      expect((await system.http.delete(`/api/v1/companies/${target.id}`).set(bearer(org.manager.token))).status).toBe(204);

      await expectEventually(async () => expect(await contactRows(target.id)).toBe(0));
      for (const contact of contacts) expect((await read(org.manager.token, contact.id)).status).toBe(404);
      expect((await read(org.manager.token, survivor.id)).status).toBe(200);
      expect((await system.http.get(`/api/v1/companies/${target.id}/contacts`).set(bearer(org.manager.token))).status).toBe(404);
      expect((await add(org.manager.token, target.id, { lastName: 'Trop tard' })).status).toBe(404);
      const audit = await system.http.get('/api/v1/audit').query({ entity: 'contact', id: contacts[0]!.id }).set(bearer(org.manager.token));
      expect(audit.status).toBe(200);
      expect(audit.body.items.at(-1)).toMatchObject({ action: 'erased', actor: null, fields: [] });
    });
  });

  describe('tenancy: another organisation ids answer 404 on every verb', () => {
    let contact: Body;

    beforeAll(async () => {
      contact = await addedContact({ jobTitle: 'Gérante', phone: '03 28 12 34 56' });
      // The other organisation has contacts of its own, so its pages are not trivially empty.
      await addedContact({}, other, (await createCompany(other)).id);
    });

    const ROLES = ['manager', 'volunteer', 'viewer'] as const;
    const memberOfOther = (role: (typeof ROLES)[number]): Member => other[role];
    type Verb = (token: string, id: string, companyId: string) => Promise<Response>;
    const verbs: [string, Verb][] = [
      ['POST /companies/{companyId}/contacts', (token, _id, companyId) => add(token, companyId, { lastName: 'Intrus' })],
      ['GET /companies/{companyId}/contacts', (token, _id, companyId) => system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(token))],
      ['GET /contacts/{id}', (token, id) => read(token, id)],
      ['PATCH /contacts/{id}', (token, id) => patch(token, id, { jobTitle: 'Pris' })],
      ['DELETE /contacts/{id}', (token, id) => erase(token, id)],
      ['GET /contacts/{id}/export', (token, id) => system.http.get(`/api/v1/contacts/${id}/export`).set(bearer(token))],
      ['GET /audit?entity=contact&id=', (token, id) => system.http.get('/api/v1/audit').query({ entity: 'contact', id }).set(bearer(token))],
    ];

    describe.each(verbs)('%s', (_verb, send) => {
      it.each(ROLES)("should answer 404, exactly as for an unknown id, when the other organisation's %s names our ids", async (role) => {
        const token = memberOfOther(role).token;
        const [theirs, unknown] = [await send(token, contact.id, company.id), await send(token, randomUUID(), randomUUID())];
        expect(theirs.status).toBe(404);
        expect(theirs.headers['content-type']).toMatch(PROBLEM_JSON);
        expect(unknown.status).toBe(404);
        expect(theirs.body.type).toBe(unknown.body.type);
        expect(theirs.body.detail).toBe(unknown.body.detail);
      });
    });

    it('should have left our contact and our company untouched when every verb was refused', async () => {
      expect((await read(org.manager.token, contact.id)).body).toMatchObject({ jobTitle: 'Gérante', version: 1 });
      const rows = await system.database.query<{ organization_id: string }>(`SELECT organization_id FROM "contacts"."contact" WHERE company_id = $1`, [company.id]);
      expect(new Set(rows.map((row) => row.organization_id))).toEqual(new Set([org.id]));
      const audit = await system.database.query<{ action: string }>(`SELECT action FROM "contacts"."audit_entry" WHERE entity_id = $1`, [contact.id]);
      expect(audit.map((row) => row.action)).toEqual(['created']);
    });
  });
});
