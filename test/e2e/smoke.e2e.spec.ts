import { newSiret } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

describe('the system through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start();
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  it('should create and read a company through gateway, NATS and PostgreSQL', async () => {
    const siret = newSiret();
    const created = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ name: 'Boulangerie Dupont', siret });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Boulangerie Dupont', siret, siren: siret.slice(0, 9), organizationId: org.id, version: 1 });
    const read = await system.http.get(`/api/v1/companies/${created.body.id}`).set(bearer(org.viewer.token));
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.etag).toBe('"1"');
  });
});
