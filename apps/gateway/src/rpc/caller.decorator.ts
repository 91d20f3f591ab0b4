import type { Envelope } from '@app/contracts';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { ForbiddenError, ValidationFailedError } from '@app/platform';

export type Caller = Pick<Envelope<unknown>, 'actor' | 'requestId' | 'idempotency'>;

const IDEMPOTENCY_HEADER = 'idempotency-key';
/** The stored key's size. */
export const IDEMPOTENCY_KEY_MAX_LENGTH = 255;

/**
 * The envelope fields of a request to a service: the actor from the token (which must name an
 * organisation), the request id, and the Idempotency-Key with a fingerprint of method, path and body.
 */
export const CallerContext = createParamDecorator((_: unknown, context: ExecutionContext): Caller => {
  const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const user = request.user;
  if (!user?.organizationId) {
    throw new ForbiddenError('This route works inside an organisation: log in naming one.');
  }
  const caller: Caller = { actor: { userId: user.userId, organizationId: user.organizationId, role: user.role }, requestId: request.id };
  const key = request.headers[IDEMPOTENCY_HEADER];
  if (key !== undefined) caller.idempotency = { key: validKey(key), fingerprint: fingerprint(request) };
  return caller;
});

/** 1 to 255 characters (the stored key's size), else 400. */
export function validKey(key: string | string[]): string {
  if (typeof key === 'string' && key.length >= 1 && key.length <= IDEMPOTENCY_KEY_MAX_LENGTH) return key;
  throw new ValidationFailedError([{ field: 'Idempotency-Key', code: 'lengthBetween', params: { min: 1, max: 255 }, message: 'must be 1 to 255 characters' }], 'Idempotency-Key must be one string of 1 to 255 characters.');
}

/** The same key with another method, path, caller or body is a different request (422). */
export function fingerprint(request: AuthenticatedRequest): string {
  const path = request.url.split('?')[0];
  return createHash('sha256')
    .update(`${request.method} ${path}\n${request.user?.userId ?? ''}\n${canonicalJson(request.body)}`)
    .digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
