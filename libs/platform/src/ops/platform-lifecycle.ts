import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventBus } from '../messaging/event-bus.js';
import { OutboxRelay } from '../outbox/outbox-relay.js';
import { Pruning } from '../scheduling/pruning.js';

/**
 * Starts and stops the event machinery in the right order (connect, relay and pruning on; relay off,
 * then drain NATS).
 */
@Injectable()
export class PlatformLifecycle implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
    private readonly pruning: Pruning,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.bus.connect();
  }

  onApplicationBootstrap(): void {
    this.relay.start();
    this.pruning.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.bus.close();
  }
}
