import { NatsRpcClient, ServiceEnv } from '@app/platform';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';

/** Request-reply to the companies service: only asked when no event has told us of a company yet. */
@Injectable()
export class CompaniesClient extends NatsRpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(env: ServiceEnv) {
    super(env.NATS_URL, 'contacts-rpc', env.NATS_REQUEST_TIMEOUT_MS);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
