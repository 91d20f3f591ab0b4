import { CreateCompany, UpdateCompany } from '@app/contracts';
import { NatsRpcClient, rpcDuration, UpstreamProblemError } from '@app/platform';
import { adminQuery, expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_JSON = /^application\/problem\+json/;
const ROLLED_BACK = 'Write reached its commit after the caller gave up: rolled back';

/**
 * Faults injected for real: a write held past the gateway's timeout, a request that arrives after
 * its deadline, the test's nats-server stopped, the test's database refusing connections.
 */
describe('failures say what they mean', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let holder: pg.Client;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['companies'], env: { NATS_REQUEST_TIMEOUT_MS: '1000' } });
    org = await createOrganization(system);
    holder = new pg.Client({ connectionString: system.database.url });
    // The database outage below terminates this connection too; unheard, that error would fail the run.
    holder.on('error', () => {});
    await holder.connect();
  });
  afterAll(async () => {
    await holder?.end();
    await system?.close();
  });

  const create = (body: object, idempotencyKey: string) =>
    system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set('Idempotency-Key', idempotencyKey).send(body);
  const rowsWithSiret = async (siret: string) =>
    system.database.query<{ id: string }>(`SELECT id FROM "companies"."company" WHERE organization_id = $1 AND siret = $2`, [org.id, siret]);
  const rolledBackWrites = () => system.logs.lines.filter((line) => line.msg === ROLLED_BACK).length;
  /** Messages the service has finished handling on `subject` (its handler metric, in this process): the held write is done when this grows. */
  const handled = async (subject: string) =>
    (await rpcDuration.get()).values
      .filter((sample) => sample.metricName === 'filon_rpc_handler_duration_seconds_count' && sample.labels.subject === subject)
      .reduce((sum, sample) => sum + sample.value, 0);

  async function createdCompany(): Promise<{ id: string; name: string }> {
    const response = await create({ name: `Entreprise ${uniqueSuffix()}`, siret: newSiret() }, randomUUID());
    expect(response.status, JSON.stringify(response.body)).toBe(201);
    return response.body;
  }

  function expect504OutcomeUnknown(response: { status: number; headers: Record<string, string>; body: { detail?: string } }): void {
    expect(response.status).toBe(504);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ status: 504, type: '/problems/upstream-timeout' });
    expect(response.body.detail).toMatch(/outcome is unknown/);
    expect(response.body.detail).toMatch(/same Idempotency-Key is safe/);
  }

  describe('a write held past the gateway timeout', () => {
    it('should answer 504 saying the outcome is unknown, never apply the create once released, and create it once on a retry with the same key', async () => {
      const key = randomUUID();
      const body = { name: `Retenue ${uniqueSuffix()}`, siret: newSiret() };
      const [rolledBackBefore, handledBefore] = [rolledBackWrites(), await handled(CreateCompany.subject)];
      // Another transaction holds this Idempotency-Key: the service's claim waits on it.
      await holder.query('BEGIN');
      await holder.query(`INSERT INTO "companies"."idempotency_key" (organization_id, key, fingerprint) VALUES ($1, $2, repeat('0', 64))`, [org.id, key]);
      let held;
      try {
        held = await create(body, key);
      } finally {
        await holder.query('ROLLBACK');
      }
      expect504OutcomeUnknown(held);

      // Released after the gateway gave up: the service goes on, reaches its commit late and rolls back.
      await expectEventually(async () => expect(await handled(CreateCompany.subject)).toBe(handledBefore + 1));
      expect(await rowsWithSiret(body.siret)).toEqual([]);
      expect(rolledBackWrites()).toBe(rolledBackBefore + 1);

      const retried = await create(body, key);
      expect(retried.status, JSON.stringify(retried.body)).toBe(201);
      expect(await rowsWithSiret(body.siret)).toEqual([{ id: retried.body.id }]);
    });

    it('should answer 504 and leave the company unchanged when a change is held past the gateway timeout, then released', async () => {
      const company = await createdCompany();
      const [rolledBackBefore, handledBefore] = [rolledBackWrites(), await handled(UpdateCompany.subject)];
      await holder.query('BEGIN');
      await holder.query(`SELECT 1 FROM "companies"."company" WHERE id = $1 FOR UPDATE`, [company.id]);
      let held;
      try {
        held = await system.http.patch(`/api/v1/companies/${company.id}`).set(bearer(org.manager.token)).set('If-Match', '"1"').send({ name: 'Jamais appliqué' });
      } finally {
        await holder.query('ROLLBACK');
      }
      expect504OutcomeUnknown(held);

      await expectEventually(async () => expect(await handled(UpdateCompany.subject)).toBe(handledBefore + 1));
      const after = await system.http.get(`/api/v1/companies/${company.id}`).set(bearer(org.viewer.token));
      expect(after.body).toMatchObject({ name: company.name, version: 1 });
      expect(rolledBackWrites()).toBe(rolledBackBefore + 1);
    });
  });

  describe('a request that reaches a service after its deadline', () => {
    it('should be refused with a 504 problem and create nothing', async () => {
      const client = new NatsRpcClient(system.nats.url, 'late-caller', 5000);
      await client.connect();
      const siret = newSiret();
      try {
        const envelope = {
          actor: { userId: org.manager.userId, organizationId: org.id, role: 'manager' },
          requestId: randomUUID(),
          deadline: Date.now() - 1,
          data: { name: 'Trop tard', siret },
        };
        const error = await client.send(CreateCompany.subject, envelope, envelope.requestId).then(
          () => undefined,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(UpstreamProblemError);
        expect((error as UpstreamProblemError).problem).toMatchObject({ status: 504, type: '/problems/upstream-timeout' });
      } finally {
        await client.close();
      }
      expect(await rowsWithSiret(siret)).toEqual([]);
    });
  });

  describe('the broker down', () => {
    it('should say nats is down in /health/ready and answer 503 with Retry-After while it is, then nats up once it is back', async () => {
      const company = await createdCompany();
      const ready = () => system.http.get('/api/v1/health/ready');
      await system.nats.stop();
      try {
        await expectEventually(async () => expect((await ready()).body.checks).toMatchObject({ nats: 'down' }));
        const read = await system.http.get(`/api/v1/companies/${company.id}`).set(bearer(org.viewer.token));
        // An import's file goes to the NATS object store: refused at once with the same answer, no job queued.
        const upload = await system.http
          .post('/api/v1/companies/imports')
          .set(bearer(org.manager.token))
          .set('Content-Type', 'text/csv')
          .send(`siret,name\n${newSiret()},Boulangerie du courant coupé\n`);
        for (const response of [read, upload]) {
          expect(response.status, JSON.stringify(response.body)).toBe(503);
          expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
          expect(response.body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
        }
      } finally {
        await system.nats.restart();
      }
      // Only companies runs here, so readiness stays 503 for the other services: its nats entry is what counts.
      await expectEventually(async () => expect((await ready()).body.checks).toMatchObject({ nats: 'up' }), 20_000, 200);
      expect((await system.http.get(`/api/v1/companies/${company.id}`).set(bearer(org.viewer.token))).status).toBe(200);
    });
  });

  // Last: it takes the database away from every process of this file for a moment.
  describe('the database refusing connections', () => {
    it('should answer 503 with Retry-After, from a service and from the gateway itself, instead of 500, then serve again once it is back', async () => {
      const company = await createdCompany();
      const name = system.database.name;
      const readCompany = () => system.http.get(`/api/v1/companies/${company.id}`).set(bearer(org.viewer.token));
      const listMembers = () => system.http.get(`/api/v1/organizations/${org.id}/members`).set(bearer(org.manager.token));
      await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS false`);
      try {
        await adminQuery(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [name]);
        for (const response of [await readCompany(), await listMembers()]) {
          expect(response.status, JSON.stringify(response.body)).toBe(503);
          expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
          expect(response.body).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
          expect(JSON.stringify(response.body)).not.toMatch(/accepting connections|postgres|terminat/i);
        }
      } finally {
        await adminQuery(`ALTER DATABASE "${name}" ALLOW_CONNECTIONS true`);
      }
      await expectEventually(async () => expect((await readCompany()).status).toBe(200));
      expect((await listMembers()).status).toBe(200);
    });
  });
});
