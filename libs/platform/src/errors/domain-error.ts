import { CommonProblem, type FieldError, type Problem } from '@app/contracts';

/**
 * An expected failure, carrying the problem (RFC 9457) it becomes on the wire. Services throw these
 * and never HttpException; the RPC filter sends `toProblem()` to the caller.
 */
export class DomainError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = new.target.name;
  }

  get status(): number {
    return this.problem.status;
  }

  toProblem(): Problem {
    return { ...this.problem };
  }
}

export class NotFoundError extends DomainError {
  constructor(what = 'resource', type: string = CommonProblem.NotFound) {
    super({ type, title: 'Not found', status: 404, detail: `This ${what} does not exist.` });
  }
}

export class ValidationFailedError extends DomainError {
  constructor(errors: FieldError[], detail = 'Some fields are invalid.') {
    super({ type: CommonProblem.ValidationFailed, title: 'Invalid request', status: 400, detail, errors });
  }
}

export class PreconditionFailedError extends DomainError {
  constructor(currentVersion?: number) {
    super({
      type: CommonProblem.PreconditionFailed,
      title: 'Stale version',
      status: 412,
      detail: 'Someone changed this resource since you read it; read it again and retry.',
      ...(currentVersion === undefined ? {} : { currentVersion }),
    });
  }
}

export class BusinessRuleError extends DomainError {
  constructor(detail: string, type: string = CommonProblem.BusinessRule, extensions: Record<string, unknown> = {}) {
    super({ type, title: 'Request breaks a business rule', status: 422, detail, ...extensions });
  }
}

export class ConflictError extends DomainError {
  constructor(type: string, title: string, detail: string, extensions: Record<string, unknown> = {}) {
    super({ type, title, status: 409, detail, ...extensions });
  }
}

export class ForbiddenError extends DomainError {
  constructor(detail = 'Your role does not allow this.') {
    super({ type: CommonProblem.Forbidden, title: 'Forbidden', status: 403, detail });
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  constructor() {
    super({
      type: CommonProblem.IdempotencyKeyReused,
      title: 'Idempotency key reused',
      status: 422,
      detail: 'This Idempotency-Key was already used with a different request.',
    });
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(detail: string) {
    super({ type: CommonProblem.PayloadTooLarge, title: 'Request body too large', status: 413, detail });
  }
}

export class UnsupportedMediaTypeError extends DomainError {
  constructor(detail: string) {
    super({ type: CommonProblem.UnsupportedMediaType, title: 'Unsupported content type', status: 415, detail });
  }
}

/** Something this request needs cannot answer now (a dependency down, a service not ready). */
export class ServiceUnavailableError extends DomainError {
  constructor(title: string, detail: string, extensions: Record<string, unknown> = {}) {
    super({ type: CommonProblem.ServiceUnavailable, title, status: 503, detail, ...extensions });
  }
}

/** The problem for anything unexpected: no detail, nothing internal. */
export const internalProblem = (): Problem => ({
  type: CommonProblem.Internal,
  title: 'Internal error',
  status: 500,
  detail: 'Something went wrong on our side. It has been logged; quote the request id if you report it.',
});
