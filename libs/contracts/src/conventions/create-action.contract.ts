import { ApiSchema } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { ActionFields, ConventionAction } from './convention-action.dto.js';

/** Adds an action to a convention (managers of a signatory). Its axis and responsible party must be the convention's (422). */
export const subject = 'conventions.v1.action.create';
@ApiSchema({ name: 'CreateConventionActionRequest' })
export class Request extends ActionFields {
  @IsUUID() conventionId!: string;
}
export class Response extends ConventionAction {}
