import { REQUEST_ID_HEADER } from '@app/contracts';
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { Observable } from 'rxjs';
import { requestContext } from '../logging/request-context.js';
import { rpcDuration } from '../ops/metrics.js';

/**
 * Runs each message handler inside a request context (request id from the NATS header, else the
 * envelope) and times it for /metrics.
 */
@Injectable()
export class RpcContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const rpc = context.switchToRpc();
    const nats = rpc.getContext<NatsContext>();
    const subject = nats.getSubject();
    const data = rpc.getData<{ requestId?: unknown } | undefined>();
    const requestId =
      nats.getHeaders?.()?.get(REQUEST_ID_HEADER) ||
      (typeof data?.requestId === 'string' ? data.requestId : undefined) ||
      randomUUID();
    return new Observable((subscriber) => {
      const stopTimer = rpcDuration.startTimer({ subject });
      return requestContext.run({ requestId, subject }, () =>
        next.handle().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => {
            stopTimer({ outcome: 'error' });
            subscriber.error(error);
          },
          complete: () => {
            stopTimer({ outcome: 'ok' });
            subscriber.complete();
          },
        }),
      );
    });
  }
}
