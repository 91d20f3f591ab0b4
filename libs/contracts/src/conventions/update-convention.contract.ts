import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { Convention, ConventionChanges } from './convention.dto.js';

/**
 * Changes a convention (managers of a signatory party), only at `expectedVersion` (412 otherwise).
 * NotFound (404) for a non-party; 422 when the change would drop the actor's signature, an axis still
 * named by an action or an indicator, or a party still responsible for an action.
 */
export const subject = 'conventions.v1.convention.update';
export class Request {
  @IsUUID() id!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsDefined() @ValidateNested() @Type(() => ConventionChanges) changes!: ConventionChanges;
}
export class Response extends Convention {}
