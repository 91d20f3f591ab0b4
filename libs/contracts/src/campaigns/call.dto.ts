import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, isISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateBy, ValidateNested } from 'class-validator';
import { DATE_TIME_PROPERTY, NAME_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim } from '../common/transforms.js';
import { CALL_OUTCOMES, type CallOutcome, OFFER_CONTRACT_TYPES, OFFER_STATUSES, type OfferContractType, type OfferStatus } from './campaign-enums.js';
import { fieldRule } from '../common/field-error-codes.js';

/** Longest notes of a call and description of an offer. */
export const CALL_TEXT_MAX_LENGTH = 5000;
/** Longest offer title. */
export const OFFER_TITLE_MAX_LENGTH = NAME_MAX_LENGTH;
/** At most this many offers noted on one call. */
export const OFFERS_PER_CALL_MAX = 20;
export const POSITIONS = { type: 'integer', format: 'int32', minimum: 1, maximum: 1000 } as const;
export const DURATION_SECONDS = { type: 'integer', format: 'int32', minimum: 0, maximum: 86_400 } as const;

/**
 * A moment with its offset, as a browser or a phone sends it: `2026-12-02T14:30:00+01:00` or
 * `…Z`. A time without an offset would be read in the server's zone, not the caller's.
 */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An optional moment with its offset (a real one: no 30 February); one message when it is not. */
export const OptionalDateTime = (options: { description: string; nullable?: boolean }): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ ...DATE_TIME_PROPERTY, nullable: options.nullable ?? false, description: options.description })(target, key);
  IsOptional()(target, key);
  MaxLength(DATE_TIME_PROPERTY.maxLength)(target, key);
  ValidateBy({
    name: 'isDateTimeWithOffset',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && DATE_TIME_WITH_OFFSET.test(value) && isISO8601(value, { strict: true }),
      defaultMessage: () => `${String(key)} must be a date-time with its offset, as 2026-12-02T14:30:00+01:00`,
    },
  })(target, key);
};

const upper = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim().toUpperCase() : value);

/** An optional ROME job code (D1102), shaped like the companies' `rome` filter; null clears it. */
export const OptionalRomeCode = (): PropertyDecorator => (target, key) => {
  ApiPropertyOptional({ type: String, nullable: true, maxLength: 5, description: 'ROME job code', example: 'D1102' })(target, key);
  IsOptional()(target, key);
  Transform(upper)(target, key);
  IsString()(target, key);
  Matches(/^[A-Z]\d{4}$/, { message: 'romeCode must be a ROME code such as D1102', context: fieldRule('romeCodeFormat') })(target, key);
};

/** A job offer a caller uncovered on a call (the "hidden market"). */
export class OfferFields {
  @ApiProperty({ minLength: 1, maxLength: OFFER_TITLE_MAX_LENGTH, example: 'Apprenti boulanger' })
  @Transform(trim) @IsString() @Length(1, OFFER_TITLE_MAX_LENGTH)
  title!: string;

  @ApiProperty({ enum: OFFER_CONTRACT_TYPES })
  @IsIn(OFFER_CONTRACT_TYPES)
  contractType!: OfferContractType;

  @ApiPropertyOptional({ ...POSITIONS, default: 1 })
  @OptionalNotNull() @IsInt() @Min(POSITIONS.minimum) @Max(POSITIONS.maximum)
  positions?: number;

  @OptionalRomeCode()
  romeCode?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CALL_TEXT_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(CALL_TEXT_MAX_LENGTH)
  description?: string | null;
}

/**
 * What a caller logs after a call. `callbackAt` goes with `callback` only and `meetingAt` with
 * `meeting` only, both in the future; `offers` are required (at least one) with `offer` and
 * allowed with `interested` and `meeting`. The service checks these (400 naming the field).
 */
export class CallFields {
  @ApiProperty({ ...UUID_PROPERTY, description: 'A target of the campaign' })
  @IsUUID()
  companyId!: string;

  @ApiPropertyOptional({ ...UUID_PROPERTY, nullable: true, description: "The person spoken to: one of the company's contacts" })
  @IsOptional() @IsUUID()
  contactId?: string | null;

  @ApiProperty({ enum: CALL_OUTCOMES })
  @IsIn(CALL_OUTCOMES)
  outcome!: CallOutcome;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CALL_TEXT_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(CALL_TEXT_MAX_LENGTH)
  notes?: string | null;

  @ApiPropertyOptional({ ...DURATION_SECONDS, nullable: true })
  @IsOptional() @IsInt() @Min(DURATION_SECONDS.minimum) @Max(DURATION_SECONDS.maximum)
  durationSeconds?: number | null;

  @OptionalDateTime({ nullable: true, description: 'Required with outcome callback (only then), in the future' })
  callbackAt?: string | null;

  @OptionalDateTime({ nullable: true, description: 'Required with outcome meeting (only then), in the future' })
  meetingAt?: string | null;

  @ApiPropertyOptional({ type: [OfferFields], maxItems: OFFERS_PER_CALL_MAX, description: 'At least one with outcome offer; allowed with interested and meeting' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(OFFERS_PER_CALL_MAX) @ValidateNested({ each: true }) @Type(() => OfferFields)
  offers?: OfferFields[];
}

/** An offer, with what it is about: its company, campaign and call. */
export class Offer extends Resource {
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty(UUID_PROPERTY) companyId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: 'Null once the company is deleted (or not known yet)' }) companyName!: string | null;
  @ApiProperty(UUID_PROPERTY) campaignId!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) campaignName!: string;
  @ApiProperty(UUID_PROPERTY) callId!: string;
  @ApiProperty({ maxLength: OFFER_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty({ enum: OFFER_CONTRACT_TYPES }) contractType!: OfferContractType;
  @ApiProperty(POSITIONS) positions!: number;
  @ApiProperty({ type: String, nullable: true, maxLength: 5 }) romeCode!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: CALL_TEXT_MAX_LENGTH }) description!: string | null;
  @ApiProperty({ enum: OFFER_STATUSES }) status!: OfferStatus;
}

/** A logged call. Immutable but for its notes. */
export class Call extends Resource {
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty(UUID_PROPERTY) campaignId!: string;
  @ApiProperty(UUID_PROPERTY) companyId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: 'Null once the company is deleted (or not known yet)' }) companyName!: string | null;
  @ApiProperty({ ...UUID_PROPERTY, nullable: true, description: 'Null when none was named, or once the contact is erased' }) contactId!: string | null;
  @ApiProperty({ ...UUID_PROPERTY, description: 'The member who logged the call' }) callerId!: string;
  @ApiProperty({ enum: CALL_OUTCOMES }) outcome!: CallOutcome;
  @ApiProperty({ type: String, nullable: true, maxLength: CALL_TEXT_MAX_LENGTH }) notes!: string | null;
  @ApiProperty({ ...DURATION_SECONDS, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) callbackAt!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) meetingAt!: string | null;
  @ApiProperty(DATE_TIME_PROPERTY) calledAt!: string;
  @ApiProperty({ type: [Offer], maxItems: OFFERS_PER_CALL_MAX }) offers!: Offer[];
}
