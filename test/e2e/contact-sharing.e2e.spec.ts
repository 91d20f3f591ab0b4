import { type Actor, ContactsProblem, ListSharedContacts } from '@app/contracts';
import { NatsRpcClient } from '@app/platform';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { connect, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type Member, problemOf, type TestOrganization, testPerson } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullConventionBody } from '../support/valid-bodies.js';

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
  let chamber: TestOrganization;
  let club: TestOrganization;
  let outsider: TestOrganization;
  let conventionId: string;
  let companyId: string;
  let chamberContacts: Record<string, unknown>[];

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies', 'contacts', 'conventions'] });
    client = new NatsRpcClient(system.nats.url, 'contact-sharing-test', 5000);
    await client.connect();
    raw = await connect({ servers: system.nats.url });
    [chamber, club, outsider] = await Promise.all([1, 2, 3].map(() => createOrganization(system)));

    const convention = await system.http.post('/api/v1/conventions').set(bearer(chamber.manager.token)).send(fullConventionBody([chamber.id], [club.id]));
    expect(convention.status, JSON.stringify(convention.body)).toBe(201);
    conventionId = convention.body.id;
    companyId = await createdCompany(chamber);
    await addedContact(chamber, companyId, testPerson());
    await addedContact(chamber, companyId, { ...testPerson(), optedOut: true });
    const listed = await system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(chamber.volunteer.token));
    expect(listed.status).toBe(200);
    chamberContacts = listed.body.items;
    expect(chamberContacts).toHaveLength(2);

    // The contacts service learns the parties from the conventions service's event.
    await expectEventually(async () => {
      const parties = await system.database.query(`SELECT organization_id FROM contacts.convention_party WHERE convention_id = $1`, [conventionId]);
      expect(parties).toHaveLength(2);
    });
    // Three organisations of three members each: every activation hashes passwords (argon2).
  }, 120_000);
  afterAll(async () => {
    await raw?.close();
    await client?.close();
    await system?.close();
  });

  async function createdCompany(owner: TestOrganization): Promise<string> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send({ name: `Boulangerie ${uniqueSuffix()}`, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id;
  }
  async function addedContact(owner: TestOrganization, company: string, body: object): Promise<void> {
    const response = await system.http.post(`/api/v1/companies/${company}/contacts`).set(bearer(owner.manager.token)).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
  }
  const actorOf = (organization: TestOrganization, member: Member, role: Actor['role']): Actor => ({ userId: member.userId, organizationId: organization.id, role });
  const listShared = (actor: Actor, data: Partial<ListSharedContacts.Request> = {}) =>
    client.request(ListSharedContacts, { companyId, ownerOrganizationId: chamber.id, conventionId, ...data } as ListSharedContacts.Request, { actor, requestId: randomUUID() });
  const companyNotFound = { status: 404, type: ContactsProblem.CompanyNotFound };

  it("should answer the chamber's contacts, as the chamber lists them, opted-out ones flagged, when a member of the partner club asks", async () => {
    for (const [member, role] of [
      [club.volunteer, 'volunteer'],
      [club.viewer, 'viewer'],
    ] as const) {
      const page = await listShared(actorOf(club, member, role));
      expect(page).toEqual({ items: chamberContacts, nextCursor: null });
    }
    expect(chamberContacts.filter((contact) => contact.optedOut)).toHaveLength(1);
  });

  it('should page like the owner\'s list when a limit is given', async () => {
    const first = await listShared(actorOf(club, club.volunteer, 'volunteer'), { limit: 1 });
    expect(first.items).toEqual([chamberContacts[0]]);
    expect(first.nextCursor).not.toBeNull();
    const second = await listShared(actorOf(club, club.volunteer, 'volunteer'), { limit: 1, cursor: first.nextCursor! });
    expect(second).toEqual({ items: [chamberContacts[1]], nextCursor: null });
  });

  it('should answer 404 like an unknown company when an organisation outside the convention asks', async () => {
    expect(await problemOf(listShared(actorOf(outsider, outsider.manager, 'manager')))).toMatchObject(companyNotFound);
  });

  it('should answer 404 when the named owner is not a party, or the company is not the owner\'s', async () => {
    const club_ = actorOf(club, club.volunteer, 'volunteer');
    expect(await problemOf(listShared(club_, { ownerOrganizationId: outsider.id }))).toMatchObject(companyNotFound);
    const outsiderCompany = await createdCompany(outsider);
    await addedContact(outsider, outsiderCompany, testPerson());
    expect(await problemOf(listShared(club_, { companyId: outsiderCompany }))).toMatchObject(companyNotFound);
    expect(await problemOf(listShared(club_, { companyId: randomUUID() }))).toMatchObject(companyNotFound);
    expect(await problemOf(listShared(club_, { conventionId: randomUUID() }))).toMatchObject(companyNotFound);
  });

  it('should answer 400 naming the field when the convention or the owner is missing', async () => {
    const problem = await problemOf(listShared(actorOf(club, club.volunteer, 'volunteer'), { conventionId: undefined, ownerOrganizationId: 'chamber' }));
    expect(problem.status).toBe(400);
    expect(problem.errors?.map((error) => error.field).sort()).toEqual(['conventionId', 'ownerOrganizationId']);
  });

  it("should reach the subject by no public route: the club still gets 404 on the chamber's company contacts", async () => {
    // A plain subscription sees every message on the subject, whichever instance of the queue group answers it.
    const spy: Subscription = raw.subscribe(ListSharedContacts.subject);
    await raw.flush();
    try {
      const contactId = chamberContacts[0]!.id as string;
      for (const member of [club.manager, club.volunteer, club.viewer]) {
        expect((await system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(member.token))).status).toBe(404);
        expect((await system.http.get(`/api/v1/contacts/${contactId}`).set(bearer(member.token))).status).toBe(404);
      }
      expect((await system.http.get(`/api/v1/companies/${companyId}`).set(bearer(club.manager.token))).status).toBe(404);
      await raw.flush();
      expect(spy.getReceived()).toBe(0);
      // The spy does see the subject when it is asked.
      await listShared(actorOf(club, club.volunteer, 'volunteer'));
      await expectEventually(() => expect(spy.getReceived()).toBe(1));
    } finally {
      spy.unsubscribe();
    }
  });

  // Last: it drops the club from the convention.
  it('should answer 404 within seconds when the convention drops the club', async () => {
    const club_ = actorOf(club, club.volunteer, 'volunteer');
    expect((await listShared(club_)).items).toHaveLength(2);
    const dropped = await system.http
      .patch(`/api/v1/conventions/${conventionId}`)
      .set(bearer(chamber.manager.token))
      .set('If-Match', '"1"')
      .send({ parties: [{ organizationId: chamber.id, role: 'signatory' }] });
    expect(dropped.status, JSON.stringify(dropped.body)).toBe(200);
    const changedAt = Date.now();
    await expectEventually(async () => expect(await problemOf(listShared(club_))).toMatchObject(companyNotFound), REVOCATION_MAX_MS, 100);
    expect(Date.now() - changedAt).toBeLessThan(REVOCATION_MAX_MS);
    // The chamber's own list is untouched.
    const own = await system.http.get(`/api/v1/companies/${companyId}/contacts`).set(bearer(chamber.viewer.token));
    expect(own.body.items).toEqual(chamberContacts);
  });
});
