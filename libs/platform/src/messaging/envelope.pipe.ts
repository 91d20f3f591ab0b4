import { Envelope } from '@app/contracts';
import type { PipeTransform } from '@nestjs/common';
import { assertBeforeDeadline, ValidationFailedError } from '../errors/domain-error.js';
import { unsafeInputErrors } from '../errors/unsafe-input.js';
import { compiledValidator, slowValidation } from '../validation/compiled-validator.js';
import { decodePayload } from './payload-validation.js';

/** An envelope's own fields are checked, others beside them tolerated (a newer caller may add some). */
const ENVELOPE_CHECKS = { forbidUnknownValues: true } as const;

/**
 * Validates a request envelope and its `data` against the contract's Request class: NATS is a trust
 * boundary, so services check every payload even though the gateway did. Failures become a 400
 * problem listing every invalid field; a request whose deadline has passed is refused (504). The raw
 * payload is walked first (NUL, lone surrogates, depth): class-transformer would overflow the stack on
 * deep nesting, PostgreSQL refuses NUL.
 */
export class EnvelopePipe<T extends object> implements PipeTransform<unknown, Promise<Envelope<T>>> {
  constructor(private readonly RequestClass: new () => T) {}

  async transform(value: unknown): Promise<Envelope<T>> {
    if (typeof value !== 'object' || value === null) throw new ValidationFailedError([{ field: '', code: 'notObject', message: 'payload must be an object' }]);
    const { data, ...rest } = value as Record<string, unknown>;
    const unsafe = unsafeInputErrors(rest, 'envelope');
    if (unsafe.length > 0) throw new ValidationFailedError([...unsafe, ...unsafeInputErrors(data)]);
    const checked = compiledValidator(Envelope, ENVELOPE_CHECKS)(rest) ?? (await slowValidation(Envelope, rest, ENVELOPE_CHECKS));
    const envelope = (checked.valid ? checked.payload : checked.instance) as Envelope<T>;
    const decoded = await decodePayload(this.RequestClass, data);
    const errors = [
      ...(checked.valid ? [] : checked.errors.map((e) => ({ ...e, field: `envelope.${e.field}` }))),
      ...(decoded.valid ? [] : decoded.errors),
    ];
    if (errors.length > 0 || !decoded.valid) throw new ValidationFailedError(errors);
    // The caller has already given up (it answered 504): its request is not worked on at all.
    assertBeforeDeadline(envelope.deadline);
    envelope.data = decoded.payload;
    return envelope;
  }
}

/** `@Payload(envelopeOf(CreateCompany.Request))`. */
export const envelopeOf = <T extends object>(RequestClass: new () => T): EnvelopePipe<T> => new EnvelopePipe(RequestClass);
