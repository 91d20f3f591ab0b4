import { NatsRpcClient } from '@app/platform';
import { Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { GatewayEnv } from '../config/gateway.env.js';

/** The gateway's one NATS request-reply client, connected at start and closed at shutdown. */
@Injectable()
export class ServiceClient extends NatsRpcClient implements OnModuleInit, OnApplicationShutdown {
  constructor(env: GatewayEnv) {
    super(env.NATS_URL, 'gateway-rpc', env.NATS_REQUEST_TIMEOUT_MS);
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }
}
