import type { FieldErrorCode, FieldErrorParams } from './field-error-codes.js';

/**
 * One invalid field of a 400 (or of a 422 that names its field): `code` is the rule broken (stable,
 * for clients to say it in their own language), `params` what the rule needs to be said (`{ max: 200 }`),
 * `message` the same in English.
 */
export interface FieldError {
  field: string;
  code: FieldErrorCode;
  message: string;
  params?: FieldErrorParams;
}

/**
 * RFC 9457 problem details: the one error shape on HTTP and on NATS. Services reply with it;
 * the gateway adds `instance` and `requestId` and renders it as `application/problem+json`.
 */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Problem types shared by every service. Each service adds its own in its contracts folder. */
export const CommonProblem = {
  ValidationFailed: '/problems/validation-failed',
  MalformedRequest: '/problems/malformed-request',
  Unauthenticated: '/problems/unauthenticated',
  Forbidden: '/problems/forbidden',
  NotFound: '/problems/not-found',
  Conflict: '/problems/conflict',
  PreconditionFailed: '/problems/precondition-failed',
  PreconditionRequired: '/problems/precondition-required',
  PayloadTooLarge: '/problems/payload-too-large',
  UnsupportedMediaType: '/problems/unsupported-media-type',
  BusinessRule: '/problems/business-rule',
  IdempotencyKeyReused: '/problems/idempotency-key-reused',
  IdempotentResultErased: '/problems/idempotent-result-erased',
  TooManyRequests: '/problems/too-many-requests',
  ServiceUnavailable: '/problems/service-unavailable',
  Timeout: '/problems/upstream-timeout',
  Internal: '/problems/internal',
} as const;

export function isProblem(value: unknown): value is Problem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Problem).type === 'string' &&
    typeof (value as Problem).status === 'number' &&
    typeof (value as Problem).title === 'string'
  );
}
