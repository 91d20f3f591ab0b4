import { type ServiceName, SERVICES } from '@app/contracts';
import { loadEnv, ServiceEnv, startService, useLogDestination } from '@app/platform';
import { createTestDatabase, LogCapture, startNats, type TestDatabase, type TestNats } from '@app/testing';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import supertest from 'supertest';
import { inject } from 'vitest';
import { GatewayModule } from '../../apps/gateway/src/app.module.js';
import { configureGateway, gatewayAdapter } from '../../apps/gateway/src/bootstrap.js';
import { GatewayEnv } from '../../apps/gateway/src/config/gateway.env.js';
import { SERVICE_DEFINITIONS } from './definitions.js';

export const ADMIN_EMAIL = 'admin@filon.test';
export const ADMIN_PASSWORD = 'admin-password-for-tests';
const TEST_PASSWORD_HASH = { PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_PASSES: '1' };

export interface SystemOptions {
  /** Domain services to boot (default: all four). */
  services?: readonly ServiceName[];
  /** Boot the gateway (default true). */
  gateway?: boolean;
  /** Extra environment for every process (LOG_LEVEL, NATS_REQUEST_TIMEOUT_MS, …). */
  env?: Record<string, string>;
}

/**
 * The whole system in this test process, on a private nats-server and a private database cloned
 * from the migrated template: the real gateway, services, PostgreSQL and NATS, no mocks.
 */
export class TestSystem {
  readonly services = new Map<string, NestFastifyApplication[]>();
  gateway?: NestFastifyApplication;
  private readonly gatewayReplicas: NestFastifyApplication[] = [];
  readonly logs = new LogCapture();

  private constructor(
    readonly database: TestDatabase,
    readonly nats: TestNats,
    private readonly env: Record<string, string>,
  ) {}

  static async start(options: SystemOptions = {}): Promise<TestSystem> {
    const [database, nats] = await Promise.all([createTestDatabase(inject('templateDatabase')), startNats()]);
    const system = new TestSystem(database, nats, {
      DATABASE_URL: database.url,
      NATS_URL: nats.url,
      LOG_LEVEL: 'info',
      ...options.env,
    });
    for (const service of options.services ?? SERVICES) await system.startService(service);
    if (options.gateway ?? true) await system.startGateway();
    return system;
  }

  /** supertest against the gateway. */
  get http(): supertest.Agent {
    if (!this.gateway) throw new Error('The gateway is not running');
    return supertest.agent(this.gateway.getHttpServer());
  }

  /** Starts one more instance of a service (instances of one service share its queue group). */
  async startService(service: ServiceName, extraEnv: Record<string, string> = {}): Promise<NestFastifyApplication> {
    const env = loadEnv(ServiceEnv, { ...this.env, ...extraEnv });
    const definition = SERVICE_DEFINITIONS[service];
    useLogDestination(this.logs);
    const moduleRef = await Test.createTestingModule({ imports: [definition.module(env)] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { bufferLogs: true });
    await startService(app, { service, env, shutdownHooks: false });
    this.services.set(service, [...(this.services.get(service) ?? []), app]);
    return app;
  }

  /** Stops every instance of a service (graceful: NATS drained, connections closed). */
  async stopService(service: ServiceName): Promise<void> {
    for (const app of this.services.get(service) ?? []) await app.close();
    this.services.delete(service);
  }

  async startGateway(extraEnv: Record<string, string> = {}): Promise<NestFastifyApplication> {
    this.gateway = await this.createGateway(extraEnv);
    return this.gateway;
  }

  /** Another gateway replica on the same database and NATS (closed with the system); supertest against it. */
  async startGatewayReplica(extraEnv: Record<string, string> = {}): Promise<supertest.Agent> {
    const replica = await this.createGateway(extraEnv);
    this.gatewayReplicas.push(replica);
    return supertest.agent(replica.getHttpServer());
  }

  private async createGateway(extraEnv: Record<string, string>): Promise<NestFastifyApplication> {
    const env = loadEnv(GatewayEnv, {
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      FILON_ADMIN_EMAIL: ADMIN_EMAIL,
      FILON_ADMIN_PASSWORD: ADMIN_PASSWORD,
      // argon2id at 1 MiB and one pass: milliseconds per hash instead of a second on a busy machine.
      // Production's cost is held by password-policy.spec.ts; a test may still set its own.
      ...TEST_PASSWORD_HASH,
      ...this.env,
      ...extraEnv,
    });
    useLogDestination(this.logs);
    const moduleRef = await Test.createTestingModule({ imports: [GatewayModule.register(env)] }).compile();
    const app = moduleRef.createNestApplication<NestFastifyApplication>(gatewayAdapter(env), { bufferLogs: true });
    await configureGateway(app, env, { shutdownHooks: false });
    return app;
  }

  async stopGateway(): Promise<void> {
    await this.gateway?.close();
    this.gateway = undefined;
  }

  async close(): Promise<void> {
    for (const replica of this.gatewayReplicas.splice(0)) await replica.close();
    await this.stopGateway();
    for (const service of [...this.services.keys()]) await this.stopService(service as ServiceName);
    useLogDestination(undefined);
    await this.nats.destroy();
    await this.database.drop();
  }
}
