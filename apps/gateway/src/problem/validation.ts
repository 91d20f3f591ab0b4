import { assertSafeInput, toFieldErrors, ValidationFailedError } from '@app/platform';
import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/**
 * Bodies, params and queries: unknown fields refused, every invalid field listed in one 400. Before
 * any transformation, the raw value is walked (assertSafeInput): NUL, lone surrogates and absurd
 * nesting answer 400 here, whatever the route and even when its body is typed `unknown`.
 */
class HttpValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    assertSafeInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    // ValidationPipe reads a `null` body as `{}`: a PATCH of nothing would then succeed.
    if (metadata.type === 'body' && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
      throw new ValidationFailedError([{ field: '', code: 'notObject', message: 'the body must be a JSON object' }]);
    }
    return super.transform(value, metadata);
  }
}

export const httpValidationPipe = (): ValidationPipe =>
  new HttpValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    // toFieldErrors reads the constraints' arguments (a max length) through the object validated.
    validationError: { target: true },
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
