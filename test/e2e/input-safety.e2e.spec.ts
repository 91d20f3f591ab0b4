import { CommonProblem, LAWFUL_BASES } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import type { Response } from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adminToken, bearer, createOrganization, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { storedState } from '../support/stored-state.js';
import { TestSystem } from '../support/system.js';
import { fullCompanyBody, fullContactBody } from '../support/valid-bodies.js';

const NUL = '\u0000';
const LONE_SURROGATE = '\ud800';

/** The public code of each fault: a NUL character, a lone surrogate. */
const CODE_OF: Record<string, string> = { NUL: 'forbiddenCharacter', surrogate: 'invalidUnicode' };

/** A 400 problem naming exactly `field`, with the code of the fault; the message says why. */
function expectRefused(response: Response, field: string, why: RegExp): void {
  expect(response.status, response.text).toBe(400);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ type: CommonProblem.ValidationFailed, status: 400 });
  expect(response.body.errors).toEqual([{ field, code: CODE_OF[why.source], message: expect.stringMatching(why) }]);
  expect(response.text).not.toMatch(/stack|QueryFailedError|invalid byte sequence|URIError/i);
}

/** `value` with `text` put inside the string at the dotted `path` (`address.city`, `tags.0`). */
function poisoned(value: Record<string, unknown>, path: string, text: string): Record<string, unknown> {
  const copy = structuredClone(value);
  const keys = path.split('.');
  let node = copy as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = keys.at(-1)!;
  const current = String(node[last]);
  node[last] = `${current.slice(0, 1)}${text}${current.slice(1)}`;
  return copy;
}

describe('input the database or the runtime cannot take', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let companyId: string;
  let contactId: string;
  let before: Record<string, string>;

  const company = fullCompanyBody;
  const contact = fullContactBody();
  const member = () => ({ email: `member.${uniqueSuffix()}@example.test`, name: 'Nadia Benali', role: 'volunteer', password: PASSWORD });

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies', 'contacts'] });
    org = await createOrganization(system);
    const created = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send(company());
    expect(created.status, created.text).toBe(201);
    companyId = created.body.id;
    const added = await system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(org.manager.token)).send(contact);
    expect(added.status, added.text).toBe(201);
    contactId = added.body.id;
  });
  afterAll(() => system?.close());

  beforeEach(async () => {
    before = await storedState(system);
  });
  const expectNothingStored = async () => expect(await storedState(system)).toEqual(before);

  describe('NUL in a text field', () => {
    it.each(['name', 'tradeName', 'siret', 'nafCode', 'address.line', 'address.postalCode', 'address.city', 'phone', 'email', 'website', 'tags.0'])(
      'should answer 400 naming %s and store nothing when a company holds NUL there',
      async (field) => {
        const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send(poisoned(company(), field, NUL));
        expectRefused(response, field, /NUL/);
        const changed = await system.http
          .patch(`/api/v1/companies/${companyId}`)
          .set(bearer(org.manager.token))
          .set('If-Match', '"1"')
          .send(poisoned(company(), field, NUL));
        expectRefused(changed, field, /NUL/);
        await expectNothingStored();
      },
    );

    it.each(['firstName', 'lastName', 'jobTitle', 'phone', 'email', 'notes'])('should answer 400 naming %s and store nothing when a contact holds NUL there', async (field) => {
      const response = await system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(org.manager.token)).send(poisoned(contact, field, NUL));
      expectRefused(response, field, /NUL/);
      const changed = await system.http.patch(`/api/v1/contacts/${contactId}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send(poisoned(contact, field, NUL));
      expectRefused(changed, field, /NUL/);
      await expectNothingStored();
    });

    it.each(['name', 'kind'])('should answer 400 naming %s and store nothing when an organisation holds NUL there', async (field) => {
      const response = await system.http
        .post('/api/v1/organizations')
        .set(bearer(await adminToken(system)))
        .send(poisoned({ name: 'Club Emploi Gravelines', kind: 'club' }, field, NUL));
      expectRefused(response, field, /NUL/);
      await expectNothingStored();
    });

    it.each(['email', 'name', 'role', 'password'])('should answer 400 naming %s and store nothing when a member holds NUL there', async (field) => {
      const response = await system.http.post(`/api/v1/organizations/${org.id}/members`).set(bearer(org.manager.token)).send(poisoned(member(), field, NUL));
      expectRefused(response, field, /NUL/);
      await expectNothingStored();
    });

    it("should answer 400 naming role and change nothing when a member's new role holds NUL", async () => {
      const response = await system.http
        .patch(`/api/v1/organizations/${org.id}/members/${org.viewer.userId}`)
        .set(bearer(org.manager.token))
        .set('If-Match', '"1"')
        .send({ role: `volunteer${NUL}` });
      expectRefused(response, 'role', /NUL/);
      await expectNothingStored();
    });

    it.each(['q', 'city', 'tag'])('should answer 400 naming the %s query parameter when it holds NUL', async (parameter) => {
      const response = await system.http.get(`/api/v1/companies?${parameter}=boulang%00erie`).set(bearer(org.manager.token));
      expectRefused(response, parameter, /NUL/);
    });

    it('should answer 400 naming the path parameter when it holds NUL', async () => {
      const response = await system.http.get(`/api/v1/companies/${companyId}%00`).set(bearer(org.manager.token));
      expectRefused(response, 'id', /NUL/);
    });
  });

  describe('requests refused before any route', () => {
    it('should answer a 400 problem with its request id when the URL holds a percent-encoding that is not UTF-8', async () => {
      const response = await system.http.get('/api/v1/companies/%ED%A0%80').set(bearer(org.manager.token));
      expect(response.status, response.text).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 400, type: CommonProblem.MalformedRequest, detail: expect.stringMatching(/UTF-8/) });
      expect(response.body.requestId).toBe(response.headers['x-request-id']);
    });

    it('should answer a 431 problem when the request line is longer than 16 KB', async () => {
      const response = await system.http.get(`/api/v1/companies?q=${'a'.repeat(100_000)}`).set(bearer(org.manager.token));
      expect(response.status, response.text).toBe(431);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ status: 431, title: expect.any(String), detail: expect.stringMatching(/16 KB/) });
    });
  });

  describe('a lone UTF-16 surrogate in an email', () => {
    it('should answer 400 naming email when a login sends one, with no token needed', async () => {
      const response = await system.http.post('/api/v1/auth/login').send({ email: `claire${LONE_SURROGATE}@example.test`, password: PASSWORD });
      expectRefused(response, 'email', /surrogate/);
    });

    it('should answer 400 naming email and store nothing when a new member, company or contact sends one', async () => {
      const email = `x${LONE_SURROGATE}@example.test`;
      const responses = [
        await system.http.post(`/api/v1/organizations/${org.id}/members`).set(bearer(org.manager.token)).send({ ...member(), email }),
        await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ ...company(), email }),
        await system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(org.manager.token)).send({ ...contact, email }),
      ];
      for (const response of responses) expectRefused(response, 'email', /surrogate/);
      await expectNothingStored();
    });

    it('should keep a valid surrogate pair (an emoji) as it is when a text field holds one', async () => {
      const response = await system.http.patch(`/api/v1/contacts/${contactId}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ notes: 'Très sympa 🥖' });
      expect(response.status, response.text).toBe(200);
      expect(response.body.notes).toBe('Très sympa 🥖');
    });
  });

  describe('deep nesting', () => {
    it.each([
      ['objects', `{"name":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
      ['arrays', `{"tags":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ])('should answer 400 before any transformation when a body nests %s 10,000 deep', async (_kind, body) => {
      const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set('Content-Type', 'application/json').send(body);
      expect(response.status, response.text).toBe(400);
      expect(response.body.errors).toEqual([{ field: expect.stringMatching(/^(name|tags)\./), code: 'tooDeep', params: { max: 32 }, message: expect.stringMatching(/nested more than 32 levels/) }]);
      await expectNothingStored();
    });
  });

  describe('null where the contract says required or an enum', () => {
    it('should answer 400 naming lawfulBasis and store nothing when a new contact sends it null', async () => {
      const response = await system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(org.manager.token)).send({ ...contact, lawfulBasis: null });
      expect(response.status, response.text).toBe(400);
      expect(response.body.errors).toEqual([{ field: 'lawfulBasis', code: 'notOneOf', params: { allowed: [...LAWFUL_BASES] }, message: expect.any(String) }]);
      await expectNothingStored();
    });

    it("should answer 400 naming name and change nothing when a company's name is set to null", async () => {
      const response = await system.http.patch(`/api/v1/companies/${companyId}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ name: null });
      expect(response.status, response.text).toBe(400);
      expect(new Set(response.body.errors.map((error: { field: string }) => error.field))).toEqual(new Set(['name']));
      await expectNothingStored();
    });

    it('should still ask for the estimate when hiringPotential is null (null means something there)', async () => {
      const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ ...company(), hiringPotential: null });
      expect(response.status, response.text).toBe(201);
      expect(response.body.hiringPotentialEstimated).toBe(true);
    });
  });

  describe('CSV imports', () => {
    it('should answer 400 naming filename and store no job when a multipart file name holds NUL', async () => {
      const response = await system.http
        .post('/api/v1/companies/imports')
        .set(bearer(org.manager.token))
        .attach('file', Buffer.from(`siret,name\n${newSiret()},Boulangerie\n`), { filename: `liste${NUL}.csv`, contentType: 'text/csv' });
      expectRefused(response, 'filename', /NUL/);
      await expectNothingStored();
    });

    it('should report a cell holding NUL as a row error (line, column, why) and import the good rows', async () => {
      const [first, bad, last] = [newSiret(), newSiret(), newSiret()];
      const csv = `siret,Name,city\n${first},Boulangerie Une,Dunkerque\n${bad},Boulangerie${NUL}Deux,Dunkerque\n${last},Boulangerie Trois,Dunkerque\n`;
      const posted = await system.http.post('/api/v1/companies/imports').set(bearer(org.manager.token)).set('Content-Type', 'text/csv').send(csv);
      expect(posted.status, posted.text).toBe(202);
      const job = await expectEventually(async () => {
        const response = await system.http.get(`/api/v1/companies/imports/${posted.body.id}`).set(bearer(org.manager.token));
        expect(response.body.status).toBe('done');
        return response.body;
      }, 30_000);
      expect(job).toMatchObject({ inserted: 2, rejected: 1, failureReason: null });
      expect(job.errors).toEqual([{ line: 3, field: 'Name', code: 'forbiddenCharacter', message: expect.stringMatching(/^Name must not contain the NUL character/) }]);
      const stored = await system.database.query<{ siret: string }>('SELECT siret FROM companies.company WHERE organization_id = $1 AND siret = ANY($2)', [
        org.id,
        [first, bad, last],
      ]);
      expect(stored.map((row) => row.siret).sort()).toEqual([first, last].sort());
    });
  });
});
