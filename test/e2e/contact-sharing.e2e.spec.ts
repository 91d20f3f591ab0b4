import { type Actor, ContactsProblem, ListSharedContacts } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, adminToken, bearer, type Member, problemOf, testPerson } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullConventionBody } from '../support/valid-bodies.js';

/** An organisation of the test, with its one member and that member as the envelope's actor. */
interface Party {
  id: string;
  member: Member;
  actor: Actor;
}

/** How long a party removed from a convention may still read the owner's contacts (docs/sharing.md: "within seconds"). */
const REVOCATION_MAX_MS = 10_000;

/**
 * The internal subject `contacts.v1.contact.list-shared` (docs/sharing.md) through the real system:
 * a chamber of trades signs a convention that a club joins as a partner; the club's members read the
 * chamber's contacts of a company on that subject (what a shared campaign's claim card asks), an
 * outsider never does, the club stops as soon as it leaves the convention, and no public route leads there.
 */
describe('contacts shared with the parties of a convention', () => {
  let system: TestSystem;
  let client: NatsRpcClient;
  let raw: NatsConnection;
  let chamber: Party;
  let club: Party;
  let outsider: Party;
  let conventionId: string;
  let companyId: string;
  let chamberContacts: Record<string, unknown>[];

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies', 'contacts', 'conventions'] });
    client = new NatsRpcClient(system.nats.url, 'contact-sharing-test', 5000);
    await client.connect();
    raw = await connect({ servers: system.nats.url });
    const admin = await adminToken(system);
    [chamber, club, outsider] = await Promise.all([organization(admin, 'chamber', 'manager'), organization(admin, 'club', 'volunteer'), organization(admin, 'club', 'manager')]);

    const convention = await system.http.post('/api/v1/conventions').set(bearer(chamber.member.token)).send(fullConventionBody([chamber.id], [club.id]));
    expect(convention.status, JSON.stringify(convention.body)).toBe(201);
    conventionId = convention.body.id;
    companyId = await createdCompany(chamber);
    await addedContact(chamber, companyId, testPerson());
    await addedContact(chamber, companyId, { ...testPerson(), optedOut: true });
    const listed = await system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(chamber.member.token));
    expect(listed.status).toBe(200);
    chamberContacts = listed.body.items;
    expect(chamberContacts).toHaveLength(2);

    // The contacts service learns the parties from the conventions service's event.
    await expectEventually(async () => {
      const parties = await system.database.query(`SELECT organization_id FROM contacts.convention_party WHERE convention_id = $1`, [conventionId]);
      expect(parties).toHaveLength(2);
    });
    // Every member's activation hashes passwords (argon2): slow on a busy machine.
  }, 120_000);
  afterAll(async () => {
    await raw?.close();
    await client?.close();
    await system?.close();
  });

  /** An organisation with the one member this test needs (fewer members, fewer password hashes). */
  async function organization(admin: string, kind: string, role: 'manager' | 'volunteer'): Promise<Party> {
    const response = await system.http.post('/api/v1/organizations').set(bearer(admin)).send({ name: `Org ${uniqueSuffix()}`, kind });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    const member = await addMember(system, response.body.id, admin, role);
    return { id: response.body.id, member, actor: { userId: member.userId, organizationId: response.body.id, role } };
  }
  async function createdCompany(owner: Party): Promise<string> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.member.token)).send({ name: `Boulangerie ${uniqueSuffix()}`, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id;
  }
  async function addedContact(owner: Party, company: string, body: object): Promise<void> {
    const response = await system.http.post(`/api/v1/companies/${company}/contacts`).set(bearer(owner.member.token)).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }
  const listShared = (actor: Actor, data: Partial<ListSharedContacts.Request> = {}) =>
    client.request(ListSharedContacts, { companyId, ownerOrganizationId: chamber.id, conventionId, ...data } as ListSharedContacts.Request, { actor, requestId: randomUUID() });
  const companyNotFound = { status: 404, type: ContactsProblem.CompanyNotFound };

  it("should answer the chamber's contacts, as the chamber lists them, opted-out ones flagged, when a member of the partner club asks", async () => {
    // Any role reads: the contacts service checks organisations, the campaigns service roles.
    for (const role of ['volunteer', 'viewer'] as const) {
      const page = await listShared({ ...club.actor, userId: randomUUID(), role });
      expect(page).toEqual({ items: chamberContacts, nextCursor: null });
    }
    expect(chamberContacts.filter((contact) => contact.optedOut)).toHaveLength(1);
  });

  it('should page like the owner\'s list when a limit is given', async () => {
    const first = await listShared(club.actor, { limit: 1 });
    expect(first.items).toEqual([chamberContacts[0]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listShared(club.actor, { limit: 1, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [chamberContacts[1]], nextCursor: null });
  });

  it('should answer 404 like an unknown company when an organisation outside the convention asks', async () => {
    expect(await problemOf(listShared(outsider.actor))).toMatchObject(companyNotFound);
  });

  it('should answer 404 when the named owner is not a party, or the company is not the owner\'s', async () => {
        expect(await problemOf(listShared(club.actor, { ownerOrganizationId: outsider.id }))).toMatchObject(companyNotFound);
    const outsiderCompany = await createdCompany(outsider);
    await addedContact(outsider, outsiderCompany, testPerson());
    expect(await problemOf(listShared(club.actor, { companyId: outsiderCompany }))).toMatchObject(companyNotFound);
    expect(await problemOf(listShared(club.actor, { companyId: randomUUID() }))).toMatchObject(companyNotFound);
    expect(await problemOf(listShared(club.actor, { conventionId: randomUUID() }))).toMatchObject(companyNotFound);
  });

  it('should answer 400 naming the field when the convention or the owner is missing', async () => {
    const problem = await problemOf(listShared(club.actor, { conventionId: undefined, ownerOrganizationId: 'chamber' }));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((error) => error.field).sort()).toEqual(['conventionId', 'ownerOrganizationId']);
  });

  it("should reach the subject by no public route: the club still gets 404 on the chamber's company contacts", async () => {
    // A plain subscription sees every message on the subject, whichever instance of the queue group answers it.
    const spy: Subscription = raw.subscribe(ListSharedContacts.subject);
    await raw.flush();
    try {
      const contactId = chamberContacts[0]!.id as string;
      expect((await system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(club.member.token))).status).toBe(404);
      expect((await system.http.get(`/api/v1/contacts/${contactId}`).set(bearer(club.member.token))).status).toBe(404);
      expect((await system.http.get(`/api/v1/companies/${companyId}`).set(bearer(club.member.token))).status).toBe(404);
      await raw.flush();
      expect(spy.getReceived()).toBe(0);
      // The spy does see the subject when it is asked.
      await listShared(club.actor);
      await expectEventually(() => expect(spy.getReceived()).toBe(1));
    } finally {
      spy.unsubscribe();
    }
  });

  // Last: it drops the club from the convention.
  it('should answer 404 within seconds when the convention drops the club', async () => {
        expect((await listShared(club.actor)).items).toHaveLength(2);
    const dropped = await system.http
      .patch(`/api/v1/conventions/${conventionId}`)
      .set(bearer(chamber.member.token))
      .set('If-Match', '"1"')
      .send({ parties: [{ organizationId: chamber.id, role: 'signatory' }] });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    const changedAt = Date.now();
    await expectEventually(async () => expect(await problemOf(listShared(club.actor))).toMatchObject(companyNotFound), REVOCATION_MAX_MS, 100);
    expect(Date.now() - changedAt).toBeLessThan(REVOCATION_MAX_MS);
    // The chamber's own list is untouched.
    const own = await system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(chamber.member.token));
    expect(own.body.items).toEqual(chamberContacts);
  });
});
