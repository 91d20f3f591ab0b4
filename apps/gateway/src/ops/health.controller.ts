import { type Ping, pingSubjectFor, SERVICES } from '@app/contracts';
import { EventBus, NatsRpcClient, ServiceUnavailableError } from '@app/platform';
import { Controller, Get, Req, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, type HealthCheckResult, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyRequest } from 'fastify';
import { Public } from '../auth/auth.decorators.js';
import { ApiProblems } from '../problem/api-problems.decorator.js';

const PING_TIMEOUT_MS = 1500;
const HEALTH_SCHEMA = {
  type: 'object',
  properties: { status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] as string[], example: 'ok' }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } },
} as const;

@ApiTags('Operations')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly services: NatsRpcClient,
    private readonly bus: EventBus,
  ) {}

  @Get('live')
  // Terminus documents its own 503 body; ours is a problem (ready) or none at all (live).
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'The process is up', schema: HEALTH_SCHEMA })
  @ApiOperation({ summary: 'The process is up' })
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ description: 'Everything answers', schema: HEALTH_SCHEMA })
  @ApiProblems(503)
  @ApiOperation({ summary: 'PostgreSQL and NATS answer, and every service replies to a ping' })
  async ready(@Req() request: FastifyRequest) {
    try {
      return await this.checkReady(request.id);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // A problem like every error, naming what is down; only up/down, no internal error message.
      const { details } = error.getResponse() as HealthCheckResult;
      const checks = Object.fromEntries(Object.entries(details).map(([name, { status }]) => [name, status]));
      const down = Object.keys(checks).filter((name) => checks[name] !== 'up');
      throw new ServiceUnavailableError(`Not ready: not answering: ${down.join(', ')}.`, { checks });
    }
  }

  private checkReady(requestId: string) {
    return this.health.check([
      () => this.database.pingCheck('database', { timeout: PING_TIMEOUT_MS }),
      // Both of the gateway's NATS connections: events (JetStream) and requests to the services.
      () => (this.bus.isConnected && this.services.isConnected ? this.indicators.check('nats').up() : this.indicators.check('nats').down('not connected')),
      ...SERVICES.map((service) => async () => {
        const session = this.indicators.check(service);
        try {
          const reply = await this.services.send<Ping.Response>(pingSubjectFor(service), {}, requestId, PING_TIMEOUT_MS);
          return reply.database === 'up' && reply.events === 'up' ? session.up() : session.down({ ...reply });
        } catch {
          return session.down('no reply');
        }
      }),
    ]);
  }
}
