import { newSiret, uniqueSuffix } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

describe('campaigns and their targets through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start();
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  const createCampaign = (token: string, body: object) => system.http.post('/api/v1/campaigns').set(bearer(token)).send(body);
  const patchCampaign = (token: string, id: string, body: object, ifMatch: string | null) => {
    const request = system.http.patch(`/api/v1/campaigns/${id}`).set(bearer(token));
    return (ifMatch === null ? request : request.set('If-Match', ifMatch)).send(body);
  };
  const addTargets = (token: string, id: string, body: object) => system.http.post(`/api/v1/campaigns/${id}/targets`).set(bearer(token)).send(body);

  async function newCompany(body: object = {}, owner: TestOrganization = org): Promise<string> {
    const response = await system.http.post('/api/v1/companies').set(bearer(owner.manager.token)).send({ name: `Entreprise ${uniqueSuffix()}`, siret: newSiret(), ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }

  async function newCampaign(owner: TestOrganization = org, body: object = {}): Promise<Record<string, unknown> & { id: string }> {
    const response = await createCampaign(owner.manager.token, { name: `Campagne ${uniqueSuffix()}`, ...body });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  it('should create a draft, activate it with If-Match, and add targets by id', async () => {
    const campaign = await newCampaign();
    expect(campaign).toMatchObject({ status: 'draft', cooldownDays: 7, createdBy: org.manager.userId, organizationId: org.id, version: 1 });
    const activated = await patchCampaign(org.manager.token, campaign.id, { status: 'active' }, '"1"');
    expect(activated.status, JSON.stringify(activated.body)).toBe(200);
    expect(activated.body).toMatchObject({ status: 'active', version: 2 });

    const ids = [await newCompany(), await newCompany(), await newCompany({ doNotCall: true })];
    const first = await addTargets(org.manager.token, campaign.id, { companyIds: ids });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({ added: 2, alreadyPresent: 0, skippedDoNotCall: 1, notFound: 0 });
    const again = await addTargets(org.manager.token, campaign.id, { companyIds: ids });
    expect(again.body).toEqual({ added: 0, alreadyPresent: 2, skippedDoNotCall: 1, notFound: 0 });
  });
});
