import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { ServiceEnv } from '../config/service.env.js';
import { natsServerOptions } from '../messaging/nats-options.js';

export interface StartServiceOptions {
  service: string;
  env: ServiceEnv;
  /** Install SIGTERM/SIGINT handlers (processes yes, in-process tests no). */
  shutdownHooks?: boolean;
}

/**
 * Wires a created service app the same way in `main.ts` and in tests: pino logger, the NATS
 * listener in the service's queue group, and the operations port when OPS_PORT is set.
 */
export async function startService(app: NestFastifyApplication, { service, env, shutdownHooks = true }: StartServiceOptions): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  const nats = natsServerOptions(env.NATS_URL, service);
  // Each message is handled in a logging context bound to its request id (FilonNatsServer).
  nats.strategy.useLogger(await app.resolve(PinoLogger));
  app.connectMicroservice(nats, { inheritAppConfig: true });
  if (shutdownHooks) app.enableShutdownHooks();
  await app.startAllMicroservices();
  if (env.OPS_PORT === undefined) await app.init();
  else await app.listen(env.OPS_PORT, env.HOST);
  return app;
}
