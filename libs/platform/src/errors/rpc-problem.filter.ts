import { isProblem } from '@app/contracts';
import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';
import { isDatabaseUnavailable } from '../database/errors.js';
import { DomainError, internalProblem, ServiceUnavailableError } from './domain-error.js';

/**
 * Service side of the error contract: a DomainError goes to the caller as its problem object
 * (Nest passes plain objects through unchanged); anything else is logged with its stack and goes
 * out as a bare 500 problem, so no SQL or internal name leaves the service. A database that cannot be
 * reached is a 503 with Retry-After: the request may well succeed in a moment.
 */
@Catch()
export class RpcProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('RpcProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() !== 'rpc') {
      const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): void } }>();
      this.logger.error(exception);
      reply.status(500).send(internalProblem());
      return;
    }
    if (exception instanceof DomainError) return throwError(() => exception.toProblem());
    if (isProblem(exception)) return throwError(() => exception);
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'Database unavailable');
      return throwError(() => new ServiceUnavailableError().toProblem());
    }
    this.logger.error({ err: exception }, 'Unhandled error in message handler');
    return throwError(() => internalProblem());
  }
}
