import { IMPORT_FILE_TTL_MS, IMPORTS_BUCKET } from '@app/contracts';
import { FileStore, ServiceEnv } from '@app/platform';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

/** The uploaded files (JetStream object store `filon-imports`), read by the import worker. */
@Injectable()
export class ImportFiles extends FileStore implements OnModuleInit, OnApplicationShutdown {
  constructor(env: ServiceEnv) {
    super({ natsUrl: env.NATS_URL, name: 'companies-files', bucket: IMPORTS_BUCKET, ttlMs: IMPORT_FILE_TTL_MS, replicas: env.FILON_EVENTS_REPLICAS });
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
