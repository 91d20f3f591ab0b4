import { CreateCompany, CreateContact, type Envelope, GetCompany, LAWFUL_BASES, ListCompanies, Ping, UpdateCompany, pingSubjectFor, type Role, SERVICES, type ServiceName } from '@app/contracts';
import { ConventionSharing1764800000000, loadEnv, NatsRpcClient, natsRpcClientProvider, PlatformRetention1764630000000, PlatformTables1763700000000 } from '@app/platform';
import { newSiret, uniqueSuffix } from '@app/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayEnv } from '../../apps/gateway/src/config/gateway.env.js';
import { ALL_DATABASES } from '../support/definitions.js';
import { problemOf } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const OWNED_SCHEMAS = ['campaigns', 'companies', 'contacts', 'conventions', 'identity'];

describe('the domain services on NATS and PostgreSQL', () => {
  let system: TestSystem;
  let client: NatsRpcClient;

  const actor = (role: Role = 'manager', organizationId = randomUUID()) => ({ userId: randomUUID(), organizationId, role });
  const call = <T>(subject: string, envelope: Partial<Envelope<unknown>>): Promise<T> => client.send<T>(subject, envelope, randomUUID());
  const instances = (service: ServiceName): NestFastifyApplication[] => system.services.get(service) ?? [];
  // Messages the instance's NATS listener has received (its queue-group subscriptions only).
  const received = (app: NestFastifyApplication): number => app.getMicroservices()[0]!.unwrap<NatsConnection>().stats().inMsgs;

  beforeAll(async () => {
    system = await TestSystem.start({ gateway: false });
    client = new NatsRpcClient(system.nats.url, 'services-int-test', 5000);
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await system?.close();
  });

  it.each(SERVICES)('should answer its ping with database and events up when %s is running', async (service) => {
    const reply = await call<Ping.Response>(pingSubjectFor(service), {});
    expect(reply).toEqual({ service, database: 'up', events: 'up' });
  });

  describe('schemas', () => {
    it('should keep every table in the five owned schemas when the template is migrated', async () => {
      const rows = await system.database.query<{ table_schema: string }>(
        `SELECT DISTINCT table_schema FROM information_schema.tables
          WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_toast%'
          ORDER BY table_schema`,
      );
      expect(rows.map((row) => row.table_schema)).toEqual(OWNED_SCHEMAS);
      expect(await system.database.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([]);
    });

    it.each(SERVICES)('should map every entity of %s into its own schema and never synchronize', (service) => {
      const dataSource = instances(service)[0]!.get(DataSource);
      const options = dataSource.options as { schema?: string; synchronize?: boolean; migrationsRun?: boolean };
      expect(options).toMatchObject({ schema: service, synchronize: false, migrationsRun: false });
      expect(dataSource.entityMetadatas.length).toBeGreaterThan(0);
      for (const metadata of dataSource.entityMetadatas) {
        expect(metadata.schema ?? service, metadata.name).toBe(service);
        expect(metadata.tablePath, metadata.name).toBe(`${service}.${metadata.tableName}`);
      }
    });

    it.each(SERVICES)('should search only its own schema when %s runs a query', async (service) => {
      const [{ search_path }] = await instances(service)[0]!.get(DataSource).query('SHOW search_path');
      expect(String(search_path).replace(/\s/g, '')).toBe(`${service},public`);
    });

    it('should give each owner its own migrations, sharing only the platform migrations', () => {
      const platform = [PlatformTables1763700000000.name, PlatformRetention1764630000000.name, ConventionSharing1764800000000.name];
      const owned = ALL_DATABASES.map(({ owner, database }) => ({
        owner,
        names: database.migrations.map((migration) => migration.name).filter((name) => !platform.includes(name)),
      }));
      for (const { owner, names } of owned) {
        const others = owned.filter((other) => other.owner !== owner).flatMap((other) => other.names);
        expect(names.filter((name) => others.includes(name)), owner).toEqual([]);
      }
    });

    it.each(ALL_DATABASES.map(({ owner, database }) => [owner, database] as const))(
      'should record in its own migrations table exactly the migrations %s lists',
      async (_owner, database) => {
        const applied = await system.database.query<{ name: string }>(`SELECT name FROM "${database.schema}"."migrations" ORDER BY id`);
        const listed = database.migrations.map((migration) => (new (migration as new () => { name: string })()).name);
        expect(applied.map((row) => row.name)).toEqual(listed);
      },
    );

    it('should give the gateway the identity schema only', () => {
      expect(ALL_DATABASES.filter(({ owner }) => owner === 'gateway').map(({ database }) => database.schema)).toEqual(['identity']);
    });
  });

  describe('payload validation', () => {
    it('should answer a 400 listing every invalid field when actor, data and an unknown field are wrong', async () => {
      const problem = await problemOf(
        call(CreateCompany.subject, {
          actor: { userId: randomUUID(), organizationId: 'x', role: 'manager' },
          requestId: randomUUID(),
          data: { name: '', colour: 'red' },
        }),
      );
      expect(problem).toMatchObject({ status: 400, type: '/problems/validation-failed' });
      expect(new Set(problem.errors?.map((error) => error.field))).toEqual(new Set(['envelope.actor.organizationId', 'name', 'colour']));
    });

    it('should answer a 400 naming the envelope when the actor is missing', async () => {
      const problem = await problemOf(call(CreateCompany.subject, { requestId: randomUUID(), data: { name: 'Boulangerie' } }));
      expect(problem.status).toBe(400);
      expect(problem.errors?.map((error) => error.field)).toContain('envelope.actor');
    });

    it('should answer a 400 naming changes when an update carries none', async () => {
      const problem = await problemOf(call(UpdateCompany.subject, { actor: actor('manager'), requestId: randomUUID(), data: { id: randomUUID() } }));
      expect(problem.status).toBe(400);
      expect(problem.errors?.map((error) => error.field)).toContain('changes');
    });

    it('should answer a 400 naming expectedVersion when an update does not say which version it read', async () => {
      const problem = await problemOf(call(UpdateCompany.subject, { actor: actor('manager'), requestId: randomUUID(), data: { id: randomUUID(), changes: { name: 'Boulangerie' } } }));
      expect(problem.status).toBe(400);
      expect(new Set(problem.errors?.map((error) => error.field))).toEqual(new Set(['expectedVersion']));
    });

    it('should answer a 400 on the id when a read names no UUID', async () => {
      const problem = await problemOf(call(GetCompany.subject, { actor: actor('viewer'), requestId: randomUUID(), data: { id: '42' } }));
      expect(problem.status).toBe(400);
      expect(problem.errors?.map((error) => error.field)).toEqual(['id']);
    });

    it.each([
      ['NUL in a field', CreateCompany.subject, { name: 'Boulangerie\u0000Dupont', siret: newSiret() }, 'name', /NUL/, { code: 'forbiddenCharacter' }],
      ['a lone surrogate in a nested field', UpdateCompany.subject, { id: randomUUID(), changes: { email: 'a\ud800@dupont.fr' } }, 'changes.email', /surrogate/, { code: 'invalidUnicode' }],
      // 1,000 levels: the test's own client must still be able to serialise it.
      ['1,000 levels of nesting', CreateCompany.subject, { name: JSON.parse(`${'{"a":'.repeat(1_000)}1${'}'.repeat(1_000)}`) }, expect.stringMatching(/^name\./), /nested/, { code: 'tooDeep', params: { max: 32 } }],
      ['lawfulBasis null', CreateContact.subject, { companyId: randomUUID(), lastName: 'Vandamme', lawfulBasis: null }, 'lawfulBasis', /lawfulBasis/, { code: 'notOneOf', params: { allowed: [...LAWFUL_BASES] } }],
    ])('should answer a 400 naming the field and write nothing when a payload carries %s', async (_case, subject, data, field, why, rule) => {
      const manager = actor('manager');
      const problem = await problemOf(call(subject, { actor: manager, requestId: randomUUID(), data }));
      expect(problem).toMatchObject({ status: 400, type: '/problems/validation-failed' });
      expect(problem.errors).toEqual([{ field, ...rule, message: expect.stringMatching(why) }]);
      expect(await system.database.query(`SELECT id FROM companies.company WHERE organization_id = $1`, [manager.organizationId])).toEqual([]);
      expect(await system.database.query(`SELECT id FROM contacts.contact WHERE organization_id = $1`, [manager.organizationId])).toEqual([]);
    });

    it('should answer a 403 and write nothing when a valid envelope carries the viewer role', async () => {
      const viewer = actor('viewer');
      const problem = await problemOf(
        call(CreateCompany.subject, { actor: viewer, requestId: randomUUID(), data: { name: `Viewer ${uniqueSuffix()}`, siret: newSiret() } }),
      );
      expect(problem).toMatchObject({ status: 403, type: '/problems/forbidden' });
      expect(await system.database.query(`SELECT id FROM companies.company WHERE organization_id = $1`, [viewer.organizationId])).toEqual([]);
    });
  });

  describe('timeouts', () => {
    let raw: NatsConnection;

    beforeAll(async () => {
      raw = await connect({ servers: system.nats.url });
    });
    afterAll(() => raw?.close());

    it('should reject with a 504 problem when a subscriber never answers', async () => {
      const subject = `test.silent.${uniqueSuffix()}`;
      const silent = raw.subscribe(subject);
      await raw.flush();
      const shortClient = new NatsRpcClient(system.nats.url, 'timeout-test', 200);
      await shortClient.connect();
      try {
        const problem = await problemOf(shortClient.send(subject, {}, randomUUID()));
        expect(problem).toMatchObject({ status: 504, type: '/problems/upstream-timeout' });
        expect(silent.getReceived()).toBe(1);
      } finally {
        silent.unsubscribe();
        await shortClient.close();
      }
    });

    it('should reject with a 503 problem when nobody subscribes to the subject', async () => {
      const problem = await problemOf(client.send(`test.nobody.${uniqueSuffix()}`, {}, randomUUID()));
      expect(problem).toMatchObject({ status: 503, type: '/problems/service-unavailable' });
    });

    it('should time out the gateway client after NATS_REQUEST_TIMEOUT_MS when a service hangs', async () => {
      const subject = `test.silent.${uniqueSuffix()}`;
      const silent = raw.subscribe(subject);
      await raw.flush();
      const gatewayClient = natsRpcClientProvider('gateway-rpc', GatewayEnv).useFactory(loadEnv(GatewayEnv, { NATS_URL: system.nats.url, NATS_REQUEST_TIMEOUT_MS: '200' }));
      await gatewayClient.onModuleInit();
      try {
        const problem = await problemOf(gatewayClient.send(subject, {}, randomUUID()));
        expect(problem.status).toBe(504);
      } finally {
        silent.unsubscribe();
        await gatewayClient.onApplicationShutdown();
      }
    });
  });

  // Last: it stops the first companies instance.
  describe('queue groups', () => {
    it('should run each request once on one of the instances when two instances of a service listen', async () => {
      await system.startService('companies');
      const [first, second] = instances('companies');
      const manager = actor('manager');
      const before = [received(first!), received(second!)];

      const created = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          client.request(CreateCompany, { name: `Queue ${index} ${uniqueSuffix()}`, siret: newSiret() }, { actor: manager, requestId: randomUUID() }),
        ),
      );
      const reads = await Promise.all(created.map((company) => client.request(GetCompany, { id: company.id }, { actor: manager, requestId: randomUUID() })));
      expect(reads.map((company) => company.id)).toEqual(created.map((company) => company.id));

      const handled = [received(first!) - before[0]!, received(second!) - before[1]!];
      expect(handled[0]! + handled[1]!).toBe(40);
      expect(handled[0]).toBeGreaterThan(0);
      expect(handled[1]).toBeGreaterThan(0);
      const [{ count: rows }] = await system.database.query<{ count: string }>(
        `SELECT count(*) FROM companies.company WHERE organization_id = $1`,
        [manager.organizationId],
      );
      expect(Number(rows)).toBe(20);
      const [{ count: events }] = await system.database.query<{ count: string }>(
        `SELECT count(*) FROM companies.outbox_event WHERE message->'meta'->>'organizationId' = $1`,
        [manager.organizationId],
      );
      expect(Number(events)).toBe(20);
    });

    it('should keep answering when one instance of the queue group stops', async () => {
      const companies = instances('companies');
      expect(companies).toHaveLength(2);
      const stopped = companies.shift()!;
      await stopped.close();
      const manager = actor('manager');
      const company = await client.request(CreateCompany, { name: `Survivor ${uniqueSuffix()}`, siret: newSiret() }, { actor: manager, requestId: randomUUID() });
      const page = await client.request(ListCompanies, {}, { actor: manager, requestId: randomUUID() });
      expect(page.items.map((item) => item.id)).toEqual([company.id]);
    });
  });
});
