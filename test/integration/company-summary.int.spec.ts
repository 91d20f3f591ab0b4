import { CompanyCreated, CompanyImported, CompanyUpdated } from '@app/contracts';
import { type EventMessage, Inbox } from '@app/platform';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompanyDirectoryConsumer } from '../../apps/campaigns/src/company-directory/company-directory.consumer.js';
import { TestSystem } from '../support/system.js';

interface SummaryRow {
  name: string;
  naf_label: string | null;
  size_band: string | null;
  address_line: string | null;
  postal_code: string | null;
  do_not_call: boolean;
  version: number;
}

describe("the call queue's company summary, kept from the companies service's events", () => {
  let system: TestSystem;
  let campaigns: NestFastifyApplication;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['campaigns'], gateway: false });
    campaigns = system.services.get('campaigns')![0]!;
  });
  afterAll(async () => {
    await system?.close();
  });

  const deliver = (subject: string, organizationId: string, data: object) => {
    const message: EventMessage = { meta: { eventId: randomUUID(), occurredAt: new Date().toISOString(), organizationId }, data };
    return campaigns.get(Inbox).deliver(campaigns.get(CompanyDirectoryConsumer).subscription, subject, message);
  };
  const company = (organizationId: string, fields: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    organizationId,
    name: 'Boulangerie Dupont',
    tradeName: null,
    siret: null,
    nafCode: '10.71C',
    nafLabel: 'Boulangerie et boulangerie-pâtisserie',
    sizeBand: '11',
    address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque', department: '59' },
    phone: null,
    email: null,
    tags: [],
    hiringPotential: 40,
    hiringPotentialEstimated: false,
    doNotCall: false,
    version: 1,
    ...fields,
  });
  const imported = (id: string, version: number, fields: Record<string, unknown> = {}) => ({
    id,
    siret: '55210055400013',
    name: `Import v${version}`,
    nafCode: '10.71C',
    nafLabel: 'Boulangerie et boulangerie-pâtisserie',
    sizeBand: '03',
    address: { line: '1 quai', postalCode: '59140', city: 'Dunkerque' },
    phone: '+33328123456',
    hiringPotential: null,
    doNotCall: false,
    version,
    ...fields,
  });
  const summaryOf = async (id: string): Promise<SummaryRow | undefined> =>
    (
      await system.database.query<SummaryRow>(
        `SELECT name, naf_label, size_band, address_line, postal_code, do_not_call, version FROM campaigns.company_summary WHERE id = $1`,
        [id],
      )
    )[0];
  const campaignOf = async (organizationId: string): Promise<string> =>
    (
      await system.database.query<{ id: string }>(`INSERT INTO campaigns.campaign (organization_id, name, status, created_by) VALUES ($1, 'Été', 'active', $2) RETURNING id`, [
        organizationId,
        randomUUID(),
      ])
    )[0]!.id;
  const addTarget = (campaignId: string, organizationId: string, companyId: string, status: string) =>
    system.database.query(
      `INSERT INTO campaigns.target (campaign_id, company_id, organization_id, status, claim_id, claimed_by, claim_expires_at, callback_at)
       VALUES ($1, $2, $3, $4::varchar, CASE WHEN $4::varchar = 'claimed' THEN gen_random_uuid() END, CASE WHEN $4::varchar = 'claimed' THEN gen_random_uuid() END,
         CASE WHEN $4::varchar = 'claimed' THEN now() + interval '15 minutes' END, CASE WHEN $4::varchar = 'callback' THEN now() + interval '1 day' END)`,
      [campaignId, companyId, organizationId, status],
    );
  const targetsOf = (companyId: string) =>
    system.database.query<{ campaign_id: string; status: string; claim_id: string | null; claimed_by: string | null }>(
      `SELECT campaign_id, status, claim_id, claimed_by FROM campaigns.target WHERE company_id = $1 ORDER BY campaign_id`,
      [companyId],
    );

  it('should keep the NAF label, size band and address line of a created or updated company', async () => {
    const organizationId = randomUUID();
    const created = company(organizationId);
    expect(await deliver(CompanyCreated.subject, organizationId, { company: created })).toBe('applied');
    expect(await summaryOf(created.id)).toEqual({
      name: 'Boulangerie Dupont',
      naf_label: 'Boulangerie et boulangerie-pâtisserie',
      size_band: '11',
      address_line: '12 rue de la Marine',
      postal_code: '59140',
      do_not_call: false,
      version: 1,
    });
    const updated = { ...created, nafLabel: null, sizeBand: null, address: { ...created.address, line: null }, version: 2 };
    expect(await deliver(CompanyUpdated.subject, organizationId, { company: updated })).toBe('applied');
    expect(await summaryOf(created.id)).toMatchObject({ naf_label: null, size_band: null, address_line: null, version: 2 });
  });

  it("should keep an imported batch's new fields, read an older batch without them, and never let an older version overwrite a newer one", async () => {
    const organizationId = randomUUID();
    const [fresh, older, newer] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await deliver(CompanyCreated.subject, organizationId, { company: company(organizationId, { id: newer, name: 'Newer', version: 5 }) })).toBe('applied');
    // Written before the call queue showed them: no nafLabel, no sizeBand, no address.line.
    const { nafLabel: _label, sizeBand: _band, ...withoutNewFields } = imported(older, 1);
    const batch = [imported(fresh, 1), { ...withoutNewFields, address: { postalCode: '59140', city: 'Dunkerque' } }, imported(newer, 2)];

    expect(await deliver(CompanyImported.subject, organizationId, { organizationId, companies: batch })).toBe('applied');

    expect(await summaryOf(fresh)).toMatchObject({ name: 'Import v1', naf_label: 'Boulangerie et boulangerie-pâtisserie', size_band: '03', address_line: '1 quai' });
    expect(await summaryOf(older)).toMatchObject({ name: 'Import v1', naf_label: null, size_band: null, address_line: null });
    expect(await summaryOf(newer)).toMatchObject({ name: 'Newer', version: 5 });
  });

  it('should take a company that becomes doNotCall out of every queue of its organisation, claims included, and leave finished targets', async () => {
    const organizationId = randomUUID();
    const [spring, summer, autumn] = [await campaignOf(organizationId), await campaignOf(organizationId), await campaignOf(organizationId)];
    const called = company(organizationId);
    const neighbour = company(organizationId);
    await deliver(CompanyCreated.subject, organizationId, { company: called });
    await addTarget(spring, organizationId, called.id, 'pending');
    await addTarget(summer, organizationId, called.id, 'claimed');
    await addTarget(autumn, organizationId, called.id, 'done');
    await addTarget(spring, organizationId, neighbour.id, 'pending');
    const callbackCampaign = await campaignOf(organizationId);
    await addTarget(callbackCampaign, organizationId, called.id, 'callback');

    // An older state arriving late does nothing, doNotCall or not.
    expect(await deliver(CompanyUpdated.subject, organizationId, { company: { ...called, doNotCall: true, version: 1 } })).toBe('applied');
    expect((await targetsOf(called.id)).filter((target) => target.status === 'excluded')).toEqual([]);

    expect(await deliver(CompanyUpdated.subject, organizationId, { company: { ...called, doNotCall: true, version: 2 } })).toBe('applied');

    const byCampaign = new Map((await targetsOf(called.id)).map((target) => [target.campaign_id, target]));
    expect(byCampaign.get(spring)).toEqual({ campaign_id: spring, status: 'excluded', claim_id: null, claimed_by: null });
    expect(byCampaign.get(summer)).toEqual({ campaign_id: summer, status: 'excluded', claim_id: null, claimed_by: null });
    expect(byCampaign.get(callbackCampaign)).toMatchObject({ status: 'excluded' });
    expect(byCampaign.get(autumn)).toMatchObject({ status: 'done' });
    expect(await targetsOf(neighbour.id)).toEqual([expect.objectContaining({ status: 'pending' })]);
    expect(await summaryOf(called.id)).toMatchObject({ do_not_call: true, version: 2 });
  });

  it('should take out the targets of a company an import marks doNotCall, and not those of another organisation', async () => {
    const organizationId = randomUUID();
    const campaign = await campaignOf(organizationId);
    const listed = company(organizationId);
    await deliver(CompanyCreated.subject, organizationId, { company: listed });
    await addTarget(campaign, organizationId, listed.id, 'pending');
    const stranger = randomUUID();
    const strangersCampaign = await campaignOf(stranger);
    await addTarget(strangersCampaign, stranger, listed.id, 'pending');

    expect(await deliver(CompanyImported.subject, organizationId, { organizationId, companies: [imported(listed.id, 2, { doNotCall: true })] })).toBe('applied');

    expect((await targetsOf(listed.id)).map((target) => [target.campaign_id, target.status])).toEqual(
      [
        [campaign, 'excluded'],
        [strangersCampaign, 'pending'],
      ].sort(([a], [b]) => a!.localeCompare(b!)),
    );
  });
});
