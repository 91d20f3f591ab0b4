import type { FieldError } from '@app/contracts';
import { unsafeInputErrors } from '../errors/unsafe-input.js';
import { compiledValidator, slowValidation } from '../validation/compiled-validator.js';

export type DecodedPayload<T> = { valid: true; payload: T } | { valid: false; errors: FieldError[] };

/**
 * A raw payload as an instance of its contract's class, or every reason it is not one. The raw value
 * is walked first (NUL, lone surrogates, depth): class-transformer would overflow the stack on deep
 * nesting, PostgreSQL refuses NUL. Unknown fields are refused, not dropped. The contract's validator
 * is compiled once (compiled-validator.ts); what it hands over goes through class-validator itself.
 */
export async function decodePayload<T extends object>(PayloadClass: new () => T, data: unknown): Promise<DecodedPayload<T>> {
  const unsafe = unsafeInputErrors(data);
  if (unsafe.length > 0) return { valid: false, errors: unsafe };
  return compiledValidator(PayloadClass)(data) ?? slowValidation(PayloadClass, data);
}
