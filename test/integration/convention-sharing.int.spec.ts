import { type ConventionChangedPayload, ConventionCreated, ConventionUpdated } from '@app/contracts';
import { ConventionSharing, type EventMessage, Inbox, sharedWithSql } from '@app/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSystem } from '../support/system.js';

type Party = ConventionChangedPayload['parties'][number];

/**
 * The convention-sharing projection (docs/sharing.md) against the contacts service's migrated schema:
 * versions decide, a newer version replaces the parties whole, and the questions asked of it.
 */
describe('ConventionSharing, the projection of convention parties', () => {
  let system: TestSystem;
  let contacts: NestFastifyApplication;
  let sharing: ConventionSharing;
  let dataSource: DataSource;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['contacts'], gateway: false });
    contacts = system.services.get('contacts')![0]!;
    sharing = contacts.get(ConventionSharing);
    dataSource = contacts.get(DataSource);
  });
  afterAll(async () => {
    await system?.close();
  });

  const signatory = (organizationId: string = randomUUID()): Party => ({ organizationId, role: 'signatory' });
  const partner = (organizationId: string = randomUUID()): Party => ({ organizationId, role: 'partner' });
  const apply = (payload: ConventionChangedPayload) => dataSource.transaction((tx) => sharing.apply(tx, payload));
  const partiesOf = (conventionId: string) =>
    system.database.query<{ organization_id: string; role: string }>(
      `SELECT organization_id, role FROM contacts.convention_party WHERE convention_id = $1 ORDER BY organization_id`,
      [conventionId],
    );
  const versionOf = async (conventionId: string): Promise<number | undefined> =>
    (await system.database.query<{ version: number }>(`SELECT version FROM contacts.convention_share WHERE convention_id = $1`, [conventionId]))[0]?.version;
  const rows = (parties: Party[]) =>
    parties.map((party) => ({ organization_id: party.organizationId, role: party.role })).sort((a, b) => a.organization_id.localeCompare(b.organization_id));

  describe('apply', () => {
    it('should record the parties when a convention is created, and replace them whole when a newer version comes', async () => {
      const id = randomUUID();
      const [chamber, agency, club, school] = [signatory(), signatory(), partner(), partner()];
      await apply({ id, version: 1, parties: [chamber, agency, club] });
      expect(await partiesOf(id)).toEqual(rows([chamber, agency, club]));
      expect(await versionOf(id)).toBe(1);

      // The club leaves, a school joins, the agency becomes a partner.
      const agencyAsPartner = partner(agency.organizationId);
      await apply({ id, version: 2, parties: [chamber, agencyAsPartner, school] });
      expect(await partiesOf(id)).toEqual(rows([chamber, agencyAsPartner, school]));
      expect(await versionOf(id)).toBe(2);
    });

    it('should change nothing when an older or the same version arrives (out of order, redelivered)', async () => {
      const id = randomUUID();
      const [chamber, club, agency] = [signatory(), partner(), signatory()];
      await apply({ id, version: 3, parties: [chamber, club] });

      await apply({ id, version: 2, parties: [chamber, agency] });
      await apply({ id, version: 3, parties: [agency] });
      await apply({ id, version: 1, parties: [] });
      expect(await partiesOf(id)).toEqual(rows([chamber, club]));
      expect(await versionOf(id)).toBe(3);
    });

    it('should keep only the parties of the newest version whatever order the versions arrive in', async () => {
      const id = randomUUID();
      const [chamber, club] = [signatory(), partner()];
      await apply({ id, version: 2, parties: [chamber] });
      await apply({ id, version: 1, parties: [chamber, club] });
      expect(await partiesOf(id)).toEqual(rows([chamber]));
    });

    it('should leave the convention without parties when a version lists none, and record that version', async () => {
      const id = randomUUID();
      const [chamber, club] = [signatory(), partner()];
      await apply({ id, version: 1, parties: [chamber, club] });
      await apply({ id, version: 2, parties: [] });
      expect(await partiesOf(id)).toEqual([]);
      expect(await versionOf(id)).toBe(2);
      expect(await sharing.areParties(id, [chamber.organizationId])).toBe(false);
      // A first version without parties is recorded too: an older one arriving later changes nothing.
      const empty = randomUUID();
      await apply({ id: empty, version: 2, parties: [] });
      await apply({ id: empty, version: 1, parties: [chamber] });
      expect(await partiesOf(empty)).toEqual([]);
      expect(await versionOf(empty)).toBe(2);
    });

    it('should touch no other convention when one is applied', async () => {
      const [first, second] = [randomUUID(), randomUUID()];
      const chamber = signatory();
      await apply({ id: first, version: 1, parties: [chamber, partner()] });
      const secondParties = [chamber, partner()];
      await apply({ id: second, version: 1, parties: secondParties });
      await apply({ id: first, version: 2, parties: [] });
      expect(await partiesOf(second)).toEqual(rows(secondParties));
    });

    it('should apply the created and updated events once each through the durable consumer, a redelivery changing nothing', async () => {
      const subscription = sharing.subscription(`sharing-test-${randomUUID()}`);
      const inbox = contacts.get(Inbox);
      const id = randomUUID();
      const [chamber, club, school] = [signatory(), partner(), partner()];
      const message = (data: ConventionChangedPayload): EventMessage => ({ meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId: chamber.organizationId }, data });
      const created = message({ id, version: 1, parties: [chamber, club] });
      const updated = message({ id, version: 2, parties: [chamber, school] });
      await inbox.deliver(subscription, ConventionCreated.subject, created);
      await inbox.deliver(subscription, ConventionUpdated.subject, updated);
      await inbox.deliver(subscription, ConventionCreated.subject, created);
      expect(await partiesOf(id)).toEqual(rows([chamber, school]));
      expect(await versionOf(id)).toBe(2);
    });
  });

  describe('partnersOf', () => {
    it('should list every organisation sharing a convention with the given one, once, itself excluded', async () => {
      const chamber = signatory();
      const [agency, club, school, stranger] = [signatory(), partner(), partner(), signatory()];
      await apply({ id: randomUUID(), version: 1, parties: [chamber, agency, club] });
      await apply({ id: randomUUID(), version: 1, parties: [partner(chamber.organizationId), agency, school] });
      await apply({ id: randomUUID(), version: 1, parties: [stranger, partner()] });

      expect((await sharing.partnersOf(chamber.organizationId)).sort()).toEqual([agency, club, school].map((party) => party.organizationId).sort());
      expect((await sharing.partnersOf(club.organizationId)).sort()).toEqual([chamber, agency].map((party) => party.organizationId).sort());
      expect(await sharing.partnersOf(randomUUID())).toEqual([]);
    });

    it('should forget a partner when the only convention they shared drops it', async () => {
      const id = randomUUID();
      const [chamber, club] = [signatory(), partner()];
      await apply({ id, version: 1, parties: [chamber, club] });
      expect(await sharing.partnersOf(chamber.organizationId)).toEqual([club.organizationId]);
      await apply({ id, version: 2, parties: [chamber] });
      expect(await sharing.partnersOf(chamber.organizationId)).toEqual([]);
    });
  });

  describe('areParties', () => {
    it('should answer true only when every organisation named is a party of that convention', async () => {
      const [id, other] = [randomUUID(), randomUUID()];
      const [chamber, club, outsider] = [signatory(), partner(), signatory()];
      await apply({ id, version: 1, parties: [chamber, club] });
      await apply({ id: other, version: 1, parties: [outsider, club] });

      expect(await sharing.areParties(id, [club.organizationId, chamber.organizationId])).toBe(true);
      expect(await sharing.areParties(id, [chamber.organizationId, chamber.organizationId])).toBe(true);
      expect(await sharing.areParties(id, [club.organizationId, outsider.organizationId])).toBe(false);
      // Parties of another convention share nothing through this one.
      expect(await sharing.areParties(other, [club.organizationId, chamber.organizationId])).toBe(false);
      expect(await sharing.areParties(randomUUID(), [club.organizationId])).toBe(false);
    });

    it('should answer false once a newer version drops one of them', async () => {
      const id = randomUUID();
      const [chamber, club] = [signatory(), partner()];
      await apply({ id, version: 1, parties: [chamber, club] });
      await apply({ id, version: 2, parties: [chamber] });
      expect(await sharing.areParties(id, [club.organizationId, chamber.organizationId])).toBe(false);
      expect(await sharing.areParties(id, [chamber.organizationId])).toBe(true);
    });
  });

  describe('sharedWithSql', () => {
    // A row of `ownerId` with convention `conventionId`, read by `callerId`.
    const shared = async (conventionId: string | null, ownerId: string, callerId: string): Promise<boolean> =>
      (
        await system.database.query<{ shared: boolean }>(
          `SELECT ${sharedWithSql('contacts', 'row_of."convention_id"', 'row_of."organization_id"', '$3::uuid')} AS "shared"
           FROM (SELECT $1::uuid AS "convention_id", $2::uuid AS "organization_id") row_of`,
          [conventionId, ownerId, callerId],
        )
      )[0]!.shared;

    it('should hold when both the owner and the caller are parties, and no longer once the owner is removed', async () => {
      const id = randomUUID();
      const [chamber, club, agency] = [signatory(), partner(), signatory()];
      await apply({ id, version: 1, parties: [chamber, club, agency] });
      expect(await shared(id, chamber.organizationId, club.organizationId)).toBe(true);

      await apply({ id, version: 2, parties: [club, agency] });
      expect(await shared(id, chamber.organizationId, club.organizationId)).toBe(false);
      // The caller and another party still share it: the condition is about this owner.
      expect(await shared(id, agency.organizationId, club.organizationId)).toBe(true);
    });

    it('should not hold for a caller outside the convention, a row without a convention, or another convention', async () => {
      const [id, other] = [randomUUID(), randomUUID()];
      const [chamber, club, outsider] = [signatory(), partner(), signatory()];
      await apply({ id, version: 1, parties: [chamber, club] });
      await apply({ id: other, version: 1, parties: [outsider, club] });
      expect(await shared(id, chamber.organizationId, outsider.organizationId)).toBe(false);
      expect(await shared(null, chamber.organizationId, club.organizationId)).toBe(false);
      expect(await shared(other, chamber.organizationId, club.organizationId)).toBe(false);
    });
  });
});
