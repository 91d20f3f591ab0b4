import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME_PROPERTY, NAME_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { CALL_OUTCOMES, type CallOutcome, MAX_ATTEMPTS, TARGET_STATUSES, type TargetStatus } from './campaign-enums.js';

/** A company in a campaign's queue, and where it stands. */
export class Target {
  @ApiProperty(UUID_PROPERTY) companyId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: 'Null until the campaigns service has heard of the company' })
  companyName!: string | null;
  @ApiProperty({ enum: TARGET_STATUSES }) status!: TargetStatus;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 0, maximum: MAX_ATTEMPTS + 100 }) attempts!: number;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true }) lastOutcome!: CallOutcome | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) lastCalledAt!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) callbackAt!: string | null;
  @ApiProperty(DATE_TIME_PROPERTY) addedAt!: string;
}
