import { CommonProblem } from '@app/contracts';
import { toFieldErrors } from '@app/platform';
import { ValidationPipe } from '@nestjs/common';
import { HttpProblem } from './http-problem.js';

/** Bodies, params and queries: unknown fields refused, every invalid field listed in one 400. */
export const httpValidationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) =>
      new HttpProblem({
        type: CommonProblem.ValidationFailed,
        title: 'Invalid request',
        status: 400,
        detail: 'Some fields are invalid.',
        errors: toFieldErrors(errors),
      }),
  });
