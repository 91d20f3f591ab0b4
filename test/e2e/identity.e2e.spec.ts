import { CommonProblem } from '@app/contracts';
import { uniqueSuffix } from '@app/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateMember, adminToken, bearer, createOrganization, INITIAL_PASSWORD, login, PASSWORD, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ISO_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function expectProblem(response: Response, status: number, type?: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, title: expect.any(String), requestId: expect.any(String) });
  if (type) expect(response.body.type).toBe(type);
}

const newEmail = (label = 'member') => `${label}.${uniqueSuffix()}@example.test`;

describe('organisations and members through the gateway', () => {
  let system: TestSystem;
  let admin: string;
  let org: TestOrganization;
  let other: TestOrganization;

  const createOrg = (token: string, body: Record<string, unknown>, key?: string) => {
    const request = system.http.post('/api/v1/organizations').set(bearer(token));
    return (key ? request.set('Idempotency-Key', key) : request).send(body);
  };
  const postMember = (orgId: string, token: string, body: Record<string, unknown>) =>
    system.http.post(`/api/v1/organizations/${orgId}/members`).set(bearer(token)).send(body);
  const memberBody = (overrides: Record<string, unknown> = {}) => ({ email: newEmail(), name: 'Claire Martin', role: 'volunteer', password: INITIAL_PASSWORD, ...overrides });
  const listMembers = (orgId: string, token: string) => system.http.get(`/api/v1/organizations/${orgId}/members?limit=200`).set(bearer(token));
  const userCount = async (email: string) =>
    Number((await system.database.query<{ n: string }>('SELECT count(*) AS n FROM identity.app_user WHERE email = $1', [email]))[0].n);

  beforeAll(async () => {
    // Identity lives in the gateway: no domain service is needed here.
    system = await TestSystem.start({ services: [] });
    admin = await adminToken(system);
    org = await createOrganization(system);
    other = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('POST /organizations', () => {
    it('should create the organisation with id, timestamps and version when the admin posts it', async () => {
      const name = `Chambre des métiers d'Artois ${uniqueSuffix()}`;
      const response = await createOrg(admin, { name, kind: 'chamber' });
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        name,
        kind: 'chamber',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        version: 1,
      });
      const rows = await system.database.query('SELECT name, kind FROM identity.organization WHERE id = $1', [response.body.id]);
      expect(rows).toEqual([{ name, kind: 'chamber' }]);
    });

    it('should answer 403 and create nothing when a manager or a volunteer posts an organisation', async () => {
      const name = `Forbidden ${uniqueSuffix()}`;
      expectProblem(await createOrg(org.manager.token, { name, kind: 'club' }), 403, CommonProblem.Forbidden);
      expectProblem(await createOrg(org.volunteer.token, { name, kind: 'club' }), 403, CommonProblem.Forbidden);
      expect(await system.database.query('SELECT id FROM identity.organization WHERE name = $1', [name])).toEqual([]);
    });

    it('should answer 400 naming the field when the kind is not in the enum', async () => {
      const response = await createOrg(admin, { name: `Bad kind ${uniqueSuffix()}`, kind: 'school' });
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['kind']);
    });

    it('should answer 400 listing every invalid field when several are wrong', async () => {
      const response = await createOrg(admin, { name: '', kind: 'school' });
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(new Set(response.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['name', 'kind']));
    });

    it('should answer 400 listing the unknown fields when the body has fields the API does not know', async () => {
      const name = `Unknown fields ${uniqueSuffix()}`;
      const response = await createOrg(admin, { name, kind: 'club', colour: 'blue', ownerId: randomUUID() });
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(response.body.errors).toEqual(
        expect.arrayContaining([
          { field: 'colour', code: 'unknownField', message: expect.stringContaining('colour') },
          { field: 'ownerId', code: 'unknownField', message: expect.stringContaining('ownerId') },
        ]),
      );
      expect(await system.database.query('SELECT id FROM identity.organization WHERE name = $1', [name])).toEqual([]);
    });

    it('should return the first answer and create one organisation when the same Idempotency-Key and body are sent twice', async () => {
      const key = `org-${uniqueSuffix()}`;
      const body = { name: `Idempotent ${uniqueSuffix()}`, kind: 'agency' };
      const first = await createOrg(admin, body, key);
      const second = await createOrg(admin, body, key);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(await system.database.query('SELECT id FROM identity.organization WHERE name = $1', [body.name])).toEqual([{ id: first.body.id }]);
    });

    it('should create one organisation when concurrent requests carry the same Idempotency-Key', async () => {
      const key = `org-${uniqueSuffix()}`;
      const body = { name: `Concurrent ${uniqueSuffix()}`, kind: 'club' };
      const answers = await Promise.all([1, 2, 3].map(() => createOrg(admin, body, key)));
      for (const answer of answers) expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      expect(await system.database.query('SELECT id FROM identity.organization WHERE name = $1', [body.name])).toHaveLength(1);
    });

    it('should answer 400 and create nothing when the Idempotency-Key is longer than 255 characters', async () => {
      const name = `Long key ${uniqueSuffix()}`;
      const response = await createOrg(admin, { name, kind: 'club' }, 'k'.repeat(256));
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(response.body.errors).toEqual([{ field: 'Idempotency-Key', code: 'lengthBetween', params: { min: 1, max: 255 }, message: expect.any(String) }]);
      expect(await system.database.query('SELECT id FROM identity.organization WHERE name = $1', [name])).toEqual([]);
    });

    it('should answer 422 and create nothing when an Idempotency-Key is reused with another body', async () => {
      const key = `org-${uniqueSuffix()}`;
      const first = await createOrg(admin, { name: `First ${uniqueSuffix()}`, kind: 'partner' }, key);
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      const secondName = `Second ${uniqueSuffix()}`;
      const reused = await createOrg(admin, { name: secondName, kind: 'partner' }, key);
      expectProblem(reused, 422);
      expect(reused.body.type).toBe(CommonProblem.IdempotencyKeyReused);
      expect(await system.database.query('SELECT id FROM identity.organization WHERE name = $1', [secondName])).toEqual([]);
    });
  });

  describe('GET /organizations', () => {
    it('should walk every organisation exactly once when the admin reads pages of one', async () => {
      const seen = (await walkPages<{ id: string }>(system, '/api/v1/organizations', admin, 1)).items.map((item) => item.id);
      const all = await system.database.query<{ id: string }>('SELECT id FROM identity.organization');
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort()).toEqual(all.map(({ id }) => id).sort());
      expect(seen).toEqual(expect.arrayContaining([org.id, other.id]));
    });

    it('should show a manager only their own organisation with id, name and kind when they list', async () => {
      const response = await system.http.get('/api/v1/organizations').set(bearer(org.manager.token));
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({ items: [{ id: org.id, name: org.name, kind: 'club' }], nextCursor: null });
    });

    it('should answer 400 when the page size is out of range', async () => {
      expectProblem(await system.http.get('/api/v1/organizations?limit=0').set(bearer(admin)), 400);
      expectProblem(await system.http.get('/api/v1/organizations?limit=201').set(bearer(admin)), 400);
    });
  });

  describe('POST /organizations/{orgId}/members', () => {
    it('should add the member when the admin posts one', async () => {
      const body = memberBody({ role: 'manager', name: 'Zoé Lefèvre' });
      const response = await postMember(org.id, admin, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toEqual({
        id: expect.stringMatching(UUID),
        userId: response.body.id,
        organizationId: org.id,
        email: body.email,
        name: 'Zoé Lefèvre',
        role: 'manager',
        status: 'invited',
        createdAt: expect.stringMatching(ISO_TIMESTAMP),
        updatedAt: expect.stringMatching(ISO_TIMESTAMP),
        version: 1,
      });
      expect(JSON.stringify(response.body)).not.toContain(INITIAL_PASSWORD);
    });

    it('should invite the member when the manager of the organisation posts one, and they can log in once they accept', async () => {
      const body = memberBody({ role: 'viewer', email: newEmail('Mixed.Case').toUpperCase() });
      const response = await postMember(org.id, org.manager.token, body);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      expect(response.body).toMatchObject({ organizationId: org.id, email: body.email.toLowerCase(), role: 'viewer', status: 'invited', version: 1 });
      await activateMember(system, org.id, body.email.toLowerCase());
      const session = await system.http.post('/api/v1/auth/login').send({ email: body.email.toLowerCase(), password: PASSWORD });
      expect(session.body).toMatchObject({ user: { id: response.body.userId }, organization: { id: org.id }, role: 'viewer' });
    });

    it('should answer 403 and add no one when a volunteer or a viewer posts a member', async () => {
      for (const token of [org.volunteer.token, org.viewer.token]) {
        const body = memberBody();
        expectProblem(await postMember(org.id, token, body), 403, CommonProblem.Forbidden);
        expect(await userCount(body.email)).toBe(0);
      }
    });

    it('should answer 404 and add no one when a manager of another organisation posts a member', async () => {
      const body = memberBody();
      const response = await postMember(org.id, other.manager.token, body);
      expectProblem(response, 404, CommonProblem.NotFound);
      expect(await userCount(body.email)).toBe(0);
      // Indistinguishable from an organisation that does not exist.
      const unknown = await postMember(randomUUID(), other.manager.token, memberBody());
      expect({ ...response.body, requestId: null, instance: null }).toEqual({ ...unknown.body, requestId: null, instance: null });
    });

    it('should answer 404 when the organisation does not exist', async () => {
      const body = memberBody();
      expectProblem(await postMember(randomUUID(), admin, body), 404, CommonProblem.NotFound);
      expectProblem(await postMember('not-a-uuid', admin, memberBody()), 404, CommonProblem.NotFound);
      expect(await userCount(body.email)).toBe(0);
    });

    it('should keep the password of an existing user when they are added to a second organisation', async () => {
      const email = newEmail('twice');
      const first = await postMember(org.id, org.manager.token, memberBody({ email, role: 'volunteer' }));
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      await activateMember(system, org.id, email);
      const second = await postMember(other.id, other.manager.token, memberBody({ email: email.toUpperCase(), role: 'viewer', password: 'another-password-entirely' }));
      expect(second.status, JSON.stringify(second.body)).toBe(201);
      expect(second.body).toMatchObject({ userId: first.body.userId, organizationId: other.id, email, role: 'viewer', status: 'invited' });
      expect(await userCount(email)).toBe(1);

      const token = await activateMember(system, other.id, email);
      const session = await system.http.get('/api/v1/me').set(bearer(token));
      expect(session.body).toMatchObject({ user: { id: first.body.userId }, organization: { id: other.id }, role: 'viewer' });
      expectProblem(await system.http.post('/api/v1/auth/login').send({ email, password: 'another-password-entirely', organizationId: other.id }), 401);
      // Now in two organisations, they must name one.
      const unnamed = await system.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
      expectProblem(unnamed, 400);
      expect(unnamed.body.organizations.map((o: { id: string }) => o.id).sort()).toEqual([org.id, other.id].sort());
    });

    it('should return the first member and not answer 409 when a member is posted again with the same Idempotency-Key', async () => {
      const body = memberBody();
      const key = `member-${uniqueSuffix()}`;
      const send = () => system.http.post(`/api/v1/organizations/${org.id}/members`).set(bearer(org.manager.token)).set('Idempotency-Key', key).send(body);
      const first = await send();
      const retry = await send();
      expect(first.status, JSON.stringify(first.body)).toBe(201);
      expect(retry.status, JSON.stringify(retry.body)).toBe(201);
      expect(retry.body).toEqual(first.body);
      expect(await userCount(body.email)).toBe(1);
    });

    it('should create one user when two organisations add the same new person at the same time', async () => {
      const body = memberBody();
      const [inOrg, inOther] = await Promise.all([postMember(org.id, admin, body), postMember(other.id, admin, body)]);
      expect(inOrg.status, JSON.stringify(inOrg.body)).toBe(201);
      expect(inOther.status, JSON.stringify(inOther.body)).toBe(201);
      expect(inOther.body.userId).toBe(inOrg.body.userId);
      expect(await userCount(body.email)).toBe(1);
    });

    it('should answer 409 when the person is already a member of the organisation', async () => {
      const body = memberBody();
      expect((await postMember(org.id, org.manager.token, body)).status).toBe(201);
      const again = await postMember(org.id, org.manager.token, { ...body, role: 'manager' });
      expectProblem(again, 409);
      const members = await listMembers(org.id, org.manager.token);
      expect(members.body.items.filter((m: { email: string }) => m.email === body.email)).toEqual([expect.objectContaining({ role: 'volunteer' })]);
    });

    it('should answer 400 when the password is shorter than 12 or longer than 256 characters', async () => {
      for (const password of ['Kq8!vZ2#pLm', 'x'.repeat(257)]) {
        const body = memberBody({ password });
        const response = await postMember(org.id, org.manager.token, body);
        expectProblem(response, 400, CommonProblem.ValidationFailed);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
        expect(await userCount(body.email)).toBe(0);
      }
    });

    it('should accept unguessable passwords of exactly 12 and 256 characters', async () => {
      for (const password of ['Kq8!vZ2#pLm9', randomBytes(192).toString('base64url')]) {
        const body = memberBody({ password, role: 'viewer' });
        const response = await postMember(org.id, org.manager.token, body);
        expect(response.status, JSON.stringify(response.body)).toBe(201);
        await expect(login(system, body.email, password)).resolves.toEqual(expect.any(String));
      }
    });

    it('should answer 400 listing every invalid field when the member body is wrong', async () => {
      const response = await postMember(org.id, org.manager.token, { email: 'not-an-email', name: '', role: 'admin', password: 'short', extra: true });
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(new Set(response.body.errors.map((e: { field: string }) => e.field))).toEqual(new Set(['email', 'name', 'role', 'password', 'extra']));
    });
  });

  describe('GET /organizations/{orgId}/members', () => {
    it('should list the members when the manager of the organisation asks', async () => {
      const response = await listMembers(org.id, org.manager.token);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.nextCursor).toBeNull();
      const byId = new Map(response.body.items.map((m: { userId: string; role: string }) => [m.userId, m.role]));
      expect(byId.get(org.manager.userId)).toBe('manager');
      expect(byId.get(org.volunteer.userId)).toBe('volunteer');
      expect(byId.get(org.viewer.userId)).toBe('viewer');
      expect(byId.has(other.manager.userId)).toBe(false);
      for (const member of response.body.items) expect(member.organizationId).toBe(org.id);
    });

    it('should answer 404 when a manager of another organisation asks', async () => {
      expectProblem(await listMembers(org.id, other.manager.token), 404, CommonProblem.NotFound);
    });

    it('should answer 403 when a volunteer or a viewer asks', async () => {
      expectProblem(await listMembers(org.id, org.volunteer.token), 403, CommonProblem.Forbidden);
      expectProblem(await listMembers(org.id, org.viewer.token), 403, CommonProblem.Forbidden);
    });
  });

  describe('PATCH and DELETE /organizations/{orgId}/members/{userId}', () => {
    const memberPath = (orgId: string, userId: string) => `/api/v1/organizations/${orgId}/members/${userId}`;
    const findMember = async (userId: string) =>
      (await listMembers(org.id, org.manager.token)).body.items.find((m: { userId: string }) => m.userId === userId);

    it('should answer 412 and change nothing when If-Match names a stale version', async () => {
      const added = await postMember(org.id, org.manager.token, memberBody({ role: 'viewer' }));
      const response = await system.http.patch(memberPath(org.id, added.body.userId)).set(bearer(org.manager.token)).set('If-Match', '"7"').send({ role: 'manager' });
      expectProblem(response, 412, CommonProblem.PreconditionFailed);
      expect(await findMember(added.body.userId)).toMatchObject({ role: 'viewer', version: 1 });
    });

    it.each([
      ['no If-Match', undefined],
      ['If-Match: *', '*'],
    ])('should answer 428 and change nothing when a role change sends %s', async (_label, ifMatch) => {
      const added = await postMember(org.id, org.manager.token, memberBody({ role: 'viewer' }));
      const request = system.http.patch(memberPath(org.id, added.body.userId)).set(bearer(org.manager.token));
      const response = await (ifMatch === undefined ? request : request.set('If-Match', ifMatch)).send({ role: 'manager' });
      expectProblem(response, 428, CommonProblem.PreconditionRequired);
      expect(await findMember(added.body.userId)).toMatchObject({ role: 'viewer', version: 1 });
    });

    it('should change the role and bump the version when If-Match is current', async () => {
      const body = memberBody({ role: 'viewer' });
      const added = await postMember(org.id, org.manager.token, body);
      const response = await system.http.patch(memberPath(org.id, added.body.userId)).set(bearer(org.manager.token)).set('If-Match', `"${added.body.version}"`).send({ role: 'volunteer' });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ userId: added.body.userId, organizationId: org.id, role: 'volunteer', version: added.body.version + 1 });
      expect(await findMember(added.body.userId)).toMatchObject({ role: 'volunteer', version: 2 });
      await activateMember(system, org.id, body.email);
      const session = await system.http.post('/api/v1/auth/login').send({ email: body.email, password: PASSWORD });
      expect(session.body.role).toBe('volunteer');
    });

    it('should answer 404 when a manager of another organisation changes a role', async () => {
      const response = await system.http.patch(memberPath(org.id, org.viewer.userId)).set(bearer(other.manager.token)).set('If-Match', '"1"').send({ role: 'manager' });
      expectProblem(response, 404, CommonProblem.NotFound);
      expect(await findMember(org.viewer.userId)).toMatchObject({ role: 'viewer' });
    });

    it('should answer 400 when the new role is not a member role', async () => {
      const response = await system.http.patch(memberPath(org.id, org.viewer.userId)).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ role: 'admin' });
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(await findMember(org.viewer.userId)).toMatchObject({ role: 'viewer' });
    });

    it('should remove the member so they can no longer log in to the organisation', async () => {
      const body = memberBody();
      const added = await postMember(org.id, org.manager.token, body);
      await postMember(other.id, admin, { ...body, role: 'viewer' });
      await activateMember(system, org.id, body.email);
      await activateMember(system, other.id, body.email);
      const removed = await system.http.delete(memberPath(org.id, added.body.userId)).set(bearer(org.manager.token));
      expect(removed.status).toBe(204);
      expect(removed.text).toBe('');
      expect(await findMember(added.body.userId)).toBeUndefined();
      expectProblem(await system.http.post('/api/v1/auth/login').send({ email: body.email, password: PASSWORD, organizationId: org.id }), 400);
      // Their other membership is untouched, and now the only one.
      const session = await system.http.post('/api/v1/auth/login').send({ email: body.email, password: PASSWORD });
      expect(session.body).toMatchObject({ organization: { id: other.id }, role: 'viewer' });
      expectProblem(await system.http.delete(memberPath(org.id, added.body.userId)).set(bearer(org.manager.token)), 404);
    });

    it('should answer 403 or 404 and keep the member when someone without the right removes them', async () => {
      expectProblem(await system.http.delete(memberPath(org.id, org.viewer.userId)).set(bearer(org.volunteer.token)), 403);
      expectProblem(await system.http.delete(memberPath(org.id, org.viewer.userId)).set(bearer(other.manager.token)), 404);
      expect(await findMember(org.viewer.userId)).toMatchObject({ role: 'viewer' });
    });
  });
});
