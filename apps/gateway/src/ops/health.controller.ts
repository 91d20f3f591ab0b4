import { type Ping, pingSubjectFor, SERVICES } from '@app/contracts';
import { EventBus } from '@app/platform';
import { Controller, Get, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { ServiceClient } from '../rpc/rpc.providers.js';

const PING_TIMEOUT_MS = 1500;

@ApiTags('Operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly services: ServiceClient,
    private readonly bus: EventBus,
  ) {}

  @Get('live')
  @HealthCheck()
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'PostgreSQL and NATS answer, and every service replies to a ping' })
  ready(@Req() request: FastifyRequest) {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS }),
      () => (this.bus.isConnected ? this.indicators.check('nats').up() : this.indicators.check('nats').down('not connected')),
      ...SERVICES.map((service) => async () => {
        const session = this.indicators.check(service);
        try {
          const reply = await this.services.send<Ping.Response>(pingSubjectFor(service), {}, request.id, PING_TIMEOUT_MS);
          return reply.database === 'up' && reply.events === 'up' ? session.up() : session.down({ ...reply });
        } catch {
          return session.down('no reply');
        }
      }),
    ]);
  }
}
