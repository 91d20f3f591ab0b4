import { assertSafeInput, compiledValidator, STRICT_VALIDATION, toFieldErrors, ValidationFailedError } from '@app/platform';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/** What Nest's ValidationPipe does not validate (toValidate): these go through it as they always have. */
const UNVALIDATED_TYPES: readonly unknown[] = [String, Boolean, Number, Array, Object, Buffer, Date];

/**
 * Bodies, params and queries: unknown fields refused, every invalid field listed in one 400. Before
 * any transformation, the raw value is walked (assertSafeInput): NUL, lone surrogates and absurd
 * nesting answer 400 here, whatever the route and even when its body is typed `unknown`. A class is
 * then checked by its compiled validator (the same answers as class-validator, without its metadata
 * look-ups per request); what that hands over goes through Nest's ValidationPipe.
 */
class HttpValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    assertSafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    // ValidationPipe reads a `null` body as `{}`: a PATCH of nothing would then succeed.
    if (metadata.type === 'body' && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationFailedError([{ field: '', code: 'notObject', message: 'the body must be a JSON object' }]);
    }
    const { metatype } = metadata;
    if (typeof metatype === 'function' && !UNVALIDATED_TYPES.includes(metatype)) {
      const result = compiledValidator(metatype as new () => object)(value);
      if (result?.valid === false) throw new ValidationFailedError(result.errors);
      if (result) return result.payload;
    }
    return super.transform(value, metadata);
  }
}

export const httpValidationPipe = (): ValidationPipe =>
  new HttpValidationPipe({
    ...STRICT_VALIDATION,
    transform: true,
    // toFieldErrors reads the constraints' arguments (a max length) through the object validated.
    validationError: { target: true },
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
