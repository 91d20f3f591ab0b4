import type { Problem, Role } from '@app/contracts';
import { UpstreamProblemError } from '@app/platform';
import { uniqueSuffix } from '@app/testing';
import { expect } from 'vitest';
import { ADMIN_EMAIL, ADMIN_PASSWORD, type TestSystem } from './system.js';

export interface Member {
  userId: string;
  email: string;
  token: string;
}

export interface TestOrganization {
  id: string;
  name: string;
  manager: Member;
  volunteer: Member;
  viewer: Member;
}

export const bearer = (token: string): { Authorization: string } => ({ Authorization: `Bearer ${token}` });

export async function login(system: TestSystem, email: string, password: string, organizationId?: string): Promise<string> {
  const response = await system.http.post('/api/v1/auth/login').send({ email, password, ...(organizationId ? { organizationId } : {}) });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body.accessToken as string;
}

export const adminToken = (system: TestSystem): Promise<string> => login(system, ADMIN_EMAIL, ADMIN_PASSWORD);

/** The password every test member ends up with (their own, chosen after the initial one). */
export const PASSWORD = 'a-long-enough-password';
/** The initial password a manager types for a new member; it must be changed at first login. */
export const INITIAL_PASSWORD = 'initial-password-from-the-manager';

/** Answers 204, or fails the test with the problem it got. */
async function expectNoContent(request: Promise<{ status: number; body: unknown }>): Promise<void> {
  const response = await request;
  expect(response.status, JSON.stringify(response.body)).toBe(204);
}

/**
 * Makes an invited person an active member ready to log in, the way the person does it: log in with
 * the initial password, choose their own (PASSWORD), accept the invitation. A person who already has
 * an account (and PASSWORD) only accepts.
 */
export async function activateMember(system: TestSystem, organizationId: string, email: string): Promise<string> {
  const first = await system.http.post('/api/v1/auth/login').send({ email, password: INITIAL_PASSWORD });
  if (first.status === 200) {
    expect(first.body.passwordChangeRequired).toBe(true);
    await expectNoContent(
      system.http.post('/api/v1/me/password').set(bearer(first.body.accessToken)).send({ currentPassword: INITIAL_PASSWORD, newPassword: PASSWORD }),
    );
  }
  // Any token answers invitations: a member of several organisations names one of theirs.
  let session = await system.http.post('/api/v1/auth/login').send({ email, password: PASSWORD });
  if (session.status === 400) session = await system.http.post('/api/v1/auth/login').send({ email, password: PASSWORD, organizationId: session.body.organizations[0].id });
  expect(session.status, JSON.stringify(session.body)).toBe(200);
  await expectNoContent(system.http.post(`/api/v1/me/invitations/${organizationId}/accept`).set(bearer(session.body.accessToken)));
  return login(system, email, PASSWORD, organizationId);
}

/** Invites a member through the API; the person accepts and logs in (see activateMember). */
export async function addMember(system: TestSystem, organizationId: string, token: string, role: Exclude<Role, 'admin'>, email?: string): Promise<Member> {
  const address = email ?? `${role}.${uniqueSuffix()}@example.test`;
  const response = await system.http
    .post(`/api/v1/organizations/${organizationId}/members`)
    .set(bearer(token))
    .send({ email: address, name: `A ${role}`, role, password: INITIAL_PASSWORD });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return { userId: response.body.userId as string, email: address, token: await activateMember(system, organizationId, address) };
}

/** An organisation with a manager, a volunteer and a viewer, all created through the public API. */
export async function createOrganization(system: TestSystem, name = `Org ${uniqueSuffix()}`, kind = 'club'): Promise<TestOrganization> {
  const admin = await adminToken(system);
  const response = await system.http.post('/api/v1/organizations').set(bearer(admin)).send({ name, kind });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  const id = response.body.id as string;
  const manager = await addMember(system, id, admin, 'manager');
  // Side by side: each activation hashes and verifies passwords several times (argon2, on the thread pool).
  const [volunteer, viewer] = await Promise.all([addMember(system, id, manager.token, 'volunteer'), addMember(system, id, manager.token, 'viewer')]);
  return { id, name, manager, volunteer, viewer };
}

/**
 * What a client sends in If-Match before a change: the ETag a GET of `path` answers, or "1" when
 * `token` cannot read it (another organisation's id answers 404 whatever the version).
 */
export async function currentEtag(system: TestSystem, path: string, token: string): Promise<string> {
  const response = await system.http.get(path).set(bearer(token));
  return response.status === 200 ? (response.headers.etag as string) : '"1"';
}

export interface WalkedPages<T> {
  items: T[];
  pages: number;
}

/**
 * Follows `nextCursor` from the first page to the last, checking each page answers 200 and holds at
 * most `limit` items; stops after `maxPages` so that a cursor that never ends fails the test.
 */
export async function walkPages<T = Record<string, unknown>>(system: TestSystem, path: string, token: string, limit: number, maxPages = 100): Promise<WalkedPages<T>> {
  const items: T[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const response = await system.http
      .get(path)
      .query({ limit, ...(cursor ? { cursor } : {}) })
      .set(bearer(token));
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    expect(response.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...(response.body.items as T[]));
    cursor = response.body.nextCursor as string | null;
    pages++;
  } while (cursor !== null && pages < maxPages);
  expect(cursor, 'the walk should reach a last page').toBeNull();
  return { items, pages };
}

/** The problem a NATS request to a service was answered with; fails the test when it succeeded or failed otherwise. */
export async function problemOf(request: Promise<unknown>): Promise<Problem> {
  const error = await request.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(UpstreamProblemError);
  return (error as UpstreamProblemError).problem;
}

export { testPerson } from './test-people.js';
