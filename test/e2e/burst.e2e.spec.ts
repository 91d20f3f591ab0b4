import { newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const BURST = 30;

/**
 * A burst of requests that collide on a unique rule must settle each loser in one statement on the
 * connection it already holds. The pools are small and the gateway waits only 1.5 s here: losers
 * each holding a connection while waiting for a second one would drain the pool and show as 504s,
 * on the burst and on the reads beside it.
 */
describe('a burst of conflicting writes', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let others: string[];

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies'], env: { NATS_REQUEST_TIMEOUT_MS: '1500', DATABASE_POOL_SIZE: '3' } });
    org = await createOrganization(system);
    others = [];
    for (let i = 0; i < 5; i++) others.push(await createdCompanyId());
  });
  afterAll(() => system?.close());

  const create = (body: object, idempotencyKey?: string) => {
    const request = system.http.post('/api/v1/companies').set(bearer(org.manager.token));
    return (idempotencyKey ? request.set('Idempotency-Key', idempotencyKey) : request).send(body);
  };

  async function createdCompanyId(): Promise<string> {
    const response = await create({ name: `Entreprise ${uniqueSuffix()}`, siret: newSiret() });
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body.id as string;
  }

  /** Reads of other companies, issued while the burst runs: each must answer 200. */
  const readsDuringBurst = () =>
    Array.from({ length: BURST }, (_, i) => system.http.get(`/api/v1/companies/${others[i % others.length]}`).set(bearer(org.viewer.token)));

  const statuses = (responses: { status: number }[]) => responses.map((response) => response.status).sort();

  it('should answer one 201 and 29 × 409 naming the winner, with every read beside it answering 200, when 30 creates send one SIRET at once', async () => {
    const siret = newSiret();
    const creates = Array.from({ length: BURST }, (_, i) => create({ name: `Doublon ${i}`, siret }));
    const [created, reads] = await Promise.all([Promise.all(creates), Promise.all(readsDuringBurst())]);

    expect(statuses(created)).toEqual([201, ...Array<number>(BURST - 1).fill(409)]);
    const winner = created.find((response) => response.status === 201)!.body.id as string;
    for (const loser of created.filter((response) => response.status === 409)) {
      expect(loser.body).toMatchObject({ status: 409, existingId: winner });
    }
    expect(statuses(reads)).toEqual(Array<number>(BURST).fill(200));
    const rows = await system.database.query(`SELECT id FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [org.id, siret]);
    expect(rows).toEqual([{ id: winner }]);
  });

  it('should answer one 200 and 29 × 409 naming the winner, with every read beside it answering 200, when 30 changes give one SIRET to 30 companies at once', async () => {
    const targets: string[] = [];
    for (let i = 0; i < BURST; i++) targets.push(await createdCompanyId());
    const siret = newSiret();
    const patches = targets.map((id) => system.http.patch(`/api/v1/companies/${id}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ siret }));
    const [changed, reads] = await Promise.all([Promise.all(patches), Promise.all(readsDuringBurst())]);

    expect(statuses(changed)).toEqual([200, ...Array<number>(BURST - 1).fill(409)]);
    const winner = changed.find((response) => response.status === 200)!.body.id as string;
    for (const loser of changed.filter((response) => response.status === 409)) {
      expect(loser.body).toMatchObject({ status: 409, existingId: winner });
    }
    expect(statuses(reads)).toEqual(Array<number>(BURST).fill(200));
  });

  it('should create one company and answer it 30 times, with every read beside it answering 200, when 30 requests send one Idempotency-Key at once', async () => {
    const key = randomUUID();
    const body = { name: `Une fois ${uniqueSuffix()}`, siret: newSiret() };
    const [created, reads] = await Promise.all([Promise.all(Array.from({ length: BURST }, () => create(body, key))), Promise.all(readsDuringBurst())]);

    expect(statuses(created)).toEqual(Array<number>(BURST).fill(201));
    expect(new Set(created.map((response) => response.body.id as string)).size).toBe(1);
    expect(statuses(reads)).toEqual(Array<number>(BURST).fill(200));
    const rows = await system.database.query(`SELECT id FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [org.id, body.siret]);
    expect(rows).toHaveLength(1);
  });
});
