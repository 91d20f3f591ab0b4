import { ForbiddenError, loggingModule, NatsRpcClient, NotFoundError, RpcProblemFilter, rpcDuration, startService, type ServiceEnv, UpstreamProblemError, useLogDestination } from '@app/platform';
import { LogCapture, startNats, type TestNats } from '@app/testing';
import { type CallHandler, type CanActivate, Controller, type DynamicModule, type ExecutionContext, Injectable, Logger, Module, type NestInterceptor, UseGuards, UseInterceptors } from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { map, type Observable } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Doubles what the handler answers: an interceptor makes the handler's answer an observable. */
@Injectable()
class Doubling implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler<number>): Observable<number> {
    return next.handle().pipe(map((value) => value * 2));
  }
}

/** Lets a message through when its data says so. */
@Injectable()
class OnlyAllowed implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.switchToRpc().getData<{ data?: { allowed?: boolean } }>().data?.allowed) return true;
    throw new ForbiddenError('Not allowed.');
  }
}

@Controller()
class TransportTestController {
  private readonly logger = new Logger('TransportTest');

  @MessagePattern('transport-test.echo')
  async echo(@Payload() envelope: { data: { text: string } }): Promise<{ text: string }> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    // Logged after an await: the request id must still be on the line.
    this.logger.warn({ text: envelope.data.text }, 'echoing');
    return { text: envelope.data.text };
  }

  @MessagePattern('transport-test.doubled')
  @UseInterceptors(Doubling)
  doubled(@Payload() envelope: { data: { value: number } }): number {
    return envelope.data.value;
  }

  @MessagePattern('transport-test.guarded')
  @UseGuards(OnlyAllowed)
  guarded(): string {
    return 'in';
  }

  @MessagePattern('transport-test.missing')
  missing(): never {
    throw new NotFoundError('Nothing here.');
  }

  @MessagePattern('transport-test.broken')
  broken(): never {
    throw new Error('a bug with secret details');
  }
}

@Module({})
class TransportTestModule {
  /** Built once the log destination is set: the logging module takes it when it is made. */
  static register(): DynamicModule {
    return {
      module: TransportTestModule,
      imports: [loggingModule({ service: 'transport-test', level: 'debug' })],
      controllers: [TransportTestController],
      providers: [{ provide: APP_FILTER, useClass: RpcProblemFilter }],
    };
  }
}

/** FilonNatsServer on a real nats-server: Nest's handlers, guards, interceptors and filters, one reply each. */
describe('the services NATS transport (FilonNatsServer)', () => {
  let nats: TestNats;
  let app: NestFastifyApplication;
  let client: NatsRpcClient;
  const logs = new LogCapture();

  beforeAll(async () => {
    nats = await startNats();
    useLogDestination(logs);
    app = await NestFactory.create<NestFastifyApplication>(TransportTestModule.register(), new FastifyAdapter(), { bufferLogs: true });
    await startService(app, { service: 'transport-test', env: { NATS_URL: nats.url } as ServiceEnv, shutdownHooks: false });
    client = new NatsRpcClient(nats.url, 'transport-test-client', 5000);
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await app?.close();
    useLogDestination(undefined);
    await nats?.destroy();
  });

  const send = <T>(subject: string, data: unknown, requestId: string = randomUUID()) => client.send<T>(subject, { requestId, data }, requestId);
  const problemOf = async (reply: Promise<unknown>) => {
    const error = await reply.then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(UpstreamProblemError);
    return (error as UpstreamProblemError).problem;
  };
  const handled = async (subject: string, outcome: string) =>
    (await rpcDuration.get()).values.find(
      (sample) => sample.metricName === 'filon_rpc_handler_duration_seconds_count' && sample.labels.subject === subject && sample.labels.outcome === outcome,
    )?.value ?? 0;

  it("should answer with the handler's value and log its lines and the completion under the message's request id", async () => {
    const before = await handled('transport-test.echo', 'ok');
    const requestId = `transport-${randomUUID()}`;
    expect(await send('transport-test.echo', { text: 'bonjour' }, requestId)).toEqual({ text: 'bonjour' });
    expect(await handled('transport-test.echo', 'ok')).toBe(before + 1);
    const lines = logs.forRequest(requestId);
    expect(lines).toContainEqual(expect.objectContaining({ service: 'transport-test', msg: 'echoing', text: 'bonjour' }));
    expect(lines).toContainEqual(expect.objectContaining({ service: 'transport-test', msg: 'message completed', responseTime: expect.any(Number) }));
  });

  it('should keep the request ids of concurrent messages apart', async () => {
    const ids = Array.from({ length: 20 }, () => `concurrent-${randomUUID()}`);
    await Promise.all(ids.map((id) => send('transport-test.echo', { text: id }, id)));
    for (const id of ids) expect(logs.forRequest(id).filter((line) => line.msg === 'echoing')).toEqual([expect.objectContaining({ text: id })]);
  });

  it("should run the handler's interceptor and answer what it makes of the value", async () => {
    expect(await send('transport-test.doubled', { value: 21 })).toBe(42);
  });

  it('should run the guards: a refused message answers their problem, an allowed one the value', async () => {
    expect(await problemOf(send('transport-test.guarded', { allowed: false }))).toMatchObject({ status: 403 });
    expect(await send('transport-test.guarded', { allowed: true })).toBe('in');
  });

  it('should answer a domain error as its problem, logged at info and counted as an error', async () => {
    const before = await handled('transport-test.missing', 'error');
    const requestId = `missing-${randomUUID()}`;
    expect(await problemOf(send('transport-test.missing', {}, requestId))).toMatchObject({ status: 404, type: '/problems/not-found' });
    expect(await handled('transport-test.missing', 'error')).toBe(before + 1);
    expect(logs.forRequest(requestId)).toContainEqual(expect.objectContaining({ msg: 'message errored', level: 30 }));
  });

  it('should answer an unexpected error as a bare 500 and log it, with the request id, as an error', async () => {
    const requestId = `broken-${randomUUID()}`;
    const problem = await problemOf(send('transport-test.broken', {}, requestId));
    expect(problem).toMatchObject({ status: 500 });
    expect(JSON.stringify(problem)).not.toContain('secret details');
    const errors = logs.forRequest(requestId).filter((line) => line.level === 50);
    expect(JSON.stringify(errors)).toContain('a bug with secret details');
  });

  it('should answer 503 at once when no handler listens on the subject', async () => {
    expect(await problemOf(send('transport-test.nobody', {}))).toMatchObject({ status: 503 });
  });
});
