import { Ping, pingSubjectFor } from '@app/contracts';
import { Controller, type Type } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { EventBus } from '../messaging/event-bus.js';

/** Builds the controller answering `<service>.v1.ping`, which the gateway's readiness probe sends. */
export function pingController(service: string): Type<unknown> {
  @Controller()
  class PingController {
    constructor(
      private readonly dataSource: DataSource,
      private readonly bus: EventBus,
    ) {}

    @MessagePattern(pingSubjectFor(service))
    async ping(): Promise<Ping.Response> {
      const database = await this.dataSource.query('SELECT 1').then(
        () => 'up' as const,
        () => 'down' as const,
      );
      return { service, database, events: this.bus.isConnected ? 'up' : 'down' };
    }
  }
  return PingController;
}
