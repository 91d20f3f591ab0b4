import { toFieldErrors, ValidationFailedError } from '@app/platform';
import { ValidationPipe } from '@nestjs/common';

/** Bodies, params and queries: unknown fields refused, every invalid field listed in one 400. */
export const httpValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationFailedError(toFieldErrors(errors)),
  });
