import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DAY_PROPERTY, Day } from '../common/calendar-day.js';
import { UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim } from '../common/transforms.js';
import { fieldRule } from '../common/field-error-codes.js';
import {
  AXES_MAX_ITEMS,
  AXIS_CODE_MAX_LENGTH,
  AXIS_CODE_PATTERN,
  CONVENTION_REFERENCE_MAX_LENGTH,
  CONVENTION_TEXT_MAX_LENGTH,
  CONVENTION_TITLE_MAX_LENGTH,
  PARTIES_MAX_ITEMS,
  PARTY_ROLES,
  type PartyRole,
} from './convention-enums.js';

export const AXIS_CODE_PROPERTY = { type: String, minLength: 1, maxLength: AXIS_CODE_MAX_LENGTH, pattern: AXIS_CODE_PATTERN.source, example: 'A1' } as const;
/** An axis code as bodies give it: checked once, for the axes, the actions and the indicators. */
export const AxisCode = (): PropertyDecorator => (target, key) => {
  Transform(trim)(target, key);
  IsString()(target, key);
  Length(1, AXIS_CODE_MAX_LENGTH)(target, key);
  Matches(AXIS_CODE_PATTERN, { message: `${String(key)} must be letters, digits, - or _`, context: fieldRule('axisCodeFormat') })(target, key);
};

export class ConventionParty {
  @ApiProperty({ ...UUID_PROPERTY, description: 'An organisation (GET /organizations)' })
  @IsUUID() organizationId!: string;

  @ApiProperty({ enum: PARTY_ROLES, description: "signatory: its managers change the convention; partner: reads it and carries actions" })
  @IsIn(PARTY_ROLES) role!: PartyRole;
}

export class ConventionAxis {
  @ApiProperty({ ...AXIS_CODE_PROPERTY, description: 'Unique in the convention; actions and indicators name it' })
  @AxisCode() code!: string;

  @ApiProperty({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH, example: "Promouvoir l'apprentissage" })
  @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CONVENTION_TEXT_MAX_LENGTH })
  @IsOptional() @IsString() @MaxLength(CONVENTION_TEXT_MAX_LENGTH) description?: string | null;
}

const PARTIES_PROPERTY: ApiPropertyOptions = { type: [ConventionParty], minItems: 1, maxItems: PARTIES_MAX_ITEMS, description: 'Each organisation once; the creator among the signatories' };
const AXES_PROPERTY: ApiPropertyOptions = { type: [ConventionAxis], maxItems: AXES_MAX_ITEMS };

/** The writable fields of a convention. */
export class ConventionFields {
  @ApiProperty({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH, example: 'Apprentissage dans les métiers de bouche, Dunkerque 2027' })
  @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) title!: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CONVENTION_REFERENCE_MAX_LENGTH, example: 'CONV-2027-014' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(CONVENTION_REFERENCE_MAX_LENGTH) reference?: string | null;

  @ApiPropertyOptional({ ...DAY_PROPERTY, nullable: true, description: 'Null while unsigned' })
  @IsOptional() @Day() signedOn?: string | null;

  @ApiProperty(DAY_PROPERTY)
  @Day() startsOn!: string;

  @ApiProperty({ ...DAY_PROPERTY, description: 'On or after startsOn' })
  @Day() endsOn!: string;

  @ApiProperty(PARTIES_PROPERTY)
  @IsDefined() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PARTIES_MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ConventionParty)
  parties!: ConventionParty[];

  @ApiPropertyOptional({ ...AXES_PROPERTY, description: 'Default: none' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(AXES_MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ConventionAxis)
  axes?: ConventionAxis[];
}

/** A change: any field; `parties` and `axes`, when given, replace the whole list. */
export class ConventionChanges {
  @ApiPropertyOptional({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH })
  @OptionalNotNull() @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) title?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: CONVENTION_REFERENCE_MAX_LENGTH })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(CONVENTION_REFERENCE_MAX_LENGTH) reference?: string | null;

  @ApiPropertyOptional({ ...DAY_PROPERTY, nullable: true })
  @IsOptional() @Day() signedOn?: string | null;

  @ApiPropertyOptional(DAY_PROPERTY)
  @OptionalNotNull() @Day() startsOn?: string;

  @ApiPropertyOptional(DAY_PROPERTY)
  @OptionalNotNull() @Day() endsOn?: string;

  @ApiPropertyOptional({ ...PARTIES_PROPERTY, description: 'Replaces the parties; your organisation stays a signatory; a party responsible for an action stays' })
  @OptionalNotNull() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(PARTIES_MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ConventionParty)
  parties?: ConventionParty[];

  @ApiPropertyOptional({ ...AXES_PROPERTY, description: 'Replaces the axes; an axis an action or an indicator names stays' })
  @OptionalNotNull() @IsArray() @ArrayMaxSize(AXES_MAX_ITEMS) @ValidateNested({ each: true }) @Type(() => ConventionAxis)
  axes?: ConventionAxis[];
}

export class ConventionAxisView {
  @ApiProperty({ maxLength: AXIS_CODE_MAX_LENGTH }) code!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: CONVENTION_TEXT_MAX_LENGTH }) description!: string | null;
}

export class Convention extends Resource {
  @ApiProperty({ ...UUID_PROPERTY, description: 'The organisation that created it' }) organizationId!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: CONVENTION_REFERENCE_MAX_LENGTH }) reference!: string | null;
  @ApiProperty({ ...DAY_PROPERTY, nullable: true }) signedOn!: string | null;
  @ApiProperty(DAY_PROPERTY) startsOn!: string;
  @ApiProperty(DAY_PROPERTY) endsOn!: string;
  @ApiProperty({ type: [ConventionParty], maxItems: PARTIES_MAX_ITEMS }) parties!: ConventionParty[];
  @ApiProperty({ type: [ConventionAxisView], maxItems: AXES_MAX_ITEMS }) axes!: ConventionAxisView[];
}
