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

/** A change that does not say which version it read (no If-Match, or `*`): 428, nothing changed. */
export class PreconditionRequiredError extends DomainError {
  constructor() {
    super({
      type: CommonProblem.PreconditionRequired,
      title: 'If-Match required',
      status: 428,
      detail: 'A change must send the version it read in If-Match, as in If-Match: "3" (the ETag of the last read).',
      errors: [{ field: 'If-Match', code: 'required', message: 'is required: the version you read, in quotes' }],
    });
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
    // Extensions first: one named like a core field (a campaign's `status`) must not replace it.
    super({ ...extensions, type, title: 'Request breaks a business rule', status: 422, detail });
  }
}

export class ConflictError extends DomainError {
  constructor(type: string, title: string, detail: string, extensions: Record<string, unknown> = {}) {
    super({ ...extensions, type, title, status: 409, detail });
  }
}

export class UnauthenticatedError extends DomainError {
  constructor(detail = 'Log in first.') {
    super({ type: CommonProblem.Unauthenticated, title: 'Unauthenticated', status: 401, detail });
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

/** The request under this Idempotency-Key was answered, then its result erased (GDPR): replaying it must not bring it back. */
export class IdempotentResultErasedError extends DomainError {
  constructor() {
    super({
      type: CommonProblem.IdempotentResultErased,
      title: 'Result erased',
      status: 410,
      detail: 'What this Idempotency-Key created has since been erased; it is not created again.',
    });
  }
}

/** Seconds a client is told to wait (Retry-After) when the database or the broker is unavailable. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** The database or the message broker cannot be reached: 503 with Retry-After, never a 500. */
export class ServiceUnavailableError extends DomainError {
  constructor(detail = 'The service cannot reach its database just now. Nothing was changed; try again in a moment.', extensions: Record<string, unknown> = {}) {
    super({
      type: CommonProblem.ServiceUnavailable,
      title: 'Service unavailable',
      status: 503,
      detail,
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      ...extensions,
    });
  }
}

/**
 * The caller's deadline (Envelope.deadline) has passed: the work is not started, or the write is
 * rolled back. Nobody reads this answer (the caller has answered 504); it is logged.
 */
export class DeadlineExceededError extends DomainError {
  constructor() {
    super({ type: CommonProblem.Timeout, title: 'Deadline exceeded', status: 504, detail: 'The caller stopped waiting; nothing was changed.' });
  }
}

/** Throws DeadlineExceededError when `deadline` (epoch ms, Envelope.deadline) has passed. */
export function assertBeforeDeadline(deadline: number | undefined): void {
  if (deadline !== undefined && Date.now() >= deadline) throw new DeadlineExceededError();
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

/** The problem for anything unexpected: no detail, nothing internal. */
export const internalProblem = (): Problem => ({
  type: CommonProblem.Internal,
  title: 'Internal error',
  status: 500,
  detail: 'Something went wrong on our side. It has been logged; quote the request id if you report it.',
});
