import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsUUID, Min, ValidateNested } from 'class-validator';
import { ConventionIndicator, IndicatorChanges } from './convention-indicator.dto.js';

/** Changes an indicator, only at `expectedVersion`: see IndicatorChanges for who changes what. */
export const subject = 'conventions.v1.indicator.update';
export class Request {
  @IsUUID() conventionId!: string;
  @IsUUID() id!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsDefined() @ValidateNested() @Type(() => IndicatorChanges) changes!: IndicatorChanges;
}
export class Response extends ConventionIndicator {}
