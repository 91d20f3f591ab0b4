import { ApiSchema } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ConventionIndicator, IndicatorFields } from './convention-indicator.dto.js';

/** Adds an indicator to a convention (managers of a signatory). It counts from 0, from now on. */
export const subject = 'conventions.v1.indicator.create';
@ApiSchema({ name: 'CreateConventionIndicatorRequest' })
export class Request extends IndicatorFields {
  @IsUUID() conventionId!: string;
}
export class Response extends ConventionIndicator {}
