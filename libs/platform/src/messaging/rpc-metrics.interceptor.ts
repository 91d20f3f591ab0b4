import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import { type Observable, tap } from 'rxjs';
import { rpcDuration } from '../ops/metrics.js';

/** Times every message handler for /metrics, by subject and outcome. */
@Injectable()
export class RpcMetricsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'rpc') return next.handle();
    const stopTimer = rpcDuration.startTimer({ subject: context.switchToRpc().getContext<NatsContext>().getSubject() });
    return next.handle().pipe(
      tap({
        complete: () => stopTimer({ outcome: 'ok' }),
        error: () => stopTimer({ outcome: 'error' }),
      }),
    );
  }
}
