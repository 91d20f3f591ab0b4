import { CommonProblem } from '@app/contracts';
import { expectEventually, uniqueSuffix } from '@app/testing';
import { createHash } from 'node:crypto';
import type supertest from 'supertest';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sessions } from '../../apps/gateway/src/auth/sessions.js';
import { addMember, adminToken, bearer, createOrganization, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestSystem } from '../support/system.js';

// The rule: removal and role changes take effect within 5 s for tokens already issued, on every replica.
const EFFECTIVE_WITHIN_MS = 5_000;
const LAST_MANAGER = '/problems/identity/last-manager';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

function expectProblem(response: Response, status: number, type?: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (type) expect(response.body.type).toBe(type);
}

describe('sessions: revocation, refresh tokens and the last manager', () => {
  let system: TestSystem;
  let admin: string;

  const http = () => system.http;
  const membersPath = (orgId: string) => `/api/v1/organizations/${orgId}/members`;
  const memberPath = (orgId: string, userId: string) => `${membersPath(orgId)}/${userId}`;

  async function loginPair(email: string, organizationId?: string): Promise<TokenPair> {
    const response = await http().post('/api/v1/auth/login').send({ email, password: PASSWORD, ...(organizationId ? { organizationId } : {}) });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body as TokenPair;
  }
  const refresh = (refreshToken: string, agent: supertest.Agent = http()) => agent.post('/api/v1/auth/refresh').send({ refreshToken });
  const me = (token: string, agent: supertest.Agent = http()) => agent.get('/api/v1/me').set(bearer(token));

  /** The member's current version, read by the administrator (PATCH needs it in If-Match). */
  async function versionOf(orgId: string, userId: string): Promise<number> {
    const response = await http().get(`${membersPath(orgId)}?limit=200`).set(bearer(admin));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const member = (response.body.items as { userId: string; version: number }[]).find((item) => item.userId === userId);
    if (!member) throw new Error(`${userId} is not a member of ${orgId}`);
    return member.version;
  }
  async function changeRole(orgId: string, userId: string, role: string, token: string): Promise<Response> {
    const version = await versionOf(orgId, userId);
    return http().patch(memberPath(orgId, userId)).set(bearer(token)).set('If-Match', `"${version}"`).send({ role });
  }
  const removeMember = (orgId: string, userId: string, token: string) => http().delete(memberPath(orgId, userId)).set(bearer(token));
  async function rolesOf(orgId: string): Promise<Map<string, string>> {
    const response = await http().get(`${membersPath(orgId)}?limit=200`).set(bearer(admin));
    expect(response.status).toBe(200);
    return new Map((response.body.items as { userId: string; role: string }[]).map((item) => [item.userId, item.role]));
  }
  /** An organisation whose only member is one manager. */
  async function organizationWithOneManager(): Promise<{ id: string; managerId: string; managerToken: string }> {
    const created = await http().post('/api/v1/organizations').set(bearer(admin)).send({ name: `Solo ${uniqueSuffix()}`, kind: 'club' });
    expect(created.status).toBe(201);
    const manager = await addMember(system, created.body.id as string, admin, 'manager');
    return { id: created.body.id as string, managerId: manager.userId, managerToken: manager.token };
  }

  beforeAll(async () => {
    // Identity lives in the gateway: no domain service is needed.
    system = await TestSystem.start({ services: [] });
    admin = await adminToken(system);
  });
  afterAll(() => system?.close());

  describe('removal and role changes take effect for tokens already issued', () => {
    let org: TestOrganization;
    beforeAll(async () => {
      org = await createOrganization(system);
    });

    it('should refuse the access token of a removed member (401) at once, and their refresh token', async () => {
      const leaver = await addMember(system, org.id, org.manager.token, 'volunteer');
      const { refreshToken } = await loginPair(leaver.email);
      expect((await me(leaver.token)).status).toBe(200);
      expect((await removeMember(org.id, leaver.userId, org.manager.token)).status).toBe(204);
      expectProblem(await me(leaver.token), 401, CommonProblem.Unauthenticated);
      expectProblem(await refresh(refreshToken), 401, CommonProblem.Unauthenticated);
    });

    it('should take the manager rights from a downgraded manager at once, and refresh gives them a viewer token', async () => {
      const demoted = await addMember(system, org.id, org.manager.token, 'manager');
      const { refreshToken } = await loginPair(demoted.email);
      expect((await http().get(`${membersPath(org.id)}`).set(bearer(demoted.token))).status).toBe(200);
      expect((await changeRole(org.id, demoted.userId, 'viewer', org.manager.token)).status).toBe(200);
      expectProblem(await http().get(`${membersPath(org.id)}`).set(bearer(demoted.token)), 401, CommonProblem.Unauthenticated);
      const renewed = await refresh(refreshToken);
      expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
      expect((await me(renewed.body.accessToken)).body).toMatchObject({ role: 'viewer', organization: { id: org.id } });
      expectProblem(await http().get(`${membersPath(org.id)}`).set(bearer(renewed.body.accessToken)), 403, CommonProblem.Forbidden);
    });

    it('should defeat the self-promotion attack: a demoted manager can no longer add, remove or promote anyone, themselves included', async () => {
      const attacker = await addMember(system, org.id, org.manager.token, 'manager');
      expect((await changeRole(org.id, attacker.userId, 'viewer', org.manager.token)).status).toBe(200);
      const before = await rolesOf(org.id);

      const accomplice = await http()
        .post(membersPath(org.id))
        .set(bearer(attacker.token))
        .send({ email: `accomplice.${uniqueSuffix()}@example.test`, name: 'Accomplice', role: 'manager', password: PASSWORD });
      expect([401, 403]).toContain(accomplice.status);
      const version = await versionOf(org.id, attacker.userId);
      const promoted = await http().patch(memberPath(org.id, attacker.userId)).set(bearer(attacker.token)).set('If-Match', `"${version}"`).send({ role: 'manager' });
      expect([401, 403]).toContain(promoted.status);
      const removed = await removeMember(org.id, org.manager.userId, attacker.token);
      expect([401, 403]).toContain(removed.status);

      expect(await rolesOf(org.id)).toEqual(before);
      expect((await rolesOf(org.id)).get(attacker.userId)).toBe('viewer');
    });

    it('should defeat the attack after a removal: the removed manager cannot add themselves back', async () => {
      const attacker = await addMember(system, org.id, org.manager.token, 'manager');
      expect((await removeMember(org.id, attacker.userId, org.manager.token)).status).toBe(204);
      const readd = await http()
        .post(membersPath(org.id))
        .set(bearer(attacker.token))
        .send({ email: attacker.email, name: 'Back again', role: 'manager', password: PASSWORD });
      expectProblem(readd, 401);
      expect((await rolesOf(org.id)).has(attacker.userId)).toBe(false);
    });

    it('should accept the new token of a member removed and added again, and still refuse their old one', async () => {
      const member = await addMember(system, org.id, org.manager.token, 'volunteer');
      expect((await removeMember(org.id, member.userId, org.manager.token)).status).toBe(204);
      expectProblem(await me(member.token), 401);
      const again = await http().post(membersPath(org.id)).set(bearer(org.manager.token)).send({ email: member.email, name: 'Again', role: 'volunteer', password: PASSWORD });
      expect(again.status, JSON.stringify(again.body)).toBe(201);
      const { accessToken } = await loginPair(member.email);
      expect((await me(accessToken)).status).toBe(200);
      expectProblem(await me(member.token), 401);
    });

    it('should see a removal and a downgrade made through another replica within 5 s, through the identity events', async () => {
      // The replica keeps a membership it read for 5 s: refusing the token sooner than 5 s after it
      // first read the membership, it can only have learnt of the change from the event.
      const replicaTtlMs = 5_000;
      const replica = await system.startGatewayReplica({ MEMBERSHIP_CACHE_TTL_MS: String(replicaTtlMs) });
      const leaver = await addMember(system, org.id, org.manager.token, 'volunteer');
      const demoted = await addMember(system, org.id, org.manager.token, 'manager');
      const listAsDemoted = () => replica.get(membersPath(org.id)).set(bearer(demoted.token));

      const leaverReadAt = Date.now();
      expect((await me(leaver.token, replica)).status).toBe(200);
      expect((await removeMember(org.id, leaver.userId, org.manager.token)).status).toBe(204);
      await expectEventually(async () => expectProblem(await me(leaver.token, replica), 401), EFFECTIVE_WITHIN_MS);
      expect(Date.now() - leaverReadAt).toBeLessThan(replicaTtlMs);

      const demotedReadAt = Date.now();
      expect((await listAsDemoted()).status).toBe(200);
      expect((await changeRole(org.id, demoted.userId, 'volunteer', org.manager.token)).status).toBe(200);
      await expectEventually(async () => expectProblem(await listAsDemoted(), 401), EFFECTIVE_WITHIN_MS);
      expect(Date.now() - demotedReadAt).toBeLessThan(replicaTtlMs);

      // And an addition: the replica, which now knows the leaver as no member, accepts their next token.
      const back = await http().post(membersPath(org.id)).set(bearer(org.manager.token)).send({ email: leaver.email, name: 'Back', role: 'viewer', password: PASSWORD });
      expect(back.status).toBe(201);
      // Added again means invited: the membership counts once the person accepts it.
      const invited = await http().post('/api/v1/auth/login').send({ email: leaver.email, password: PASSWORD });
      expect((await http().post(`/api/v1/me/invitations/${org.id}/accept`).set(bearer(invited.body.accessToken))).status).toBe(204);
      const { accessToken } = await loginPair(leaver.email);
      await expectEventually(async () => {
        const accepted = await me(accessToken, replica);
        expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
        expect(accepted.body.role).toBe('viewer');
      }, EFFECTIVE_WITHIN_MS);
    });
  });

  describe('refresh tokens', () => {
    let org: TestOrganization;
    beforeAll(async () => {
      org = await createOrganization(system);
    });

    it('should give a new pair for a refresh token, whose access token works, and refuse the old refresh token (rotation)', async () => {
      const first = await loginPair(org.volunteer.email);
      const second = await refresh(first.refreshToken);
      expect(second.status, JSON.stringify(second.body)).toBe(200);
      expect(second.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresAt: expect.any(String),
        refreshToken: expect.stringMatching(/^[\w-]{43}$/),
        refreshTokenExpiresAt: expect.any(String),
      });
      expect(second.body.refreshToken).not.toBe(first.refreshToken);
      expect(Date.parse(second.body.refreshTokenExpiresAt)).toBeGreaterThan(Date.now() + 29 * 86_400_000);
      expect((await me(second.body.accessToken)).body).toMatchObject({ user: { id: org.volunteer.userId }, role: 'volunteer' });
      const third = await refresh(second.body.refreshToken);
      expect(third.status).toBe(200);
    });

    it('should revoke the whole family when a rotated refresh token is used again (reuse detection)', async () => {
      const first = await loginPair(org.volunteer.email);
      const second = await refresh(first.refreshToken);
      expect(second.status).toBe(200);
      expectProblem(await refresh(first.refreshToken), 401, CommonProblem.Unauthenticated);
      // The thief or the owner: whoever holds the newer token is logged out too.
      expectProblem(await refresh(second.body.refreshToken), 401, CommonProblem.Unauthenticated);
      // Another session of the same person is not touched.
      const other = await loginPair(org.volunteer.email);
      expect((await refresh(other.refreshToken)).status).toBe(200);
    });

    it('should let only one of two simultaneous refreshes with the same token succeed', async () => {
      const { refreshToken } = await loginPair(org.viewer.email);
      const answers = await Promise.all([refresh(refreshToken), refresh(refreshToken)]);
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
    });

    it('should refuse the refresh token after logout (204), and logout needs an access token', async () => {
      const session = await loginPair(org.viewer.email);
      expectProblem(await http().post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }), 401);
      const loggedOut = await http().post('/api/v1/auth/logout').set(bearer(session.accessToken)).send({ refreshToken: session.refreshToken });
      expect(loggedOut.status, JSON.stringify(loggedOut.body)).toBe(204);
      expectProblem(await refresh(session.refreshToken), 401, CommonProblem.Unauthenticated);
      // A second logout, or one with a token that is not the caller's, changes nothing and still answers 204.
      expect((await http().post('/api/v1/auth/logout').set(bearer(session.accessToken)).send({ refreshToken: session.refreshToken })).status).toBe(204);
      const someoneElse = await loginPair(org.volunteer.email);
      expect((await http().post('/api/v1/auth/logout').set(bearer(session.accessToken)).send({ refreshToken: someoneElse.refreshToken })).status).toBe(204);
      expect((await refresh(someoneElse.refreshToken)).status).toBe(200);
    });

    it('should answer 401 for an unknown refresh token and 400 for a missing one', async () => {
      expectProblem(await refresh('x'.repeat(43)), 401, CommonProblem.Unauthenticated);
      const missing = await http().post('/api/v1/auth/refresh').send({});
      expectProblem(missing, 400);
      expect(missing.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'refreshToken' })]));
    });

    it('should refresh an administrator session to another admin token', async () => {
      const response = await http().post('/api/v1/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
      expect(response.status).toBe(200);
      const renewed = await refresh(response.body.refreshToken);
      expect(renewed.status, JSON.stringify(renewed.body)).toBe(200);
      expect((await me(renewed.body.accessToken)).body).toMatchObject({ organization: null, role: 'admin' });
    });

    it('should store only a SHA-256 of each refresh token', async () => {
      const { refreshToken } = await loginPair(org.volunteer.email);
      const rows = await system.database.query<{ token_hash: Buffer }>(
        `SELECT "token_hash" FROM "identity"."refresh_token" WHERE "token_hash" = $1`,
        [createHash('sha256').update(refreshToken).digest()],
      );
      expect(rows).toHaveLength(1);
      const leaked = await system.database.query(`SELECT 1 FROM "identity"."refresh_token" t WHERE strpos(t::text, $1) > 0`, [refreshToken]);
      expect(leaked).toEqual([]);
    });

    it('should end every session of a user when revokeAllOfUser is called (the hook for a password change)', async () => {
      const [first, second] = [await loginPair(org.volunteer.email), await loginPair(org.volunteer.email)];
      await system.gateway!.get(Sessions).revokeAllOfUser(org.volunteer.userId);
      expectProblem(await refresh(first.refreshToken), 401);
      expectProblem(await refresh(second.refreshToken), 401);
      expect((await refresh((await loginPair(org.volunteer.email)).refreshToken)).status).toBe(200);
    });

    it('should refuse an expired refresh token, and prune it a day after it expired', async () => {
      const { refreshToken } = await loginPair(org.manager.email);
      const hash = createHash('sha256').update(refreshToken).digest();
      await system.database.query(`UPDATE "identity"."refresh_token" SET "expires_at" = now() - interval '1 hour' WHERE "token_hash" = $1`, [hash]);
      expectProblem(await refresh(refreshToken), 401, CommonProblem.Unauthenticated);
      const stored = () => system.database.query(`SELECT 1 FROM "identity"."refresh_token" WHERE "token_hash" = $1`, [hash]);
      await system.gateway!.get(Sessions).pruneExpired();
      expect(await stored()).toHaveLength(1);
      await system.gateway!.get(Sessions).pruneExpired(Date.now() + 86_400_000);
      expect(await stored()).toEqual([]);
    });

    it('should keep the membership of the session: a refresh token of one organisation refreshes into it only', async () => {
      const other = await createOrganization(system);
      await addMember(system, other.id, admin, 'manager', org.viewer.email);
      const session = await loginPair(org.viewer.email, other.id);
      expect((await removeMember(org.id, org.viewer.userId, org.manager.token)).status).toBe(204);
      const renewed = await refresh(session.refreshToken);
      expect(renewed.status).toBe(200);
      expect((await me(renewed.body.accessToken)).body).toMatchObject({ organization: { id: other.id }, role: 'manager' });
    });
  });

  describe('the last manager stays', () => {
    it('should answer 422 and change nothing when the only manager demotes or removes themselves', async () => {
      const solo = await organizationWithOneManager();
      const demote = await changeRole(solo.id, solo.managerId, 'viewer', solo.managerToken);
      expectProblem(demote, 422, LAST_MANAGER);
      expectProblem(await removeMember(solo.id, solo.managerId, solo.managerToken), 422, LAST_MANAGER);
      expect((await rolesOf(solo.id)).get(solo.managerId)).toBe('manager');
      expect((await me(solo.managerToken)).status).toBe(200);
    });

    it('should answer 422 to the platform administrator too', async () => {
      const solo = await organizationWithOneManager();
      expectProblem(await changeRole(solo.id, solo.managerId, 'volunteer', admin), 422, LAST_MANAGER);
      expectProblem(await removeMember(solo.id, solo.managerId, admin), 422, LAST_MANAGER);
      expect((await rolesOf(solo.id)).get(solo.managerId)).toBe('manager');
    });

    it('should let a manager step down once there is another manager', async () => {
      const solo = await organizationWithOneManager();
      const second = await addMember(system, solo.id, solo.managerToken, 'manager');
      expect((await changeRole(solo.id, solo.managerId, 'viewer', solo.managerToken)).status).toBe(200);
      expectProblem(await removeMember(solo.id, second.userId, second.token), 422, LAST_MANAGER);
    });

    it('should leave exactly one manager when two managers demote each other at the same time', async () => {
      for (let round = 0; round < 3; round++) {
        const solo = await organizationWithOneManager();
        const second = await addMember(system, solo.id, solo.managerToken, 'manager');
        const [firstVersion, secondVersion] = [await versionOf(solo.id, solo.managerId), await versionOf(solo.id, second.userId)];
        const answers = await Promise.all([
          http().patch(memberPath(solo.id, second.userId)).set(bearer(solo.managerToken)).set('If-Match', `"${secondVersion}"`).send({ role: 'viewer' }),
          http().patch(memberPath(solo.id, solo.managerId)).set(bearer(second.token)).set('If-Match', `"${firstVersion}"`).send({ role: 'viewer' }),
        ]);
        expect(answers.filter((answer) => answer.status === 200), JSON.stringify(answers.map((answer) => answer.body))).toHaveLength(1);
        const roles = await rolesOf(solo.id);
        expect([...roles.values()].filter((role) => role === 'manager')).toHaveLength(1);
      }
    });
  });
});
