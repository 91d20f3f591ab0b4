import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { loadEnv } from '../config/load-env.js';
import { ServiceEnv } from '../config/service.env.js';
import { type DatabaseDefinition, databaseOptions } from '../database/database-options.js';
import { runMigrations } from '../database/migrations.js';
import { startService } from './start-service.js';

export interface ServiceMainOptions {
  service: string;
  database: DatabaseDefinition;
  appModule: (env: ServiceEnv) => DynamicModule;
}

/**
 * The whole `main.ts` of a domain service. `node main.js migrate` applies the service's migrations
 * and exits; `node main.js` serves. A bad environment stops the process with every bad variable listed.
 */
export async function serviceMain({ service, database, appModule }: ServiceMainOptions): Promise<void> {
  try {
    const env = loadEnv(ServiceEnv, process.env);
    if (process.argv[2] === 'migrate') {
      const applied = await runMigrations(databaseOptions(env.DATABASE_URL, database, `${service}-migrate`));
      console.log(JSON.stringify({ service, msg: 'migrations applied', applied }));
      return;
    }
    const app = await NestFactory.create<NestFastifyApplication>(appModule(env), new FastifyAdapter(), { bufferLogs: true });
    await startService(app, { service, env });
  } catch (error) {
    console.error(JSON.stringify({ service, level: 'fatal', msg: error instanceof Error ? error.message : String(error) }));
    // Connections opened before the failure would keep the process alive.
    process.exit(1);
  }
}
