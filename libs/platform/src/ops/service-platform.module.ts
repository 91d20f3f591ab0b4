import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PlatformEnv, ServiceEnv } from '../config/service.env.js';
import { type DatabaseDefinition, databaseOptions } from '../database/database-options.js';
import { RpcProblemFilter } from '../errors/rpc-problem.filter.js';
import { loggingModule } from '../logging/logger.module.js';
import { EventBus, eventBusOptions } from '../messaging/event-bus.js';
import { Inbox } from '../outbox/inbox.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { UnitOfWork } from '../outbox/unit-of-work.js';
import { Pruning } from '../scheduling/pruning.js';
import { Scheduler } from '../scheduling/scheduler.js';
import { MetricsController } from './metrics.controller.js';
import { pingController } from './ping.controller.js';
import { PlatformLifecycle } from './platform-lifecycle.js';
import { ServiceHealthController } from './service-health.controller.js';

export interface ServicePlatformOptions {
  /** The service name: NATS queue group, schema owner, log `service` field. */
  service: string;
  env: ServiceEnv;
  database: DatabaseDefinition;
}

/**
 * Everything a domain service stands on: config, logs, its TypeORM DataSource (its own schema only),
 * the event bus, outbox, inbox and unit of work, problem-details errors, ping, health and metrics.
 */
@Global()
@Module({})
export class ServicePlatformModule {
  static forService({ service, env, database }: ServicePlatformOptions): DynamicModule {
    return {
      module: ServicePlatformModule,
      imports: [
        loggingModule({ service, level: env.LOG_LEVEL }),
        TypeOrmModule.forRoot(databaseOptions(env.DATABASE_URL, database, service, env.DATABASE_POOL_SIZE)),
        TerminusModule,
      ],
      controllers: [ServiceHealthController, MetricsController, pingController(service)],
      providers: [
        { provide: ServiceEnv, useValue: env },
        { provide: PlatformEnv, useValue: env },
        { provide: EventBus, useFactory: () => new EventBus(eventBusOptions(env, `${service}-events`)) },
        { provide: APP_FILTER, useClass: RpcProblemFilter },
        OutboxRelay,
        OutboxService,
        UnitOfWork,
        Inbox,
        Scheduler,
        Pruning,
        PlatformLifecycle,
      ],
      exports: [ServiceEnv, EventBus, OutboxRelay, OutboxService, UnitOfWork, Inbox, Scheduler, Pruning],
    };
  }
}
