import { NotFoundError } from '@app/platform';
import { UUID_PROPERTY } from '@app/contracts';
import { Param, ParseUUIDPipe } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';

/**
 * A path id: anything that is not a UUID names nothing, so it answers 404 like an unknown id.
 * Documented as a UUID on the route, so that the document says what the pipe checks.
 */
export const IdParam =
  (name = 'id'): ParameterDecorator =>
  (target, method, index) => {
    Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError() }))(target, method, index);
    if (method === undefined) return;
    const descriptor = Object.getOwnPropertyDescriptor(target, method)!;
    ApiParam({ name, schema: { ...UUID_PROPERTY, type: 'string' } })(target, method, descriptor);
  };
