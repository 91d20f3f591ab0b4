import { CommonProblem } from '@app/contracts';
import { uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activateMember, addMember, adminToken, bearer, createOrganization, INITIAL_PASSWORD, login, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestSystem } from '../support/system.js';

function expectProblem(response: Response, status: number, type?: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.body).toMatchObject({ status, title: expect.any(String), detail: expect.any(String), requestId: expect.any(String) });
  if (type) expect(response.body.type).toBe(type);
}

const newEmail = (label = 'person') => `${label}.${uniqueSuffix()}@example.test`;

describe('invitations and passwords through the gateway', () => {
  let system: TestSystem;
  let admin: string;
  let org: TestOrganization;
  let other: TestOrganization;

  const postMember = (orgId: string, token: string, body: Record<string, unknown>) =>
    system.http.post(`/api/v1/organizations/${orgId}/members`).set(bearer(token)).send(body);
  const invite = (orgId: string, token: string, overrides: Record<string, unknown> = {}) =>
    postMember(orgId, token, { email: newEmail(), name: 'Typed By The Manager', role: 'volunteer', password: INITIAL_PASSWORD, ...overrides });
  const postLogin = (body: Record<string, unknown>) => system.http.post('/api/v1/auth/login').send(body);
  const changePassword = (token: string, body: Record<string, unknown>) => system.http.post('/api/v1/me/password').set(bearer(token)).send(body);
  const invitations = (token: string) => system.http.get('/api/v1/me/invitations').set(bearer(token));
  const answer = (token: string, orgId: string, verb: 'accept' | 'decline') => system.http.post(`/api/v1/me/invitations/${orgId}/${verb}`).set(bearer(token));
  const membersOf = async (orgId: string, token: string) =>
    (await system.http.get(`/api/v1/organizations/${orgId}/members?limit=200`).set(bearer(token))).body.items as { userId: string; email: string; name: string; status: string; version: number }[];
  const countRows = async (sql: string, params: unknown[]) => Number((await system.database.query<{ n: string }>(sql, params))[0].n);
  const userCount = (email: string) => countRows('SELECT count(*) AS n FROM identity.app_user WHERE email = $1', [email]);

  /** Logs in with the initial password and chooses PASSWORD: the token is then scoped to no organisation. */
  async function ownPasswordToken(email: string): Promise<string> {
    const first = await postLogin({ email, password: INITIAL_PASSWORD });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect((await changePassword(first.body.accessToken, { currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD })).status).toBe(204);
    const second = await postLogin({ email, password: PASSWORD });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    return second.body.accessToken as string;
  }

  beforeAll(async () => {
    // Identity lives in the gateway; companies answers the routes a limited token must not reach.
    system = await TestSystem.start({ services: ['companies'] });
    admin = await adminToken(system);
    org = await createOrganization(system);
    other = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('password rules', () => {
    // The examples (10 characters: too short) and their 12-character cousins (guessable).
    it.each([
      ['aaaaaaaaaa', /12 to 256 characters/],
      ['1234567890', /12 to 256 characters/],
      ['password12', /12 to 256 characters/],
      [' '.repeat(10), /12 to 256 characters/],
      ['aaaaaaaaaaaa', /too easy to guess/],
      ['123456789012', /too easy to guess/],
      ['password1234', /too easy to guess/],
      [' '.repeat(12), /too easy to guess/],
      ['azertyuiop12', /too easy to guess/],
    ])('should refuse the initial password %j with a 400 saying why, and create no one', async (password, why) => {
      const email = newEmail();
      const response = await invite(org.id, org.manager.token, { email, password });
      expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'password', code: expect.stringMatching(/^(lengthBetween|weakPassword)$/), message: expect.stringMatching(why) })]);
      expect(await userCount(email)).toBe(0);
    });

    it("should refuse a password holding the person's email", async () => {
      const email = `jeanne.dumont@${uniqueSuffix()}.example.test`;
      for (const password of [email, `${email}!2026`, 'Jeanne.Dumont-2026!']) {
        const response = await invite(org.id, org.manager.token, { email, password });
        expectProblem(response, 400, CommonProblem.ValidationFailed);
        expect(response.body.errors).toEqual([{ field: 'password', code: 'passwordContainsEmail', message: 'must not contain your email address' }]);
      }
      expect(await userCount(email)).toBe(0);
    });

    it('should refuse a guessable new password with a 400 on newPassword, and keep the current one', async () => {
      for (const newPassword of ['password1234', org.volunteer.email, 'short']) {
        const response = await changePassword(org.volunteer.token, { currentPassword: PASSWORD, newPassword });
        expectProblem(response, 400, CommonProblem.ValidationFailed);
        expect(response.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      }
      await expect(login(system, org.volunteer.email, PASSWORD)).resolves.toEqual(expect.any(String));
    });
  });

  describe('first login with the initial password', () => {
    it('should answer passwordChangeRequired and a token good only for GET /me and POST /me/password, then full access once changed and accepted', async () => {
      const email = newEmail('first');
      expect((await invite(org.id, org.manager.token, { email })).status).toBe(201);

      const first = await postLogin({ email, password: INITIAL_PASSWORD, organizationId: org.id });
      expect(first.status, JSON.stringify(first.body)).toBe(200);
      expect(first.body).toMatchObject({ organization: null, role: null, passwordChangeRequired: true, refreshToken: null, user: { email, name: 'Typed By The Manager' } });
      const limited = first.body.accessToken as string;
      expect((await system.http.get('/api/v1/me').set(bearer(limited))).body).toMatchObject({ organization: null, role: null, passwordChangeRequired: true });
      for (const refused of [
        system.http.get('/api/v1/organizations').set(bearer(limited)),
        system.http.get('/api/v1/companies').set(bearer(limited)),
        system.http.get('/api/v1/me/invitations').set(bearer(limited)),
        system.http.post(`/api/v1/me/invitations/${org.id}/accept`).set(bearer(limited)),
      ]) {
        const response = await refused;
        expectProblem(response, 403, CommonProblem.Forbidden);
        expect(response.body.detail).toMatch(/POST \/api\/v1\/me\/password/);
      }

      expectProblem(await changePassword(limited, { currentPassword: 'not-the-initial-one', newPassword: PASSWORD }), 400, CommonProblem.ValidationFailed);
      const same = await changePassword(limited, { currentPassword: INITIAL_PASSWORD, newPassword: INITIAL_PASSWORD });
      expectProblem(same, 400, CommonProblem.ValidationFailed);
      expect(same.body.errors).toEqual([{ field: 'newPassword', code: 'samePassword', message: 'must differ from the current password' }]);
      const changed = await changePassword(limited, { currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD });
      expect(changed.status, JSON.stringify(changed.body)).toBe(204);

      expectProblem(await postLogin({ email, password: INITIAL_PASSWORD }), 401);
      const unaccepted = await postLogin({ email, password: PASSWORD });
      expect(unaccepted.body).toMatchObject({ organization: null, role: null, passwordChangeRequired: false });
      expect((await answer(unaccepted.body.accessToken, org.id, 'accept')).status).toBe(204);
      const full = await postLogin({ email, password: PASSWORD });
      expect(full.body).toMatchObject({ organization: { id: org.id }, role: 'volunteer', passwordChangeRequired: false });
      expect((await system.http.get('/api/v1/companies').set(bearer(full.body.accessToken))).status).toBe(200);
    });

    it('should let anyone change their own password, after which only the new one logs in and older sessions cannot refresh', async () => {
      const member = await addMember(system, other.id, other.manager.token, 'viewer');
      const { refreshToken } = (await postLogin({ email: member.email, password: PASSWORD })).body;
      const newPassword = 'trois baleines sous la digue';
      expect((await changePassword(member.token, { currentPassword: PASSWORD, newPassword })).status).toBe(204);
      expectProblem(await system.http.post('/api/v1/auth/refresh').send({ refreshToken }), 401);
      expectProblem(await postLogin({ email: member.email, password: PASSWORD }), 401);
      expect((await postLogin({ email: member.email, password: newPassword })).body).toMatchObject({ role: 'viewer', passwordChangeRequired: false });
    });
  });

  describe('invitations', () => {
    it('should list pending invitations, accept one (active) and decline the other (gone)', async () => {
      const email = newEmail('twice-invited');
      expect((await invite(org.id, org.manager.token, { email, role: 'viewer' })).status).toBe(201);
      expect((await invite(other.id, other.manager.token, { email, role: 'manager' })).status).toBe(201);
      const token = await ownPasswordToken(email);

      const listed = await invitations(token);
      expect(listed.status).toBe(200);
      expect(listed.body).toEqual(
        [
          { organization: { id: org.id, name: org.name }, role: 'viewer' },
          { organization: { id: other.id, name: other.name }, role: 'manager' },
        ].sort((a, b) => a.organization.name.localeCompare(b.organization.name)),
      );

      expect((await answer(token, other.id, 'decline')).status).toBe(204);
      expect((await membersOf(other.id, other.manager.token)).some((m) => m.email === email)).toBe(false);
      expect((await answer(token, org.id, 'accept')).status).toBe(204);
      expect((await membersOf(org.id, org.manager.token)).find((m) => m.email === email)).toMatchObject({ status: 'active' });
      expect((await invitations(token)).body).toEqual([]);

      // Nothing pending any more: both answers are 404, as for an organisation that does not exist.
      expectProblem(await answer(token, org.id, 'accept'), 404, CommonProblem.NotFound);
      expectProblem(await answer(token, other.id, 'decline'), 404, CommonProblem.NotFound);
      expectProblem(await answer(token, randomUUID(), 'accept'), 404, CommonProblem.NotFound);
      expect((await postLogin({ email, password: PASSWORD })).body).toMatchObject({ organization: { id: org.id }, role: 'viewer' });
    });

    it('should keep an invited person out of the organisation until they accept', async () => {
      const email = newEmail('not-yet');
      const invited = await invite(org.id, org.manager.token, { email, role: 'manager' });
      const token = await ownPasswordToken(email);
      expect((await membersOf(org.id, org.manager.token)).find((m) => m.userId === invited.body.userId)).toMatchObject({ status: 'invited' });
      // Naming the organisation does not help: the membership does not count until accepted.
      const named = await postLogin({ email, password: PASSWORD, organizationId: org.id });
      expect(named.body).toMatchObject({ organization: null, role: null });
      for (const refused of [
        system.http.get(`/api/v1/organizations/${org.id}/members`).set(bearer(token)),
        system.http.get('/api/v1/companies').set(bearer(token)),
        system.http.post('/api/v1/companies').set(bearer(token)).send({ name: 'Boulangerie Test' }),
      ]) {
        const response = await refused;
        expectProblem(response, 403, CommonProblem.Forbidden);
        expect(response.body.detail).toMatch(/accept an invitation/);
      }
    });

    it('should not count an invited manager as another manager: the last active one stays (422)', async () => {
      const created = await system.http.post('/api/v1/organizations').set(bearer(admin)).send({ name: `Solo ${uniqueSuffix()}`, kind: 'club' });
      const solo = await addMember(system, created.body.id, admin, 'manager');
      expect((await invite(created.body.id, admin, { role: 'manager' })).status).toBe(201);
      const member = (await membersOf(created.body.id, admin)).find((m) => m.userId === solo.userId)!;
      const demote = await system.http
        .patch(`/api/v1/organizations/${created.body.id}/members/${solo.userId}`)
        .set(bearer(admin))
        .set('If-Match', `"${member.version}"`)
        .send({ role: 'viewer' });
      expectProblem(demote, 422);
      expect(demote.body.type).toBe('/problems/identity/last-manager');
    });

    it('should refuse invitation routes without a token', async () => {
      expectProblem(await system.http.get('/api/v1/me/invitations'), 401);
      expectProblem(await system.http.post(`/api/v1/me/invitations/${org.id}/accept`), 401);
    });
  });

  describe('what the inviting manager learns', () => {
    it('should answer the same, with the typed name, whether or not the email has an account', async () => {
      // An account of the other organisation, with its own name and password.
      const existing = await activateMemberNamed('Stored Secret Name');
      const forNew = await invite(org.id, org.manager.token, { name: 'Typed Name' });
      const forExisting = await invite(org.id, org.manager.token, { email: existing.email, name: 'Typed Name', password: 'quite-another-initial-password' });
      expect(forNew.status).toBe(201);
      expect(forExisting.status, JSON.stringify(forExisting.body)).toBe(201);
      expect(Object.keys(forExisting.body).sort()).toEqual(Object.keys(forNew.body).sort());
      const { userId: _a, id: _b, email: _c, createdAt: _d, updatedAt: _e, ...sameForNew } = forNew.body;
      const { userId: _f, id: _g, email: _h, createdAt: _i, updatedAt: _j, ...sameForExisting } = forExisting.body;
      expect(sameForExisting).toEqual(sameForNew);
      expect(forExisting.body).toMatchObject({ email: existing.email, name: 'Typed Name', status: 'invited', version: 1 });

      const listed = await membersOf(org.id, org.manager.token);
      expect(listed.find((m) => m.email === existing.email)).toMatchObject({ name: 'Typed Name', status: 'invited' });
      expect(JSON.stringify([forExisting.body, listed])).not.toContain('Stored Secret Name');
      // The existing account keeps its own password, and is not asked to change it.
      expectProblem(await postLogin({ email: existing.email, password: 'quite-another-initial-password' }), 401);
      expect((await postLogin({ email: existing.email, password: PASSWORD })).body).toMatchObject({ passwordChangeRequired: false, organization: { id: other.id } });
    });

    /** A person of the other organisation whose own name is `name`. */
    async function activateMemberNamed(name: string): Promise<{ email: string }> {
      const email = newEmail('existing');
      expect((await invite(other.id, other.manager.token, { email, name })).status).toBe(201);
      await activateMember(system, other.id, email);
      return { email };
    }

    it('should answer like any invitation, and make no membership, when the platform administrator is invited', async () => {
      const forNew = await invite(org.id, org.manager.token, { name: 'Someone' });
      const forAdmin = await invite(org.id, org.manager.token, { email: ADMIN_EMAIL, name: 'Someone' });
      expect(forAdmin.status, JSON.stringify(forAdmin.body)).toBe(201);
      expect(Object.keys(forAdmin.body).sort()).toEqual(Object.keys(forNew.body).sort());
      expect(forAdmin.body).toMatchObject({ email: ADMIN_EMAIL, name: 'Someone', role: 'volunteer', status: 'invited', organizationId: org.id });
      expect(await countRows('SELECT count(*) AS n FROM identity.membership m JOIN identity.app_user u ON u.id = m.user_id WHERE u.email = $1', [ADMIN_EMAIL])).toBe(0);
      expect((await postLogin({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).body).toMatchObject({ organization: null, role: 'admin' });
      // Inviting again answers the same (no 409 telling it apart).
      expect((await invite(org.id, admin, { email: ADMIN_EMAIL })).status).toBe(201);
    });

    it('should end a burst of identical invitations with one account, one membership, one 201 and 409s, never a 500', async () => {
      const body = { email: newEmail('burst'), name: 'Burst', role: 'viewer', password: INITIAL_PASSWORD };
      const responses = await Promise.all(Array.from({ length: 6 }, () => postMember(org.id, org.manager.token, body)));
      expect(responses.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect(await userCount(body.email)).toBe(1);
      expect(await countRows('SELECT count(*) AS n FROM identity.membership m JOIN identity.app_user u ON u.id = m.user_id WHERE u.email = $1', [body.email])).toBe(1);
    });
  });
});
