import { ApiSchema } from '@nestjs/swagger';
import { Convention, ConventionFields } from './convention.dto.js';

/**
 * Creates a convention (managers). The actor's organisation must be a signatory (SignatoryRequired,
 * 422). The gateway has checked that every party's organisation exists.
 */
export const subject = 'conventions.v1.convention.create';
@ApiSchema({ name: 'CreateConventionBody' })
export class Request extends ConventionFields {}
export class Response extends Convention {}
