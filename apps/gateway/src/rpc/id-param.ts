import { Param, ParseUUIDPipe } from '@nestjs/common';
import { NotFoundError } from '@app/platform';

/** A path id: anything that is not a UUID names nothing, so it answers 404 like an unknown id. */
export const IdParam = (name = 'id') => Param(name, new ParseUUIDPipe({ exceptionFactory: () => new NotFoundError() }));
