import { ApiProperty } from '@nestjs/swagger';
import { DATE_TIME_PROPERTY, NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';

/** `?due=` of GET /me/callbacks. */
export const CALLBACK_DUE_FILTERS = ['today', 'overdue', 'all'] as const;
export type CallbackDueFilter = (typeof CALLBACK_DUE_FILTERS)[number];

/** A callback the caller booked and still owes. */
export class MyCallback {
  @ApiProperty(UUID_PROPERTY) campaignId!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) campaignName!: string;
  @ApiProperty(UUID_PROPERTY) companyId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: 'null while the company is not yet known to the campaigns service' })
  companyName!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: PHONE_INPUT_MAX_LENGTH, description: 'E.164' }) phone!: string | null;
  @ApiProperty(DATE_TIME_PROPERTY) callbackAt!: string;
}
