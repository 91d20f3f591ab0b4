import {
  CommonProblem,
  type Envelope,
  isProblem,
  type Problem,
  REQUEST_ID_HEADER,
  type RequestContract,
} from '@app/contracts';
import { connect, headers, type NatsConnection, NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
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
 * It speaks Nest's wire format over nats.js's own `request()`, which answers through one shared
 * inbox subscription: Nest's ClientNats subscribes and unsubscribes an inbox for every request,
 * three protocol operations where one suffices (the benchmark's profile showed socket writes first).
 *
 * Every request carries its deadline (Envelope.deadline), so that a service never applies a write
 * its caller has stopped waiting for. The one request-reply client of every process: provide it
 * with `natsRpcClientProvider`; it connects at start and drains at shutdown.
 */
export class NatsRpcClient implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(NatsRpcClient.name);
  private connection?: NatsConnection;
  private isUp: () => boolean = () => false;

  constructor(
    private readonly natsUrl: string,
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {}

  async connect(): Promise<void> {
    if (this.connection) return;
    // noAsyncTraces: nats.js would otherwise build two Error objects per request just to keep a stack
    // for a possible timeout (11 % of the gateway's CPU in the benchmark's profile).
    this.connection = await connect({ servers: natsServers(this.natsUrl), name: this.name, maxReconnectAttempts: -1, noAsyncTraces: true });
    this.isUp = followConnectionStatus(this.connection);
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

  /** Sends a raw payload (no envelope): pings. */
  async send<TResponse>(subject: string, payload: unknown, requestId: string, timeoutMs = this.timeoutMs): Promise<TResponse> {
    const stopTimer = natsRequestDuration.startTimer({ subject });
    try {
      if (!this.connection) throw new Error('NatsRpcClient is not connected');
      // While the broker is unreachable a request would only wait for its timeout: say so at once.
      if (!this.isUp()) throw new ServiceUnavailableError('The message broker cannot be reached just now. Nothing was sent; try again in a moment.');
      if (timeoutMs <= 0) throw new TimeoutError();
      const natsHeaders = headers();
      natsHeaders.set(REQUEST_ID_HEADER, requestId);
      const message = await this.connection.request(subject, JSON.stringify({ id: requestId, pattern: subject, data: payload }), {
        timeout: timeoutMs,
        headers: natsHeaders,
      });
      const reply = message.json<NestReply>();
      if (reply.err !== undefined && reply.err !== null) throw reply.err;
      stopTimer({ outcome: 'ok' });
      return reply.response as TResponse;
    } catch (error) {
      const problem = this.toProblem(error, subject, requestId);
      stopTimer({ outcome: String(problem.status) });
      throw new UpstreamProblemError(problem);
    }
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
