import { isProblem, REQUEST_ID_HEADER } from '@app/contracts';
import { type MessageHandler, NatsContext, type NatsOptions, ServerNats } from '@nestjs/microservices';
import type { Msg } from '@nats-io/transport-node';
import type { PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { isObservable } from 'rxjs';
import { rpcDuration } from '../ops/metrics.js';

/** Nest's answer to a message no handler takes (@nestjs/microservices' NO_MESSAGE_HANDLER). */
const NO_MESSAGE_HANDLER = 'There is no matching message handler defined in the remote service.';

/** What a handler's answer is sent as: Nest's NATS wire format (docs/runtime-notes.md, NATS 3 and 4). */
interface ReplyPacket {
  id: string;
  status?: 'error';
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Nest's NATS server with a short path from a message to its `@MessagePattern` handler. Nest's own
 * path, per message: the route computed from the subject (a `JSON.parse` that throws for plain
 * subjects), the handler looked up, the result turned into an observable, replies queued for the
 * next tick, a record builder to serialise them, and nestjs-pino's hook (an observable, two child
 * loggers) and a metrics interceptor (another observable) around the handler: the "rxjs" and
 * "@nestjs/microservices" rows of the service's profile (bench/RESULTS.md).
 *
 * Here each subject's handler is found once, when it is subscribed, and called directly; it is the
 * handler Nest built for the `@MessagePattern` method, so guards, interceptors, pipes and exception
 * filters run exactly as before. Its answer goes out as one reply in the same wire format; a handler
 * that answers with an observable (an interceptor's) still has every value sent, the last one marked
 * `isDisposed`. Around the call, the transport does what the hook and the interceptor did: it runs
 * the handler in a logging context bound to the request id (the `x-request-id` header, else the
 * envelope's), writes the `message completed` / `message errored` line, and times the handler for
 * /metrics. Messages without an id (events) take Nest's own path.
 */
export class FilonNatsServer extends ServerNats {
  private readonly routes = new Map<string, string>();
  private messageLogger?: PinoLogger;

  constructor(options: NonNullable<NatsOptions['options']>) {
    super(options);
  }

  /** The logger whose context carries each message's request id; set before `listen`. */
  useLogger(logger: PinoLogger): void {
    this.messageLogger = logger;
  }

  override getRouteFromPattern(pattern: string): string {
    let route = this.routes.get(pattern);
    if (route === undefined) {
      route = super.getRouteFromPattern(pattern);
      this.routes.set(pattern, route);
    }
    return route;
  }

  override getMessageHandler(channel: string): (error: Error | null, message: Msg) => void {
    const handler = this.getHandlerByPattern(channel);
    return (error, message) => {
      if (error) return this.logger.error(error);
      this.handle(channel, handler, message).catch((failure: unknown) => this.logger.error(failure));
    };
  }

  private async handle(channel: string, handler: MessageHandler | null, message: Msg): Promise<void> {
    const packet = message.json<{ id?: string; data?: unknown }>();
    if (packet.id === undefined) return super.handleMessage(channel, message);
    const { id } = packet;
    const context = new NatsContext([message.subject, message.headers]);
    const reply = (answer: Omit<ReplyPacket, 'id'>): void => {
      if (message.reply) message.respond(JSON.stringify({ ...answer, id }));
    };
    if (!handler) return reply({ status: 'error', err: NO_MESSAGE_HANDLER, isDisposed: true });
    const run = (): Promise<void> => this.run(channel, handler, packet.data, context, reply);
    if (!this.messageLogger) return run();
    return this.messageLogger.runInContext(run, { bindings: { requestId: requestIdOf(message, packet.data) } });
  }

  private async run(channel: string, handler: MessageHandler, data: unknown, context: NatsContext, reply: (answer: Omit<ReplyPacket, 'id'>) => void): Promise<void> {
    const started = performance.now();
    const done = (error?: unknown): void => {
      const seconds = (performance.now() - started) / 1000;
      rpcDuration.observe({ subject: channel, outcome: error === undefined ? 'ok' : 'error' }, seconds);
      this.logOutcome(seconds, error);
    };
    let result: unknown;
    try {
      result = await handler(data, context);
    } catch (error) {
      // Nest's exception filters answer through the observable below; a throw here got past them.
      reply({ err: error, isDisposed: true });
      return done(error);
    }
    if (!isObservable(result)) {
      // `response` first, then isDisposed and id: NatsRpcClient.requestJson passes the response's text on unparsed.
      reply({ response: result, isDisposed: true });
      return done();
    }
    await new Promise<void>((resolve) => {
      let last: { response: unknown } | undefined;
      result.subscribe({
        next: (response) => {
          if (last) reply(last);
          last = { response };
        },
        error: (error: unknown) => {
          if (last) reply(last);
          reply({ err: error, isDisposed: true });
          done(error);
          resolve();
        },
        complete: () => {
          reply({ ...last, isDisposed: true });
          done();
          resolve();
        },
      });
    });
  }

  /** One line per message, as nestjs-pino's microservice hook wrote it: a refused request (4xx) is routine. */
  private logOutcome(seconds: number, error: unknown): void {
    const logger = this.messageLogger;
    if (!logger) return;
    const responseTime = Math.round(seconds * 1000);
    if (error === undefined) {
      if (logger.logger.isLevelEnabled('debug')) logger.logger.debug({ responseTime }, 'message completed');
      return;
    }
    const expected = isProblem(error) && error.status < 500;
    logger.logger[expected ? 'info' : 'error']({ err: error, responseTime }, 'message errored');
  }
}

/** The request id a message carries: its `x-request-id` header, else its envelope's, else a new one. */
function requestIdOf(message: Msg, data: unknown): string {
  const header = message.headers?.get(REQUEST_ID_HEADER);
  if (header) return header;
  const envelopeId = (data as { requestId?: unknown } | undefined)?.requestId;
  return typeof envelopeId === 'string' ? envelopeId : randomUUID();
}
