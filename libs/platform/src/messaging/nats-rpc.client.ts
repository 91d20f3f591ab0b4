import {
  CommonProblem,
  type Envelope,
  isProblem,
  type Problem,
  REQUEST_ID_HEADER,
  type RequestContract,
} from '@app/contracts';
import { connect, headers, type NatsConnection, NoRespondersError, RequestError, TimeoutError } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { natsServers } from './nats-options.js';
import { natsRequestDuration } from '../ops/metrics.js';

/** An answer from another service that is a problem (4xx/5xx), to be rendered as is. */
export class UpstreamProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'UpstreamProblemError';
  }
}

export type CallContext = Pick<Envelope<unknown>, 'actor' | 'requestId' | 'idempotency'>;

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
 */
export class NatsRpcClient {
  private readonly logger = new Logger(NatsRpcClient.name);
  private connection?: NatsConnection;

  constructor(
    private readonly natsUrl: string,
    private readonly name: string,
    private readonly timeoutMs: number,
  ) {}

  async connect(): Promise<void> {
    // noAsyncTraces: nats.js would otherwise build two Error objects per request just to keep a stack
    // for a possible timeout (11 % of the gateway's CPU in the benchmark's profile).
    this.connection ??= await connect({ servers: natsServers(this.natsUrl), name: this.name, maxReconnectAttempts: -1, noAsyncTraces: true });
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection && !connection.isClosed()) await connection.drain();
  }

  /** Sends `data` in an envelope to the contract's subject and returns the reply. */
  request<TRequest, TResponse>(contract: RequestContract<TRequest, TResponse>, data: TRequest, context: CallContext): Promise<TResponse> {
    const envelope: Envelope<TRequest> = { ...context, data };
    return this.send<TResponse>(contract.subject, envelope, context.requestId);
  }

  /** Sends a raw payload (no envelope): pings. */
  async send<TResponse>(subject: string, payload: unknown, requestId: string, timeoutMs = this.timeoutMs): Promise<TResponse> {
    const stopTimer = natsRequestDuration.startTimer({ subject });
    try {
      if (!this.connection) throw new Error('NatsRpcClient is not connected');
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
    if (isProblem(error)) return error;
    // nats.js wraps timeouts and "no responders" in a RequestError whose cause says which.
    const cause = error instanceof RequestError ? error.cause : error;
    if (cause instanceof TimeoutError || error instanceof TimeoutError) {
      this.logger.warn({ subject, requestId }, 'NATS request timed out');
      return { type: CommonProblem.Timeout, title: 'Upstream timeout', status: 504, detail: 'A service took too long to answer. Try again.' };
    }
    if (cause instanceof NoRespondersError || (error instanceof RequestError && error.isNoResponders())) {
      this.logger.warn({ subject, requestId }, 'No service instance answered');
      return { type: CommonProblem.ServiceUnavailable, title: 'Service unavailable', status: 503, detail: 'A service is not running. Try again shortly.' };
    }
    this.logger.error({ err: error, subject, requestId }, 'NATS request failed');
    return { type: CommonProblem.Internal, title: 'Bad gateway', status: 502, detail: 'A service answered in a way we did not expect.' };
  }
}
