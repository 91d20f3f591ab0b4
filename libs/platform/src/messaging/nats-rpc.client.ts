import {
  CommonProblem,
  type Envelope,
  isProblem,
  type Problem,
  REQUEST_ID_HEADER,
  type RequestContract,
} from '@app/contracts';
import { connect, createInbox, headers, type Msg, type NatsConnection, NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { type FactoryProvider, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { PlatformEnv } from '../config/service.env.js';
import { ServiceUnavailableError, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../errors/domain-error.js';
import { followConnectionStatus, natsServers } from './nats-options.js';
import { natsRequestDuration } from '../ops/metrics.js';

/** An answer from another service that is a problem (4xx/5xx), to be rendered as is. */
export class UpstreamProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'UpstreamProblemError';
  }
}

/** The envelope fields of a call; `deadline` when an upstream caller's own deadline bounds this call. */
export type CallContext = Pick<Envelope<unknown>, 'actor' | 'requestId' | 'idempotency' | 'deadline'>;

/** How a successful reply of FilonNatsServer starts: its response's JSON text follows. */
const RESPONSE_HEAD = '{"response":';

/** A request waiting for its reply. */
interface PendingReply {
  resolve(message: Msg): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
  subject: string;
}

/** Nest's NATS wire format: what its server expects and what it replies (docs/runtime-notes.md, NATS 3 and 4). */
interface NestReply {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/**
 * Request-reply over NATS with the envelope, the `x-request-id` header, a timeout on every call
 * (Nest's client has none: docs/runtime-notes.md, NATS 2) and one mapping of every failure to a problem: the
 * service's own problem, 503 when nobody listens, 504 on timeout, 502 otherwise.
 *
 * It speaks Nest's wire format through one shared inbox subscription (`<inbox>.*`, one reply subject
 * per request under it): Nest's ClientNats subscribes and unsubscribes an inbox for every request,
 * three protocol operations where one suffices (the benchmark's profile showed socket writes first).
 * It does what nats.js's muxed `request()` does, without the Error object that `request()` builds
 * for every request it completes (its cancel() makes a "cancelled" RequestError even after the
 * reply came: 2.7 % of the gateway's self time in bench/RESULTS.md, and a stack captured each time). A reply that is a 503 status with no
 * data is the server saying that nobody listens (NoRespondersError), as in nats.js.
 *
 * Every request carries its deadline (Envelope.deadline), so that a service never applies a write
 * its caller has stopped waiting for. The one request-reply client of every process: provide it
 * with `natsRpcClientProvider`; it connects at start and drains at shutdown.
 */
export class NatsRpcClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsRpcClient.name);
  private connection?: NatsConnection;
  private isUp: () => boolean = () => false;
  /** `<inbox>.`: each request's reply subject is this and its token. */
  private replyPrefix = '';
  private readonly pending = new Map<string, PendingReply>();
  private lastToken = 0;

  constructor(
    private readonly natsUrl: string,
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {}

  async connect(): Promise<void> {
    if (this.connection) return;
    // noAsyncTraces: nats.js would otherwise build two Error objects per request just to keep a stack
    // for a possible timeout (11 % of the gateway's CPU in the benchmark's profile).
    const connection = await connect({ servers: natsServers(this.natsUrl), name: this.name, maxReconnectAttempts: -1, noAsyncTraces: true });
    this.replyPrefix = `${createInbox()}.`;
    connection.subscribe(`${this.replyPrefix}*`, {
      callback: (error, message) => {
        if (!error) this.settle(message);
      },
    });
    this.connection = connection;
    this.isUp = followConnectionStatus(connection);
  }

  /** Connected to a NATS server now (false while it reconnects). */
  get isConnected(): boolean {
    return this.connection !== undefined && this.isUp();
  }

  async onModuleInit(): Promise<void> {
    await this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection && !connection.isClosed()) await connection.drain();
    // Whatever the drain left unanswered will not be answered now.
    for (const [token, reply] of this.pending) this.finish(token, reply).reject(new RequestError('connection closed'));
  }

  /**
   * Sends `data` in an envelope to the contract's subject and returns the reply. The deadline is this
   * client's timeout from now, or the upstream caller's deadline when it comes sooner.
   */
  request<TRequest, TResponse>(contract: RequestContract<TRequest, TResponse>, data: TRequest, context: CallContext): Promise<TResponse> {
    const ownDeadline = Date.now() + this.timeoutMs;
    const deadline = context.deadline === undefined ? ownDeadline : Math.min(context.deadline, ownDeadline);
    const envelope: Envelope<TRequest> = { ...context, deadline, data };
    return this.send<TResponse>(contract.subject, envelope, context.requestId, deadline - Date.now());
  }

  /**
   * Like `request`, but the answer is the JSON text of the service's response, not parsed: for a gateway
   * route that sends the answer on as it is (a search page of 50 companies: JSON.parse here and
   * JSON.stringify again in Fastify were a tenth of the gateway's CPU per search, issue 12). The service
   * (FilonNatsServer) writes a successful reply as `{"response":…,"isDisposed":true,"id":…}`; any other
   * reply (a problem, no response) is parsed and handled as `request` does.
   */
  requestJson<TRequest>(contract: RequestContract<TRequest, unknown>, data: TRequest, context: CallContext): Promise<string> {
    const ownDeadline = Date.now() + this.timeoutMs;
    const deadline = context.deadline === undefined ? ownDeadline : Math.min(context.deadline, ownDeadline);
    const envelope: Envelope<TRequest> = { ...context, deadline, data };
    return this.send<string>(contract.subject, envelope, context.requestId, deadline - Date.now(), true);
  }

  /** Sends a raw payload (no envelope): pings. */
  async send<TResponse>(subject: string, payload: unknown, requestId: string, timeoutMs = this.timeoutMs, asJson = false): Promise<TResponse> {
    const stopTimer = natsRequestDuration.startTimer({ subject });
    try {
      if (!this.connection) throw new Error('NatsRpcClient is not connected');
      // While the broker is unreachable a request would only wait for its timeout: say so at once.
      if (!this.isUp()) throw new ServiceUnavailableError('The message broker cannot be reached just now. Nothing was sent; try again in a moment.');
      if (timeoutMs <= 0) throw new TimeoutError();
      const natsHeaders = headers();
      natsHeaders.set(REQUEST_ID_HEADER, requestId);
      const message = await this.exchange(this.connection, subject, JSON.stringify({ id: requestId, pattern: subject, data: payload }), natsHeaders, timeoutMs);
      if (asJson) {
        const text = message.string();
        const tail = `,"isDisposed":true,"id":${JSON.stringify(requestId)}}`;
        if (text.startsWith(RESPONSE_HEAD) && text.endsWith(tail)) {
          stopTimer({ outcome: 'ok' });
          return text.slice(RESPONSE_HEAD.length, text.length - tail.length) as TResponse;
        }
      }
      const reply = message.json<NestReply>();
      if (reply.err !== undefined && reply.err !== null) throw reply.err;
      stopTimer({ outcome: 'ok' });
      return (asJson ? JSON.stringify(reply.response) : reply.response) as TResponse;
    } catch (error) {
      const problem = this.toProblem(error, subject, requestId);
      stopTimer({ outcome: String(problem.status) });
      throw new UpstreamProblemError(problem);
    }
  }

  /** Publishes `data` with a reply subject of its own under the shared inbox, and waits for that reply. */
  private exchange(connection: NatsConnection, subject: string, data: string, natsHeaders: ReturnType<typeof headers>, timeoutMs: number): Promise<Msg> {
    const token = (++this.lastToken).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => {
        const reply = this.pending.get(token);
        if (reply) this.finish(token, reply).reject(new TimeoutError());
      }, timeoutMs);
      this.pending.set(token, { resolve, reject, timer, subject });
      try {
        connection.publish(subject, data, { reply: this.replyPrefix + token, headers: natsHeaders });
      } catch (error) {
        this.finish(token, { resolve, reject, timer, subject }).reject(error as Error);
      }
    });
  }

  /** A message on the shared inbox: the reply of the request its subject names, if it still waits. */
  private settle(message: Msg): void {
    const token = message.subject.slice(this.replyPrefix.length);
    const reply = this.pending.get(token);
    if (!reply) return;
    this.finish(token, reply);
    if (message.data.length === 0 && message.headers?.code === 503) reply.reject(new NoRespondersError(reply.subject));
    else reply.resolve(message);
  }

  private finish(token: string, reply: PendingReply): PendingReply {
    clearTimeout(reply.timer);
    this.pending.delete(token);
    return reply;
  }

  private toProblem(error: unknown, subject: string, requestId: string): Problem {
    if (error instanceof ServiceUnavailableError) {
      this.logger.warn({ subject, requestId }, 'NATS is disconnected');
      return error.toProblem();
    }
    if (isProblem(error)) return error;
    // nats.js wraps timeouts and "no responders" in a RequestError whose cause says which.
    const cause = error instanceof RequestError ? error.cause : error;
    if (cause instanceof TimeoutError || error instanceof TimeoutError) {
      this.logger.warn({ subject, requestId }, 'NATS request timed out');
      return {
        type: CommonProblem.Timeout,
        title: 'Upstream timeout',
        status: 504,
        detail:
          'A service took too long to answer, so the outcome is unknown: a change may or may not have been applied. ' +
          'Retrying with the same Idempotency-Key is safe: the change is applied at most once.',
      };
    }
    if (cause instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders())) {
      this.logger.warn({ subject, requestId }, 'No service instance answered');
      return {
        type: CommonProblem.ServiceUnavailable,
        title: 'Service unavailable',
        status: 503,
        detail: 'A service is not running. Try again shortly.',
        retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      };
    }
    if (!this.isUp()) return new ServiceUnavailableError('The message broker cannot be reached just now; try again in a moment.').toProblem();
    this.logger.error({ err: error, subject, requestId }, 'NATS request failed');
    return { type: CommonProblem.Internal, title: 'Bad gateway', status: 502, detail: 'A service answered in a way we did not expect.' };
  }
}

/** The process's NatsRpcClient, named `name` on the NATS server, configured from its environment class. */
export const natsRpcClientProvider = (name: string, Env: new () => PlatformEnv) =>
  ({
    provide: NatsRpcClient,
    useFactory: (env: PlatformEnv): NatsRpcClient => new NatsRpcClient(env.NATS_URL, name, env.NATS_REQUEST_TIMEOUT_MS),
    inject: [Env],
  }) satisfies FactoryProvider<NatsRpcClient>;
