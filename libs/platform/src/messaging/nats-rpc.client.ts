import {
  CommonProblem,
  type Envelope,
  isProblem,
  type Problem,
  REQUEST_ID_HEADER,
  type RequestContract,
} from '@app/contracts';
import { headers } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { ClientNats, NatsRecordBuilder } from '@nestjs/microservices';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
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

/**
 * Request-reply over NATS with the envelope, the `x-request-id` header, a timeout on every call
 * (the Nest client has none: STACK.md B3) and one mapping of every failure to a problem:
 * the service's own problem, 503 when nobody listens, 504 on timeout, 502 otherwise.
 */
export class NatsRpcClient {
  private readonly logger = new Logger(NatsRpcClient.name);
  private readonly client: ClientNats;

  constructor(
    natsUrl: string,
    name: string,
    private readonly timeoutMs: number,
  ) {
    this.client = new ClientNats({ servers: natsServers(natsUrl), name, maxReconnectAttempts: -1 });
  }

  connect(): Promise<unknown> {
    return this.client.connect();
  }

  close(): Promise<unknown> {
    return Promise.resolve(this.client.close());
  }

  /** Sends `data` in an envelope to the contract's subject and returns the reply. */
  request<TRequest, TResponse>(contract: RequestContract<TRequest, TResponse>, data: TRequest, context: CallContext): Promise<TResponse> {
    const envelope: Envelope<TRequest> = { ...context, data };
    return this.send<TResponse>(contract.subject, envelope, context.requestId);
  }

  /** Sends a raw payload (no envelope): pings. */
  async send<TResponse>(subject: string, payload: unknown, requestId: string, timeoutMs = this.timeoutMs): Promise<TResponse> {
    const natsHeaders = headers();
    natsHeaders.set(REQUEST_ID_HEADER, requestId);
    const record = new NatsRecordBuilder(payload).setHeaders(natsHeaders).build();
    const stopTimer = natsRequestDuration.startTimer({ subject });
    try {
      const reply = await firstValueFrom(this.client.send<TResponse>(subject, record).pipe(timeout(timeoutMs)));
      stopTimer({ outcome: 'ok' });
      return reply;
    } catch (error) {
      const problem = this.toProblem(error, subject, requestId);
      stopTimer({ outcome: String(problem.status) });
      throw new UpstreamProblemError(problem);
    }
  }

  private toProblem(error: unknown, subject: string, requestId: string): Problem {
    if (isProblem(error)) return error;
    if (error instanceof TimeoutError) {
      this.logger.warn({ subject, requestId }, 'NATS request timed out');
      return { type: CommonProblem.Timeout, title: 'Upstream timeout', status: 504, detail: 'A service took too long to answer. Try again.' };
    }
    // Nest's EmptyResponseException is not exported and has no name of its own (STACK.md B4).
    if (error instanceof Error && error.message.startsWith('Empty response')) {
      this.logger.warn({ subject, requestId }, 'No service instance answered');
      return { type: CommonProblem.ServiceUnavailable, title: 'Service unavailable', status: 503, detail: 'A service is not running. Try again shortly.' };
    }
    this.logger.error({ err: error, subject, requestId }, 'NATS request failed');
    return { type: CommonProblem.Internal, title: 'Bad gateway', status: 502, detail: 'A service answered in a way we did not expect.' };
  }
}
