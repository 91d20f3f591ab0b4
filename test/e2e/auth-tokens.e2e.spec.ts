import { CommonProblem } from '@app/contracts';
import { uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, adminToken, bearer, createOrganization, login, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, TestSystem } from '../support/system.js';

// The gateway's secret in TestSystem.startGateway, and the claims it signs (apps/gateway/src/auth).
const SECRET = 'test-secret-test-secret-test-secret-0123456789';
const ISSUER = 'filon';
const AUDIENCE = 'filon-api';
const PROBLEM_JSON = /^application\/problem\+json/;

const base64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The body of a problem without the parts that name this particular request. */
const withoutRequest = ({ requestId: _requestId, instance: _instance, ...rest }: Record<string, unknown>) => rest;

function expectProblem(response: Response, status: number, type?: string): void {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
  expect(response.body).toMatchObject({ status, title: expect.any(String), requestId: expect.any(String) });
  if (type) expect(response.body.type).toBe(type);
}

describe('login and tokens through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let other: TestOrganization;

  const postLogin = (body: Record<string, unknown>) => system.http.post('/api/v1/auth/login').send(body);
  const me = (token?: string) => {
    const request = system.http.get('/api/v1/me');
    return token === undefined ? request : request.set(bearer(token));
  };

  beforeAll(async () => {
    // Identity lives in the gateway: no domain service is needed here.
    system = await TestSystem.start({ services: [] });
    org = await createOrganization(system);
    other = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('POST /auth/login', () => {
    it('should answer the token, user, organisation and role when a member logs in', async () => {
      const response = await postLogin({ email: org.volunteer.email, password: PASSWORD });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({
        accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        refreshToken: expect.stringMatching(/^[\w-]{43}$/),
        refreshTokenExpiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/),
        user: { id: org.volunteer.userId, email: org.volunteer.email, name: 'A volunteer' },
        organization: { id: org.id, name: org.name },
        role: 'volunteer',
      });
      expect(Date.parse(response.body.expiresAt)).toBeGreaterThan(Date.now());
    });

    it('should accept the email in any case when logging in', async () => {
      const response = await postLogin({ email: `  ${org.viewer.email.toUpperCase()} `, password: PASSWORD });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.user).toMatchObject({ id: org.viewer.userId, email: org.viewer.email });
      expect(response.body.role).toBe('viewer');
    });

    it('should list the organisations in a 400 when a user of several organisations names none', async () => {
      const admin = await adminToken(system);
      const both = await addMember(system, org.id, admin, 'viewer');
      await addMember(system, other.id, admin, 'manager', both.email);
      const response = await postLogin({ email: both.email, password: PASSWORD });
      expectProblem(response, 400);
      expect(response.body.organizations).toHaveLength(2);
      expect(response.body.organizations).toEqual(
        expect.arrayContaining([
          { id: org.id, name: org.name, role: 'viewer' },
          { id: other.id, name: other.name, role: 'manager' },
        ]),
      );
      expect(response.body).not.toHaveProperty('accessToken');
    });

    it('should log in to the named organisation when a user of several organisations names one', async () => {
      const admin = await adminToken(system);
      const both = await addMember(system, org.id, admin, 'viewer');
      await addMember(system, other.id, admin, 'manager', both.email);
      const response = await postLogin({ email: both.email, password: PASSWORD, organizationId: other.id });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ user: { id: both.userId }, organization: { id: other.id, name: other.name }, role: 'manager' });
      const session = await me(response.body.accessToken);
      expect(session.body).toMatchObject({ organization: { id: other.id }, role: 'manager' });
    });

    it('should answer 400 when the user names an organisation they are not in', async () => {
      const response = await postLogin({ email: org.manager.email, password: PASSWORD, organizationId: other.id });
      expectProblem(response, 400);
      expect(response.body).not.toHaveProperty('accessToken');
    });

    it('should answer the same 401 when the password is wrong as when the email is unknown', async () => {
      const wrongPassword = await postLogin({ email: org.manager.email, password: 'not-the-password' });
      const unknownEmail = await postLogin({ email: `nobody.${uniqueSuffix()}@example.test`, password: 'not-the-password' });
      expectProblem(wrongPassword, 401, CommonProblem.Unauthenticated);
      expectProblem(unknownEmail, 401, CommonProblem.Unauthenticated);
      expect(withoutRequest(unknownEmail.body)).toEqual(withoutRequest(wrongPassword.body));
      expect(unknownEmail.headers['content-type']).toBe(wrongPassword.headers['content-type']);
    });

    it('should answer 403 when the user belongs to no organisation', async () => {
      const admin = await adminToken(system);
      const leaver = await addMember(system, org.id, admin, 'volunteer');
      const removed = await system.http.delete(`/api/v1/organizations/${org.id}/members/${leaver.userId}`).set(bearer(admin));
      expect(removed.status).toBe(204);
      const response = await postLogin({ email: leaver.email, password: PASSWORD });
      expectProblem(response, 403, CommonProblem.Forbidden);
    });

    it('should give the administrator the admin role and no organisation when the admin logs in', async () => {
      const response = await postLogin({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD });
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ user: { email: ADMIN_EMAIL, name: expect.any(String) }, organization: null, role: 'admin' });
      const session = await me(response.body.accessToken);
      expect(session.status).toBe(200);
      expect(session.body).toEqual({ user: response.body.user, organization: null, role: 'admin' });
    });

    it('should answer 429 with Retry-After even with the right password when one email failed too often', async () => {
      const target = await addMember(system, org.id, org.manager.token, 'viewer');
      // After LOGIN_FAILURES_BEFORE_DELAY (5) failures the account waits; the email counts whatever its case.
      for (let attempt = 0; attempt < 5; attempt++) {
        const email = attempt % 2 ? target.email.toUpperCase() : target.email;
        expectProblem(await postLogin({ email, password: `wrong-password-${attempt}` }), 401);
      }
      const blocked = await postLogin({ email: target.email, password: PASSWORD });
      expectProblem(blocked, 429, CommonProblem.TooManyRequests);
      expect(blocked.headers['retry-after']).toMatch(/^\d+$/);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(blocked.body).not.toHaveProperty('accessToken');
      // The same address may still log in with another email.
      const neighbour = await postLogin({ email: org.volunteer.email, password: PASSWORD });
      expect(neighbour.status, JSON.stringify(neighbour.body)).toBe(200);
    });

    it('should reset the count of an email when a login succeeds before the limit', async () => {
      const target = await addMember(system, org.id, org.manager.token, 'viewer');
      for (let attempt = 0; attempt < 4; attempt++) expectProblem(await postLogin({ email: target.email, password: 'wrong-password' }), 401);
      await login(system, target.email, PASSWORD);
      for (let attempt = 0; attempt < 4; attempt++) expectProblem(await postLogin({ email: target.email, password: 'wrong-password' }), 401);
      expect((await postLogin({ email: target.email, password: PASSWORD })).status).toBe(200);
    });
  });

  describe('GET /me and token checks (RFC 8725)', () => {
    // The membership version the gateway signed into the manager's real token: a token built here needs it too.
    const claimsOf = (member = org.manager) => ({ sub: member.userId, org: org.id, role: 'manager', mv: (jwt.decode(member.token) as { mv: number }).mv });
    const sign = (options: jwt.SignOptions & { secret?: string; payload?: object } = {}) => {
      const { secret = SECRET, payload = claimsOf(), ...rest } = options;
      return jwt.sign(payload, secret, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE, expiresIn: 600, ...rest });
    };

    it('should return the user, organisation and role of the token when it is valid', async () => {
      const response = await me(org.volunteer.token);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toEqual({
        user: { id: org.volunteer.userId, email: org.volunteer.email, name: 'A volunteer' },
        organization: { id: org.id, name: org.name },
        role: 'volunteer',
      });
    });

    it('should accept a token built here with the gateway secret, issuer and audience when nothing is wrong', async () => {
      // The control for the forged tokens below: each differs from this one in a single respect.
      const response = await me(sign());
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body).toMatchObject({ user: { id: org.manager.userId }, organization: { id: org.id }, role: 'manager' });
    });

    it('should answer 401 when there is no token', async () => {
      expectProblem(await me(), 401, CommonProblem.Unauthenticated);
      expectProblem(await system.http.get('/api/v1/me').set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`), 401);
    });

    it('should answer 401 when the token is not a JWT', async () => {
      expectProblem(await me('not-a-token'), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the token is signed with another secret', async () => {
      expectProblem(await me(sign({ secret: 'another-secret-another-secret-another-0123' })), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the token says alg none', async () => {
      const now = Math.floor(Date.now() / 1000);
      const payload = { ...claimsOf(), iss: ISSUER, aud: AUDIENCE, iat: now, exp: now + 600 };
      const unsigned = `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(payload)}.`;
      expectProblem(await me(unsigned), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the token has another issuer', async () => {
      expectProblem(await me(sign({ issuer: 'someone-else' })), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the token has another audience', async () => {
      expectProblem(await me(sign({ audience: 'another-api' })), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the token has no issuer or no audience', async () => {
      const payload = { ...claimsOf(), exp: Math.floor(Date.now() / 1000) + 600 };
      expectProblem(await me(jwt.sign({ ...payload, aud: AUDIENCE }, SECRET, { algorithm: 'HS256' })), 401);
      expectProblem(await me(jwt.sign({ ...payload, iss: ISSUER }, SECRET, { algorithm: 'HS256' })), 401);
    });

    it('should answer 401 when the token has expired', async () => {
      const past = Math.floor(Date.now() / 1000) - 120;
      const expired = jwt.sign({ ...claimsOf(), iat: past - 600, exp: past }, SECRET, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE });
      expectProblem(await me(expired), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 once a token accepted a moment ago has expired (verified tokens are remembered only until exp)', async () => {
      const now = Math.floor(Date.now() / 1000);
      const shortLived = jwt.sign({ ...claimsOf(), iat: now, exp: now + 2 }, SECRET, { algorithm: 'HS256', issuer: ISSUER, audience: AUDIENCE });
      expect((await me(shortLived)).status).toBe(200);
      expect((await me(shortLived)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, (now + 2) * 1000 - Date.now() + 50));
      expectProblem(await me(shortLived), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when an accepted token is replayed with one character of its signature changed', async () => {
      const token = sign();
      expect((await me(token)).status).toBe(200);
      const last = token.at(-2) === 'A' ? 'B' : 'A';
      expectProblem(await me(`${token.slice(0, -2)}${last}${token.at(-1)}`), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the token is signed with HS512 and the right secret', async () => {
      expectProblem(await me(sign({ algorithm: 'HS512' })), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when the signed role is not a known role', async () => {
      expectProblem(await me(sign({ payload: { ...claimsOf(), role: 'superuser' } })), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 on routes other than /me when the token is forged', async () => {
      const forged = sign({ secret: 'another-secret-another-secret-another-0123' });
      expectProblem(await system.http.get('/api/v1/organizations').set(bearer(forged)), 401);
      expectProblem(await system.http.get(`/api/v1/organizations/${org.id}/members`).set(bearer(forged)), 401);
    });

    it('should answer 401 when a well-signed token names a user that does not exist', async () => {
      expectProblem(await me(sign({ payload: { ...claimsOf(), sub: randomUUID() } })), 401);
    });

    it('should answer 401 when a well-signed organisation token carries no membership version', async () => {
      const { mv: _mv, ...withoutVersion } = claimsOf();
      expectProblem(await me(sign({ payload: withoutVersion })), 401, CommonProblem.Unauthenticated);
    });

    it('should answer 401 when a well-signed token carries another membership version than the live one', async () => {
      expectProblem(await me(sign({ payload: { ...claimsOf(), mv: claimsOf().mv + 1_000_000 } })), 401, CommonProblem.Unauthenticated);
    });
  });
});
