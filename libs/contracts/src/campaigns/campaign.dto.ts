import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { DAY_PROPERTY as CALENDAR_DAY_PROPERTY, Day } from '../common/calendar-day.js';
import { NAME_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim } from '../common/transforms.js';
import { CAMPAIGN_STATUSES, type CampaignStatus, DEFAULT_COOLDOWN_DAYS } from './campaign-enums.js';

/** Longest description or call script: a few pages of text. */
export const CAMPAIGN_TEXT_MAX_LENGTH = 20_000;
export const MAX_COOLDOWN_DAYS = 365;
const COMPANIES_TO_CONTACT = { type: 'integer', format: 'int32', minimum: 1, maximum: 1_000_000 } as const;
const COOLDOWN_DAYS = { type: 'integer', format: 'int32', minimum: 0, maximum: MAX_COOLDOWN_DAYS } as const;
/** A campaign's days may be unset. */
const DAY_PROPERTY = { ...CALENDAR_DAY_PROPERTY, nullable: true } as const;

export class CampaignGoal {
  @ApiPropertyOptional({ ...COMPANIES_TO_CONTACT, nullable: true, description: 'How many companies the campaign means to contact' })
  @IsOptional() @IsInt() @Min(COMPANIES_TO_CONTACT.minimum) @Max(COMPANIES_TO_CONTACT.maximum)
  companiesToContact?: number | null;
}

/** The writable fields of a campaign, shared by create and change (where each is optional). */
export class CampaignFields {
  @ApiProperty({ minLength: 1, maxLength: NAME_MAX_LENGTH, example: 'Apprentissage Dunkerque 2027' })
  @Transform(trim) @IsString() @Length(1, NAME_MAX_LENGTH)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CAMPAIGN_TEXT_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(CAMPAIGN_TEXT_MAX_LENGTH)
  description?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CAMPAIGN_TEXT_MAX_LENGTH, description: 'What callers say' })
  @IsOptional() @IsString() @MaxLength(CAMPAIGN_TEXT_MAX_LENGTH)
  script?: string | null;

  @ApiPropertyOptional(DAY_PROPERTY)
  @IsOptional() @Day()
  startsOn?: string | null;

  @ApiPropertyOptional({ ...DAY_PROPERTY, description: 'On or after startsOn' })
  @IsOptional() @Day()
  endsOn?: string | null;

  @ApiPropertyOptional({ type: CampaignGoal, nullable: true })
  @IsOptional() @ValidateNested() @Type(() => CampaignGoal)
  goal?: CampaignGoal | null;

  @ApiPropertyOptional({ ...UUID_PROPERTY, nullable: true, description: "The partnership convention: its partner organisations' volunteers may then call in it" })
  @IsOptional() @IsUUID()
  conventionId?: string | null;

  @ApiPropertyOptional({ ...COOLDOWN_DAYS, default: DEFAULT_COOLDOWN_DAYS, description: "A company called in another of the organisation's campaigns within that many days is not handed out; 0 turns it off" })
  @OptionalNotNull() @IsInt() @Min(COOLDOWN_DAYS.minimum) @Max(COOLDOWN_DAYS.maximum)
  cooldownDays?: number;
}

// skipNullProperties false: `name: null` is refused (PartialType's IsOptional would let null through);
// the fields that may be cleared keep their own IsOptional.
/** A change: any writable field, and `status` (draft → active ⇄ paused → closed; closed is final). */
export class CampaignChanges extends PartialType(CampaignFields, { skipNullProperties: false }) {
  @ApiPropertyOptional({ enum: CAMPAIGN_STATUSES, description: 'draft → active ⇄ paused → closed (also draft → closed); closed is final: 422 otherwise' })
  @OptionalNotNull() @IsIn(CAMPAIGN_STATUSES)
  status?: CampaignStatus;
}

export class CampaignGoalView {
  @ApiProperty({ ...COMPANIES_TO_CONTACT, nullable: true }) companiesToContact!: number | null;
}

export class Campaign extends Resource {
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: CAMPAIGN_TEXT_MAX_LENGTH }) description!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: CAMPAIGN_TEXT_MAX_LENGTH }) script!: string | null;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
  @ApiProperty(DAY_PROPERTY) startsOn!: string | null;
  @ApiProperty(DAY_PROPERTY) endsOn!: string | null;
  @ApiProperty({ type: CampaignGoalView }) goal!: CampaignGoalView;
  @ApiProperty({ ...UUID_PROPERTY, nullable: true }) conventionId!: string | null;
  @ApiProperty(COOLDOWN_DAYS) cooldownDays!: number;
  @ApiProperty({ ...UUID_PROPERTY, description: 'The member who created it' }) createdBy!: string;
}
