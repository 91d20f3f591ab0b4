import { newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;

describe('Idempotency-Key on POST /companies', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start();
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  const post = (token: string, body: object, key?: string) => {
    const request = system.http.post('/api/v1/companies').set(bearer(token));
    return (key === undefined ? request : request.set('Idempotency-Key', key)).send(body);
  };
  const newKey = () => `key-${randomUUID()}`;
  const newBody = () => ({ name: `Boulangerie ${uniqueSuffix()}`, siret: newSiret(), address: { postalCode: '59140', city: 'Dunkerque' } });

  const count = async (sql: string, params: unknown[]) => Number((await system.database.query<{ n: string }>(sql, params))[0]!.n);
  const companyRows = (organizationId: string) => count(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1`, [organizationId]);
  const keyRows = (organizationId: string, key: string) =>
    count(`SELECT count(*) AS n FROM "companies"."idempotency_key" WHERE organization_id = $1 AND key = $2`, [organizationId, key]);
  const createdEvents = (companyId: string) =>
    count(`SELECT count(*) AS n FROM "companies"."outbox_event" WHERE subject = 'events.companies.company.created' AND message->'data'->'company'->>'id' = $1`, [
      companyId,
    ]);

  it('should return the first answer and create nothing new when a request is retried with the same key and body', async () => {
    const [key, body] = [newKey(), newBody()];
    const first = await post(org.manager.token, body, key);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const rowsAfterFirst = await companyRows(org.id);

    const retry = await post(org.manager.token, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe('"1"');
    expect(await companyRows(org.id)).toBe(rowsAfterFirst);
    expect(await count(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [org.id, body.siret])).toBe(1);
    expect(await createdEvents(first.body.id)).toBe(1);
  });

  it('should treat the same fields in another order as the same body when retried', async () => {
    const key = newKey();
    const body = newBody();
    const first = await post(org.manager.token, body, key);
    expect(first.status).toBe(201);
    const reordered = { address: { city: body.address.city, postalCode: body.address.postalCode }, siret: body.siret, name: body.name };
    const retry = await post(org.manager.token, reordered, key);
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
  });

  it('should answer 422 idempotency-key-reused and create nothing when the same key comes with another body', async () => {
    const key = newKey();
    const first = await post(org.manager.token, newBody(), key);
    expect(first.status).toBe(201);
    const before = await companyRows(org.id);

    const other = newBody();
    const reused = await post(org.manager.token, other, key);
    expect(reused.status).toBe(422);
    expect(reused.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(reused.body).toMatchObject({ status: 422, type: '/problems/idempotency-key-reused' });
    expect(await companyRows(org.id)).toBe(before);
    expect(await count(`SELECT count(*) AS n FROM "companies"."company" WHERE siret = $1`, [other.siret])).toBe(0);
  });

  it('should create a separate company when another organisation uses the same key with the same body', async () => {
    const other = await createOrganization(system);
    const [key, body] = [newKey(), newBody()];
    const ours = await post(org.manager.token, body, key);
    expect(ours.status).toBe(201);
    const before = await companyRows(other.id);

    const theirs = await post(other.manager.token, body, key);
    expect(theirs.status, JSON.stringify(theirs.body)).toBe(201);
    expect(theirs.body.id).not.toBe(ours.body.id);
    expect(theirs.body.organizationId).toBe(other.id);
    expect(await companyRows(other.id)).toBe(before + 1);
    expect(await keyRows(org.id, key)).toBe(1);
    expect(await keyRows(other.id, key)).toBe(1);
  });

  it('should create exactly one row and one event when ten requests with one key and one body arrive at once', async () => {
    const [key, body] = [newKey(), newBody()];
    const before = await companyRows(org.id);
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(org.manager.token, body, key)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    const ids = new Set(answers.map((answer) => answer.body.id as string));
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    expect(await companyRows(org.id)).toBe(before + 1);
    expect(await count(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [org.id, body.siret])).toBe(1);
    expect(await createdEvents(id!)).toBe(1);
    expect(await keyRows(org.id, key)).toBe(1);
  });

  it('should answer 400 naming Idempotency-Key and create nothing when the key is longer than 255 characters', async () => {
    const before = await companyRows(org.id);
    const response = await post(org.manager.token, newBody(), 'k'.repeat(256));
    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect((response.body.errors as { field: string }[]).map((error) => error.field)).toContain('Idempotency-Key');
    expect(await companyRows(org.id)).toBe(before);
  });

  it('should accept a key of exactly 255 characters', async () => {
    const key = `${randomUUID()}${'k'.repeat(255 - 36)}`;
    const response = await post(org.manager.token, newBody(), key);
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    expect(await keyRows(org.id, key)).toBe(1);
  });

  it('should not burn the key when the write it protects fails, so a retry runs the request again', async () => {
    const holder = await post(org.manager.token, newBody());
    expect(holder.status).toBe(201);
    const [key, body] = [newKey(), { name: `Doublon ${uniqueSuffix()}`, siret: holder.body.siret as string }];

    const failed = await post(org.manager.token, body, key);
    expect(failed.status).toBe(409);
    expect(failed.body).toMatchObject({ type: '/problems/companies/siret-taken', existingId: holder.body.id });
    expect(await keyRows(org.id, key)).toBe(0);

    // The retry is answered by running the request again, not by a stored answer.
    const retried = await post(org.manager.token, body, key);
    expect(retried.status).toBe(409);
    expect(retried.body).toMatchObject({ type: '/problems/companies/siret-taken', existingId: holder.body.id });
    expect(await keyRows(org.id, key)).toBe(0);

    // Once the conflict is gone, the same key and body succeed, and then replay that success.
    expect((await system.http.delete(`/api/v1/companies/${holder.body.id}`).set(bearer(org.manager.token))).status).toBe(204);
    const succeeded = await post(org.manager.token, body, key);
    expect(succeeded.status, JSON.stringify(succeeded.body)).toBe(201);
    expect(succeeded.body.siret).toBe(body.siret);
    const replayed = await post(org.manager.token, body, key);
    expect(replayed.status).toBe(201);
    expect(replayed.body.id).toBe(succeeded.body.id);
    expect(await keyRows(org.id, key)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [org.id, body.siret])).toBe(1);
  });
});
