import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { ActionChanges, ConventionAction } from './convention-action.dto.js';

/**
 * Changes an action, only at `expectedVersion`: managers of a signatory change anything, the
 * managers of its responsible organisation its `status` alone.
 */
export const subject = 'conventions.v1.action.update';
export class Request {
  @IsUUID() conventionId!: string;
  @IsUUID() id!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsDefined() @ValidateNested() @Type(() => ActionChanges) changes!: ActionChanges;
}
export class Response extends ConventionAction {}
