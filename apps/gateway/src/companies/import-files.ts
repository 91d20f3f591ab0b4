import { IMPORT_FILE_TTL_MS, IMPORTS_BUCKET } from '@app/contracts';
import { FileStore } from '@app/platform';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway.env.js';

/** Where the gateway streams uploaded import files (JetStream object store `filon-imports`). */
@Injectable()
export class ImportFiles extends FileStore implements OnModuleInit, OnApplicationShutdown {
  constructor(env: GatewayEnv) {
    super({ natsUrl: env.NATS_URL, name: 'gateway-files', bucket: IMPORTS_BUCKET, ttlMs: IMPORT_FILE_TTL_MS, replicas: env.FILON_EVENTS_REPLICAS });
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
