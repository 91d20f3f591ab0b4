import 'reflect-metadata';
import { loadEnv, runMigrations, databaseOptions } from '@app/platform';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { GatewayModule } from './app.module.js';
import { configureGateway, gatewayAdapter } from './bootstrap.js';
import { GatewayEnv } from './config/gateway.env.js';
import { identityDatabase } from './identity/identity.database.js';

try {
  const env = loadEnv(GatewayEnv, process.env);
  if (process.argv[2] === 'migrate') {
    const applied = await runMigrations(databaseOptions(env.DATABASE_URL, identityDatabase, 'gateway-migrate'));
    console.log(JSON.stringify({ service: 'gateway', msg: 'migrations applied', applied }));
  } else {
    const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(env), gatewayAdapter(env), { bufferLogs: true });
    await configureGateway(app, env);
    await app.listen(env.PORT, env.HOST);
  }
} catch (error) {
  console.error(JSON.stringify({ service: 'gateway', level: 'fatal', msg: error instanceof Error ? error.message : String(error) }));
  // Connections opened before the failure would keep the process alive.
  process.exit(1);
}
