import type { FieldError } from '@app/contracts';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { unsafeInputErrors } from '../errors/unsafe-input.js';
import { toFieldErrors } from '../errors/validation.js';

/** How every payload crossing NATS is checked: a request's `data` and an event's alike. */
const PAYLOAD_VALIDATION = { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true } as const;

export type DecodedPayload<T> = { valid: true; payload: T } | { valid: false; errors: FieldError[] };

/**
 * A raw payload as an instance of its contract's class, or every reason it is not one. The raw value
 * is walked first (NUL, lone surrogates, depth): class-transformer would overflow the stack on deep
 * nesting, PostgreSQL refuses NUL. Unknown fields are refused, not dropped.
 */
export async function decodePayload<T extends object>(PayloadClass: new () => T, data: unknown): Promise<DecodedPayload<T>> {
  const unsafe = unsafeInputErrors(data);
  if (unsafe.length > 0) return { valid: false, errors: unsafe };
  const payload = plainToInstance(PayloadClass, data ?? {});
  const errors = toFieldErrors(await validate(payload, PAYLOAD_VALIDATION));
  return errors.length > 0 ? { valid: false, errors } : { valid: true, payload };
}
