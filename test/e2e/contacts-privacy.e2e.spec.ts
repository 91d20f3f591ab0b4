import { EVENTS_STREAM } from '@app/contracts';
import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, currentEtag, testPerson as uniquePerson, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

type Body = Record<string, unknown> & { id: string };
interface AuditItem {
  action: string;
  actor: { userId: string; role: string; name: string | null } | null;
  fields: string[];
  occurredAt: string;
  requestId: string | null;
}

describe('personal data: erasure, export, audit trail and opt-out', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let company: Body;

  beforeAll(async () => {
    system = await TestSystem.start();
    org = await createOrganization(system);
    company = await createCompany();
  });
  afterAll(() => system?.close());

  async function createCompany(): Promise<Body> {
    const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ name: `Boulangerie ${uniqueSuffix()}`, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  async function addContact(body: object, token = org.manager.token, headers: Record<string, string> = {}, companyId = company.id): Promise<Body> {
    const response = await system.http.post(`/api/v1/companies/${companyId}/contacts`).set(bearer(token)).set(headers).send(body);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }
  /** A change based on the version the caller reads just before (If-Match). */
  const patch = async (token: string, id: string, body: object, headers: Record<string, string> = {}) =>
    system.http
      .patch(`/api/v1/contacts/${id}`)
      .set(bearer(token))
      .set('If-Match', await currentEtag(system, `/api/v1/contacts/${id}`, token))
      .set(headers)
      .send(body);
  const exportOf = (token: string, id: string) => system.http.get(`/api/v1/contacts/${id}/export`).set(bearer(token));
  const auditOf = (token: string, id: string, query: Record<string, string | number> = {}) =>
    system.http.get('/api/v1/audit').query({ entity: 'contact', id, ...query }).set(bearer(token));
  const optOutRow = (contactId: string) => system.database.query(`SELECT * FROM "campaigns"."contact_opt_out" WHERE contact_id = $1`, [contactId]);

  /** Every text-like column (text, varchar, char, json, jsonb, arrays) of every table of every schema that holds one of `needles`. */
  async function columnsHolding(needles: string[]): Promise<string[]> {
    const columns = await system.database.query<{ table_schema: string; table_name: string; column_name: string }>(
      `SELECT c.table_schema, c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND c.table_schema NOT LIKE 'pg_toast%'
          AND c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY')`,
    );
    expect(columns.length).toBeGreaterThan(20);
    const patterns = needles.map((needle) => `%${needle}%`);
    const hits: string[] = [];
    for (const { table_schema, table_name, column_name } of columns) {
      const [row] = await system.database.query<{ n: string }>(
        `SELECT count(*) AS n FROM "${table_schema}"."${table_name}" WHERE "${column_name}"::text ILIKE ANY($1::text[])`,
        [patterns],
      );
      if (Number(row!.n) > 0) hits.push(`${table_schema}.${table_name}.${column_name}`);
    }
    return hits;
  }

  /** Every message the event stream holds, as text with its subject. */
  async function streamMessages(): Promise<{ subject: string; text: string }[]> {
    const connection = await connect({ servers: system.nats.url });
    try {
      const manager = await jetstreamManager(connection);
      const { state } = await manager.streams.info(EVENTS_STREAM);
      const messages: { subject: string; text: string }[] = [];
      for (let seq = state.first_seq; seq <= state.last_seq && state.messages > 0; seq++) {
        const message = await manager.streams.getMessage(EVENTS_STREAM, { seq }).catch(() => null);
        if (message) messages.push({ subject: message.subject, text: message.string() });
      }
      return messages;
    } finally {
      await connection.close();
    }
  }

  describe('erasure (DELETE /contacts/{id})', () => {
    it('should leave nothing of the person in any table of any schema nor in the event stream when a manager erases them', async () => {
      const person = uniquePerson();
      const needles = [person.firstName, person.lastName, person.email, person.phone, person.notes];
      const contact = await addContact({ ...person, optedOut: true }, org.volunteer.token, { 'Idempotency-Key': randomUUID() });
      expect((await patch(org.manager.token, contact.id, { jobTitle: 'Co-gérante' }, { 'Idempotency-Key': randomUUID() })).status).toBe(200);
      expect((await exportOf(org.manager.token, contact.id)).status).toBe(200);
      await expectEventually(async () => expect(await optOutRow(contact.id)).toHaveLength(1));
      // The scan can fail: before the erasure it finds the person, idempotent answers included.
      expect(await columnsHolding(needles)).toEqual(expect.arrayContaining(['contacts.contact.last_name', 'contacts.idempotency_key.response']));

      const erased = await system.http.delete(`/api/v1/contacts/${contact.id}`).set(bearer(org.manager.token));
      expect(erased.status).toBe(204);

      await expectEventually(async () => expect(await optOutRow(contact.id)).toEqual([]));
      expect(await columnsHolding(needles)).toEqual([]);
      const messages = await streamMessages();
      expect(messages.filter(({ text }) => needles.some((needle) => text.toLowerCase().includes(needle.toLowerCase())))).toEqual([]);
      // Nor in any log line of any process (requests are logged without their bodies).
      expect(system.logs.lines.filter((line) => needles.some((needle) => JSON.stringify(line).includes(needle)))).toEqual([]);
      const erasedEvent = messages.find(({ subject, text }) => subject === 'events.contacts.contact.erased' && text.includes(contact.id));
      expect(JSON.parse(erasedEvent!.text).data).toEqual({ id: contact.id, organizationId: org.id, companyId: company.id });
      // The trail stays, with ids and actions only.
      const audit = await auditOf(org.manager.token, contact.id);
      expect(audit.status).toBe(200);
      expect(audit.body.items.map((entry: AuditItem) => entry.action)).toEqual(['created', 'opted_out', 'updated', 'exported', 'erased']);
      expect((await system.http.get(`/api/v1/contacts/${contact.id}`).set(bearer(org.manager.token))).status).toBe(404);
      expect((await exportOf(org.manager.token, contact.id)).status).toBe(404);
    });

    it("should erase the contacts and campaigns' opt-out records when their company is deleted", async () => {
      const target = await createCompany();
      const contact = await addContact({ ...uniquePerson(), optedOut: true }, org.manager.token, {}, target.id);
      await expectEventually(async () => expect(await optOutRow(contact.id)).toHaveLength(1));
      expect((await system.http.delete(`/api/v1/companies/${target.id}`).set(bearer(org.manager.token))).status).toBe(204);
      await expectEventually(async () => expect(await optOutRow(contact.id)).toEqual([]));
      expect(await system.database.query(`SELECT id FROM "contacts"."contact" WHERE id = $1`, [contact.id])).toEqual([]);
    });
  });

  describe('personal data and the logs', () => {
    it("should log a failed insert's code and constraint but not the row it refused (name, email, phone)", async () => {
      const person = uniquePerson();
      // A constraint the service does not expect: PostgreSQL's error detail then holds the whole refused row.
      await system.database.query(`ALTER TABLE "contacts"."contact" ADD CONSTRAINT "test_refuses_person" CHECK ("last_name" <> '${person.lastName}') NOT VALID`);
      try {
        const response = await system.http.post(`/api/v1/companies/${company.id}/contacts`).set(bearer(org.manager.token)).send(person);
        expect(response.status).toBe(500);
        expect(JSON.stringify(response.body)).not.toContain(person.email);
        const lines = system.logs.forRequest(response.body.requestId as string).map((line) => JSON.stringify(line));
        const failure = lines.find((line) => line.includes('test_refuses_person'));
        expect(failure, 'the error is logged with its constraint name').toBeDefined();
        expect(failure).toContain('23514');
        for (const value of [person.email, person.phone, person.lastName, person.notes]) expect(lines.join('\n')).not.toContain(value);
      } finally {
        await system.database.query(`ALTER TABLE "contacts"."contact" DROP CONSTRAINT "test_refuses_person"`);
      }
    });
  });

  describe('an Idempotency-Key whose result was erased', () => {
    const contactsOf = async (lastName: string) =>
      system.database.query<{ id: string }>(`SELECT id FROM "contacts"."contact" WHERE organization_id = $1 AND last_name = $2`, [org.id, lastName]);
    const keyRow = async (key: string) =>
      system.database.query<{ response: unknown; erased_at: Date | null; fingerprint: string }>(
        `SELECT response, erased_at, fingerprint FROM "contacts"."idempotency_key" WHERE organization_id = $1 AND key = $2`,
        [org.id, key],
      );

    it('should answer 410 and create nothing when the create is replayed after the person was erased', async () => {
      const person = { ...uniquePerson(), optedOut: true };
      const key = randomUUID();
      const contact = await addContact(person, org.manager.token, { 'Idempotency-Key': key });
      // Before the erasure, the same key replays the stored answer (the same contact, not a second one).
      const replay = await system.http.post(`/api/v1/companies/${company.id}/contacts`).set(bearer(org.manager.token)).set('Idempotency-Key', key).send(person);
      expect(replay.status).toBe(201);
      expect(replay.body.id).toBe(contact.id);
      expect((await system.http.delete(`/api/v1/contacts/${contact.id}`).set(bearer(org.manager.token))).status).toBe(204);
      const [record] = await keyRow(key);
      expect(record).toMatchObject({ response: null, erased_at: expect.any(Date), fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/) });

      const afterErasure = await system.http.post(`/api/v1/companies/${company.id}/contacts`).set(bearer(org.manager.token)).set('Idempotency-Key', key).send(person);
      expect(afterErasure.status, JSON.stringify(afterErasure.body)).toBe(410);
      expect(afterErasure.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(afterErasure.body).toMatchObject({ type: '/problems/idempotent-result-erased', status: 410 });
      expect(await contactsOf(person.lastName)).toEqual([]);
      // The same key with another body is still a misuse of the key (422), not a way around the 410.
      const other = await system.http.post(`/api/v1/companies/${company.id}/contacts`).set(bearer(org.manager.token)).set('Idempotency-Key', key).send({ lastName: 'Autre' });
      expect(other.status).toBe(422);
    });

    it('should mark the key erased and create nothing on replay when the contact was erased with its company', async () => {
      const target = await createCompany();
      const person = uniquePerson();
      const key = randomUUID();
      const contact = await addContact(person, org.manager.token, { 'Idempotency-Key': key }, target.id);
      expect((await system.http.delete(`/api/v1/companies/${target.id}`).set(bearer(org.manager.token))).status).toBe(204);
      await expectEventually(async () => expect(await system.database.query(`SELECT id FROM "contacts"."contact" WHERE id = $1`, [contact.id])).toEqual([]));
      expect(await keyRow(key)).toEqual([expect.objectContaining({ response: null, erased_at: expect.any(Date) })]);
      const replay = await system.http.post(`/api/v1/companies/${target.id}/contacts`).set(bearer(org.manager.token)).set('Idempotency-Key', key).send(person);
      // The company is gone too, which is checked first: 404, and nothing created either way.
      expect(replay.status, JSON.stringify(replay.body)).toBe(404);
      expect(await contactsOf(person.lastName)).toEqual([]);
    });
  });

  describe('right of access (GET /contacts/{id}/export)', () => {
    it('should return every section, the contact with its audit trail and the campaigns record, when a manager exports', async () => {
      const contact = await addContact({ ...uniquePerson(), optedOut: true }, org.volunteer.token);
      await expectEventually(async () => expect(await optOutRow(contact.id)).toHaveLength(1));
      const response = await exportOf(org.manager.token, contact.id);
      expect(response.status, JSON.stringify(response.body)).toBe(200);
      expect(response.body.contactId).toBe(contact.id);
      expect(Date.parse(response.body.exportedAt)).not.toBeNaN();
      expect(Object.keys(response.body.sections).sort()).toEqual(['campaigns', 'contacts']);
      const { contacts, campaigns } = response.body.sections;
      expect(contacts.contact).toEqual(contact);
      expect(contacts.auditTrail.map((entry: AuditItem) => entry.action)).toEqual(['created', 'opted_out', 'exported']);
      expect(campaigns.contactOptOut).toEqual({ contactId: contact.id, companyId: company.id, optedOutAt: expect.any(String) });
    });

    it('should give an empty campaigns record (no opt-out, no call) when the person never objected nor was called', async () => {
      const contact = await addContact(uniquePerson());
      const response = await exportOf(org.manager.token, contact.id);
      expect(response.status).toBe(200);
      expect(response.body.sections.campaigns).toEqual({ contactOptOut: null, calls: [] });
    });

    it.each(['volunteer', 'viewer'] as const)('should answer 403 and record nothing when a %s exports', async (role) => {
      const contact = await addContact(uniquePerson());
      expect((await exportOf(org[role].token, contact.id)).status).toBe(403);
      const actions = await system.database.query<{ action: string }>(`SELECT action FROM "contacts"."audit_entry" WHERE entity_id = $1`, [contact.id]);
      expect(actions.map((row) => row.action)).toEqual(['created']);
    });
  });

  describe('audit trail (GET /audit?entity=contact&id=)', () => {
    it('should tell who did what and when, with field names and never values, when a manager reads it', async () => {
      const person = uniquePerson();
      const started = Date.now();
      const ids = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
      const contact = await addContact(person, org.volunteer.token, { 'X-Request-Id': ids[0]! });
      expect((await patch(org.manager.token, contact.id, { phone: '03 28 12 34 56', jobTitle: 'Boulangère', notes: person.notes }, { 'X-Request-Id': ids[1]! })).status).toBe(200);
      expect((await patch(org.volunteer.token, contact.id, { optedOut: true }, { 'X-Request-Id': ids[2]! })).status).toBe(200);
      expect((await exportOf(org.manager.token, contact.id).set('X-Request-Id', ids[3]!)).status).toBe(200);

      const response = await auditOf(org.manager.token, contact.id);
      expect(response.status).toBe(200);
      const items = response.body.items as AuditItem[];
      const volunteer = { userId: org.volunteer.userId, role: 'volunteer', name: 'A volunteer' };
      const manager = { userId: org.manager.userId, role: 'manager', name: 'A manager' };
      expect(items).toEqual([
        expect.objectContaining({ action: 'created', actor: volunteer, fields: ['firstName', 'lastName', 'jobTitle', 'phone', 'email', 'notes', 'lawfulBasis'], requestId: ids[0] }),
        // The notes were sent unchanged: only what really changed is named.
        expect.objectContaining({ action: 'updated', actor: manager, fields: ['jobTitle', 'phone'], requestId: ids[1] }),
        expect.objectContaining({ action: 'opted_out', actor: volunteer, fields: ['optedOut'], requestId: ids[2] }),
        expect.objectContaining({ action: 'exported', actor: manager, fields: [], requestId: ids[3] }),
      ]);
      for (const item of items) {
        expect(Date.parse(item.occurredAt)).toBeGreaterThanOrEqual(started - 1000);
        expect(Date.parse(item.occurredAt)).toBeLessThanOrEqual(Date.now() + 1000);
      }
      for (const value of Object.values(person)) expect(JSON.stringify(response.body)).not.toContain(value);
    });

    it('should walk every entry exactly once when read in pages of two', async () => {
      const contact = await addContact(uniquePerson());
      for (const jobTitle of ['A', 'B', 'C', 'D']) expect((await patch(org.manager.token, contact.id, { jobTitle })).status).toBe(200);
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await auditOf(org.manager.token, contact.id, { limit: 2, ...(cursor ? { cursor } : {}) });
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((entry: { id: string }) => entry.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const rows = await system.database.query<{ id: string }>(`SELECT id FROM "contacts"."audit_entry" WHERE entity_id = $1 ORDER BY sequence`, [contact.id]);
      expect(seen).toEqual(rows.map((row) => row.id));
      expect(seen).toHaveLength(5);
    });

    it('should keep a request id that is not a UUID out of the trail when a client sends free text as X-Request-Id', async () => {
      const contact = await addContact(uniquePerson(), org.manager.token, { 'X-Request-Id': `club-export-${uniqueSuffix()}` });
      const [entry] = (await auditOf(org.manager.token, contact.id)).body.items as AuditItem[];
      expect(entry).toMatchObject({ action: 'created', requestId: null });
    });

    it('should replace a request id holding an email with a generated one, so that the email reaches neither the logs nor the trail', async () => {
      const person = uniquePerson();
      const response = await system.http
        .post(`/api/v1/companies/${company.id}/contacts`)
        .set(bearer(org.manager.token))
        .set('X-Request-Id', person.email)
        .send(person);
      expect(response.status, JSON.stringify(response.body)).toBe(201);
      const generated = response.headers['x-request-id'] as string;
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      const [entry] = (await auditOf(org.manager.token, response.body.id as string)).body.items as AuditItem[];
      expect(entry).toMatchObject({ action: 'created', requestId: generated });
      expect(system.logs.forRequest(person.email)).toEqual([]);
    });

    it.each(['volunteer', 'viewer'] as const)('should answer 403 when a %s reads the trail', async (role) => {
      const contact = await addContact(uniquePerson());
      expect((await auditOf(org[role].token, contact.id)).status).toBe(403);
    });

    it.each([
      ['an unknown entity', { entity: 'company', id: randomUUID() }, 'entity'],
      ['an id that is not a UUID', { entity: 'contact', id: '42' }, 'id'],
      ['no id', { entity: 'contact' }, 'id'],
    ])('should answer 400 naming the parameter when the query has %s', async (_label, query, field) => {
      const response = await system.http.get('/api/v1/audit').query(query).set(bearer(org.manager.token));
      expect(response.status).toBe(400);
      expect(response.body.errors.map((error: { field: string }) => error.field)).toContain(field);
    });

    it('should answer 404 when no contact of the organisation ever had this id', async () => {
      expect((await auditOf(org.manager.token, randomUUID())).status).toBe(404);
    });

    describe('append-only, enforced by PostgreSQL', () => {
      let entryId: string;

      beforeAll(async () => {
        const contact = await addContact(uniquePerson());
        [{ id: entryId }] = await system.database.query<{ id: string }>(`SELECT id FROM "contacts"."audit_entry" WHERE entity_id = $1`, [contact.id]);
      });

      it.each([
        ['UPDATE', () => system.database.query(`UPDATE "contacts"."audit_entry" SET action = 'exported' WHERE id = $1`, [entryId])],
        ['DELETE', () => system.database.query(`DELETE FROM "contacts"."audit_entry" WHERE id = $1`, [entryId])],
        ['TRUNCATE', () => system.database.query(`TRUNCATE "contacts"."audit_entry"`)],
      ])('should refuse %s on an audit entry when run directly in SQL', async (_verb, run) => {
        await expect(run()).rejects.toThrow(/append-only/);
        const [row] = await system.database.query<{ action: string }>(`SELECT action FROM "contacts"."audit_entry" WHERE id = $1`, [entryId]);
        expect(row).toEqual({ action: 'created' });
      });

      it('should refuse an entry whose fields hold anything but field names', async () => {
        await expect(
          system.database.query(
            `INSERT INTO "contacts"."audit_entry" (organization_id, entity, entity_id, action, fields) VALUES ($1, 'contact', $2, 'updated', ARRAY['Dupont'])`,
            [org.id, randomUUID()],
          ),
        ).rejects.toThrow(/audit_entry_fields_check/);
      });
    });
  });

  describe('opt-out', () => {
    it('should stamp the objection and have campaigns record it, then forget it when the objection is withdrawn', async () => {
      const contact = await addContact(uniquePerson(), org.volunteer.token);
      const optedOut = await patch(org.volunteer.token, contact.id, { optedOut: true });
      expect(optedOut.status).toBe(200);
      expect(optedOut.body.optedOut).toBe(true);
      expect(Date.parse(optedOut.body.optedOutAt)).not.toBeNaN();
      await expectEventually(async () =>
        expect(await optOutRow(contact.id)).toEqual([{ contact_id: contact.id, company_id: company.id, organization_id: org.id, opted_out_at: expect.any(Date) }]),
      );
      // Opting out again changes nothing: same stamp, no second event.
      const again = await patch(org.manager.token, contact.id, { optedOut: true });
      expect(again.body.optedOutAt).toBe(optedOut.body.optedOutAt);

      const withdrawn = await patch(org.manager.token, contact.id, { optedOut: false });
      expect(withdrawn.body).toMatchObject({ optedOut: false, optedOutAt: null });
      await expectEventually(async () => expect(await optOutRow(contact.id)).toEqual([]));
      const events = (await streamMessages()).filter(({ text }) => text.includes(contact.id)).map(({ subject }) => subject);
      expect(events).toEqual(['events.contacts.contact.opted-out', 'events.contacts.contact.opted-in']);
    });

    it("should reach campaigns' company summary when a company is marked doNotCall", async () => {
      const target = await createCompany();
      const marked = await system.http.patch(`/api/v1/companies/${target.id}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ doNotCall: true });
      expect(marked.status).toBe(200);
      await expectEventually(async () => {
        const [row] = await system.database.query<{ do_not_call: boolean }>(`SELECT do_not_call FROM "campaigns"."company_summary" WHERE id = $1`, [target.id]);
        expect(row).toEqual({ do_not_call: true });
      });
    });
  });

  // Last: it stops a service (and starts it again).
  describe('an export when a service cannot answer', () => {
    it('should answer 503 rather than a partial export when campaigns is down', async () => {
      const contact = await addContact(uniquePerson());
      await system.stopService('campaigns');
      try {
        const response = await exportOf(org.manager.token, contact.id);
        expect(response.status).toBe(503);
        expect(response.body.sections).toBeUndefined();
      } finally {
        await system.startService('campaigns');
      }
    });
  });
});
