import { newSiret } from '@app/testing';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type Member, type TestOrganization, walkPages } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;

/** The problem without the fields that name this very request. */
const comparable = (response: Response): Record<string, unknown> => {
  const { instance: _instance, requestId: _requestId, ...rest } = response.body as Record<string, unknown>;
  return rest;
};

describe('tenancy: one organisation never reaches another', () => {
  let system: TestSystem;
  let a: TestOrganization;
  let b: TestOrganization;
  let company: Record<string, unknown> & { id: string };

  beforeAll(async () => {
    system = await TestSystem.start();
    [a, b] = [await createOrganization(system), await createOrganization(system)];
    const created = await system.http
      .post('/api/v1/companies')
      .set(bearer(a.manager.token))
      .send({ name: 'Boulangerie de A', siret: newSiret(), address: { postalCode: '59140', city: 'Dunkerque' } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    company = created.body;
    // B has companies of its own, so its list pages are not trivially empty.
    for (const name of ['Boulangerie de B 1', 'Boulangerie de B 2', 'Boulangerie de B 3']) {
      const own = await system.http.post('/api/v1/companies').set(bearer(b.manager.token)).send({ name, siret: newSiret() });
      expect(own.status).toBe(201);
    }
  });
  afterAll(() => system?.close());

  // Roles, not members: `it.each` reads its table before beforeAll has created the members.
  const ROLES = ['manager', 'volunteer', 'viewer'] as const;
  const memberOfB = (role: (typeof ROLES)[number]): Member => b[role];

  type Verb = (token: string, id: string) => Promise<Response>;
  const verbs: [string, Verb][] = [
    ['GET', (token, id) => system.http.get(`/api/v1/companies/${id}`).set(bearer(token))],
    ['PATCH', (token, id) => system.http.patch(`/api/v1/companies/${id}`).set(bearer(token)).set('If-Match', '"1"').send({ name: 'Pris par B' })],
    ['DELETE', (token, id) => system.http.delete(`/api/v1/companies/${id}`).set(bearer(token))],
  ];

  describe.each(verbs)('%s /companies/{id} of another organisation', (verb, send) => {
    it.each(ROLES)(`should answer 404, never 403, when B's %s sends ${verb} for A's company`, async (role) => {
      const response = await send(memberOfB(role).token, company.id);
      expect(response.status).toBe(404);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it.each(ROLES)(`should answer exactly as for an unknown id when B's %s sends ${verb} for A's company`, async (role) => {
      const token = memberOfB(role).token;
      const [theirs, unknown] = [await send(token, company.id), await send(token, randomUUID())];
      expect(theirs.status).toBe(unknown.status);
      expect(theirs.headers['content-type']).toBe(unknown.headers['content-type']);
      expect(comparable(theirs)).toEqual(comparable(unknown));
      expect(JSON.stringify(comparable(theirs))).not.toContain(company.id);
      expect(theirs.body.instance).toBe(`/api/v1/companies/${company.id}`);
    });
  });

  it("should leave A's company unchanged when B's members have tried every verb on it", async () => {
    for (const [, send] of verbs) for (const role of ROLES) await send(memberOfB(role).token, company.id);
    const after = await system.http.get(`/api/v1/companies/${company.id}`).set(bearer(a.viewer.token));
    expect(after.status).toBe(200);
    expect(after.body).toEqual(company);
    const rows = await system.database.query<{ name: string; version: number; organization_id: string }>(
      `SELECT name, version, organization_id FROM "companies"."company" WHERE id = $1`,
      [company.id],
    );
    expect(rows).toEqual([{ name: 'Boulangerie de A', version: 1, organization_id: a.id }]);
  });

  it.each(ROLES)("should never list A's company when B's %s walks every page of the list", async (role) => {
    const { items: seen } = await walkPages<{ id: string; organizationId: string }>(system, '/api/v1/companies', memberOfB(role).token, 1);
    expect(seen.length).toBe(3);
    expect(seen.every((item) => item.organizationId === b.id)).toBe(true);
    expect(seen.map((item) => item.id)).not.toContain(company.id);
  });

  it("should still list A's company for A, so the list test above is not vacuous", async () => {
    const response = await system.http.get('/api/v1/companies?limit=200').set(bearer(a.viewer.token));
    expect(response.status).toBe(200);
    expect(response.body.items.map((item: { id: string }) => item.id)).toEqual([company.id]);
  });

  describe('members of another organisation', () => {
    type MemberVerb = (token: string, organizationId: string, userId: string) => Promise<Response>;
    const memberVerbs: [string, MemberVerb][] = [
      ['GET', (token, orgId) => system.http.get(`/api/v1/organizations/${orgId}/members`).set(bearer(token))],
      [
        'POST',
        (token, orgId) =>
          system.http
            .post(`/api/v1/organizations/${orgId}/members`)
            .set(bearer(token))
            .send({ email: `intrus.${randomUUID()}@example.test`, name: 'Intrus', role: 'viewer', password: 'a-long-enough-password' }),
      ],
      ['PATCH', (token, orgId, userId) => system.http.patch(`/api/v1/organizations/${orgId}/members/${userId}`).set(bearer(token)).set('If-Match', '"1"').send({ role: 'manager' })],
      ['DELETE', (token, orgId, userId) => system.http.delete(`/api/v1/organizations/${orgId}/members/${userId}`).set(bearer(token))],
    ];

    it.each(memberVerbs)("should answer 404 as for an unknown organisation when B's manager sends %s to A's members", async (_verb, send) => {
      const theirs = await send(b.manager.token, a.id, a.volunteer.userId);
      const unknown = await send(b.manager.token, randomUUID(), a.volunteer.userId);
      expect(theirs.status).toBe(404);
      expect(theirs.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(comparable(theirs)).toEqual(comparable(unknown));
    });

    it("should leave A's members unchanged when B's manager has tried every members route", async () => {
      for (const [, send] of memberVerbs) await send(b.manager.token, a.id, a.volunteer.userId);
      const response = await system.http.get(`/api/v1/organizations/${a.id}/members?limit=200`).set(bearer(a.manager.token));
      expect(response.status).toBe(200);
      const roles = Object.fromEntries((response.body.items as { userId: string; role: string }[]).map((m) => [m.userId, m.role]));
      expect(roles).toEqual({ [a.manager.userId]: 'manager', [a.volunteer.userId]: 'volunteer', [a.viewer.userId]: 'viewer' });
    });
  });
});
