import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, IsUUID, MaxLength, Min, ValidateIf, ValidateNested } from 'class-validator';
import { Call, CALL_TEXT_MAX_LENGTH } from './call.dto.js';

/** A call is immutable but for its notes: `notes` is required, null clears them. */
export class CallChanges {
  @ApiProperty({ type: String, nullable: true, maxLength: CALL_TEXT_MAX_LENGTH })
  @ValidateIf((_object: object, value: unknown) => value !== null) @IsString() @MaxLength(CALL_TEXT_MAX_LENGTH)
  notes!: string | null;
}

/**
 * Changes a call's notes (the member who logged it, or a manager) at `expectedVersion` (412
 * otherwise). Fails with NotFound (404), Forbidden (403: anyone else).
 */
export const subject = 'campaigns.v1.call.update';
export class Request {
  @IsUUID() campaignId!: string;
  @IsUUID() id!: string;
  @IsInt() @Min(1) expectedVersion!: number;
  @IsDefined() @ValidateNested() @Type(() => CallChanges) changes!: CallChanges;
}
export class Response extends Call {}
