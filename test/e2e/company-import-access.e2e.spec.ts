import { CommonProblem, IMPORTS_BUCKET } from '@app/contracts';
import { Objm } from '@nats-io/obj';
import { connect } from '@nats-io/transport-node';
import { expectEventually, newSiret } from '@app/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const IMPORTS = '/api/v1/companies/imports';
const PROBLEM_JSON = /^application\/problem\+json/;
// Small enough to exceed in a test; the default is 200 MB.
const LIMIT = 4096;

describe('company imports: limits, content types, roles and retries', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies'], env: { IMPORT_BODY_LIMIT_BYTES: String(LIMIT) } });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  const csvOf = (rows: number) => ['siret,name', ...Array.from({ length: rows }, (_, index) => `${newSiret()},Entreprise ${index}`)].join('\n');
  const jobCount = async () => Number((await system.database.query<{ n: string }>(`SELECT count(*) AS n FROM "companies"."import_job"`))[0]!.n);
  /** Stored upload names that no job refers to: a refused or duplicate upload must leave none. */
  async function orphanFiles(): Promise<string[]> {
    const connection = await connect({ servers: system.nats.url });
    try {
      const store = await new Objm(connection).open(IMPORTS_BUCKET);
      const names = (await store.list()).filter((info) => !info.deleted).map((info) => info.name);
      const jobs = new Set((await system.database.query<{ id: string }>(`SELECT id FROM "companies"."import_job"`)).map((job) => job.id));
      return names.filter((name) => !jobs.has(name));
    } finally {
      await connection.close();
    }
  }

  describe('size limit', () => {
    it('should answer 413 and queue nothing when a text/csv body is over the limit', async () => {
      const before = await jobCount();
      const body = csvOf(200);
      expect(Buffer.byteLength(body)).toBeGreaterThan(LIMIT);
      const response = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Content-Type', 'text/csv').send(body);
      expect(response.status, response.text).toBe(413);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({ type: CommonProblem.PayloadTooLarge, status: 413, detail: `An import file may be at most ${LIMIT} bytes.` });
      expect(await jobCount()).toBe(before);
      expect(await orphanFiles()).toEqual([]);
    });

    it('should answer 413 when a multipart file is over the limit', async () => {
      const response = await system.http.post(IMPORTS).set(bearer(org.manager.token)).attach('file', Buffer.from(csvOf(200)), 'big.csv');
      expect(response.status, response.text).toBe(413);
      expect(response.body.type).toBe(CommonProblem.PayloadTooLarge);
      expect(await orphanFiles()).toEqual([]);
    });

    it('should answer 413 when a body sent without Content-Length grows past the limit', async () => {
      const request = system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Content-Type', 'text/csv').set('Transfer-Encoding', 'chunked');
      const body = csvOf(200);
      // Written in pieces: the gateway only learns the size by counting.
      for (let offset = 0; offset < body.length; offset += 1000) request.write(body.slice(offset, offset + 1000));
      const response = await request;
      expect(response.status, response.text).toBe(413);
      expect(await orphanFiles()).toEqual([]);
    });

    it('should accept a file just under the limit', async () => {
      let body = csvOf(1);
      while (Buffer.byteLength(body) + 40 < LIMIT) body += `\n${newSiret()},Remplissage`;
      const response = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Content-Type', 'text/csv').send(body);
      expect(response.status, response.text).toBe(202);
    });
  });

  describe('content types', () => {
    it.each([
      ['application/json', JSON.stringify({ siret: '55210055400013', name: 'x' })],
      ['text/plain', 'siret,name\n'],
      ['application/xml', '<companies/>'],
    ])('should answer 415 when the body is %s', async (type, body) => {
      const response = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Content-Type', type).send(body);
      expect(response.status, response.text).toBe(415);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    });

    it.each([['text/csv'], ['multipart/form-data; boundary=x']])('should answer 415 when another route is sent %s', async (type) => {
      const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set('Content-Type', type).send('--x--');
      expect(response.status, response.text).toBe(415);
      expect(response.body.type).toBe(CommonProblem.UnsupportedMediaType);
    });
  });

  describe('roles', () => {
    it.each([
      ['volunteer', () => org.volunteer.token],
      ['viewer', () => org.viewer.token],
    ])('should answer 403 and queue nothing when a %s posts a file', async (_role, token) => {
      const before = await jobCount();
      const response = await system.http.post(IMPORTS).set(bearer(token())).set('Content-Type', 'text/csv').send(csvOf(1));
      expect(response.status, response.text).toBe(403);
      expect(response.body.type).toBe(CommonProblem.Forbidden);
      expect(await jobCount()).toBe(before);
    });

    it('should answer 401 when no token is sent', async () => {
      const response = await system.http.post(IMPORTS).set('Content-Type', 'text/csv').send(csvOf(1));
      expect(response.status).toBe(401);
    });

    it('should let any member follow an import of their organisation', async () => {
      const started = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Content-Type', 'text/csv').send(csvOf(2));
      expect(started.status).toBe(202);
      for (const member of [org.volunteer, org.viewer]) {
        const response = await system.http.get(`${IMPORTS}/${started.body.id}`).set(bearer(member.token));
        expect(response.status).toBe(200);
        expect(response.body.id).toBe(started.body.id);
        expect(response.headers.etag).toBe(`"${response.body.version}"`);
      }
    });
  });

  describe('Idempotency-Key', () => {
    it('should return the first job and import once when a retry sends the same key and file', async () => {
      const key = `import-${newSiret()}`;
      const body = csvOf(3);
      const before = await jobCount();
      const first = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Idempotency-Key', key).set('Content-Type', 'text/csv').send(body);
      const again = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Idempotency-Key', key).set('Content-Type', 'text/csv').send(body);
      expect(first.status).toBe(202);
      expect(again.status).toBe(202);
      expect(again.body.id).toBe(first.body.id);
      expect(again.headers.location).toBe(first.headers.location);
      expect(await jobCount()).toBe(before + 1);
      expect(await orphanFiles()).toEqual([]);
      await expectEventually(async () => {
        const job = await system.http.get(`${IMPORTS}/${first.body.id}`).set(bearer(org.manager.token));
        expect(job.body).toMatchObject({ status: 'done', inserted: 3 });
      });
    });

    it('should answer 422 when the same key comes with another file', async () => {
      const key = `import-${newSiret()}`;
      const first = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Idempotency-Key', key).set('Content-Type', 'text/csv').send(csvOf(1));
      expect(first.status).toBe(202);
      const other = await system.http.post(IMPORTS).set(bearer(org.manager.token)).set('Idempotency-Key', key).set('Content-Type', 'text/csv').send(csvOf(1));
      expect(other.status, other.text).toBe(422);
      expect(other.body.type).toBe(CommonProblem.IdempotencyKeyReused);
      expect(await orphanFiles()).toEqual([]);
    });
  });
});
