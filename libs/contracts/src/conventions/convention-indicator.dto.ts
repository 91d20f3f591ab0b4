import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Max, Min } from 'class-validator';
import { UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim } from '../common/transforms.js';
import { AXIS_CODE_PROPERTY, AxisCode } from './convention.dto.js';
import { AXIS_CODE_MAX_LENGTH, CONVENTION_TITLE_MAX_LENGTH, INDICATOR_AMOUNT_MAX, INDICATOR_CAMPAIGNS_MAX_ITEMS, INDICATOR_METRICS, type IndicatorMetric } from './convention-enums.js';

export const INDICATOR_TARGET = { type: 'integer', format: 'int32', minimum: 1, maximum: INDICATOR_AMOUNT_MAX } as const;
export const INDICATOR_VALUE = { type: 'integer', format: 'int32', minimum: 0, maximum: INDICATOR_AMOUNT_MAX } as const;
const CAMPAIGN_IDS_PROPERTY = {
  type: 'array',
  items: { type: 'string', format: 'uuid', maxLength: 36 },
  maxItems: INDICATOR_CAMPAIGNS_MAX_ITEMS,
  description: "The campaigns it follows, each a campaign of the convention (422 otherwise); empty (the default): every campaign of the convention",
} as const;

/** What an indicator is given when it is added to a convention. */
export class IndicatorFields {
  @ApiPropertyOptional({ ...AXIS_CODE_PROPERTY, nullable: true, description: "One of the convention's axes, or none" })
  @IsOptional() @AxisCode() axisCode?: string | null;

  @ApiProperty({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH, example: "Contrats d'apprentissage repérés" })
  @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) label!: string;

  @ApiProperty({ enum: INDICATOR_METRICS, description: 'manual: set by PATCH; the others follow the calls logged from the day the indicator is added' })
  @IsIn(INDICATOR_METRICS) metric!: IndicatorMetric;

  @ApiProperty(INDICATOR_TARGET)
  @IsInt() @Min(INDICATOR_TARGET.minimum) @Max(INDICATOR_TARGET.maximum) target!: number;

  @ApiPropertyOptional(CAMPAIGN_IDS_PROPERTY)
  @OptionalNotNull() @IsArray() @ArrayMaxSize(INDICATOR_CAMPAIGNS_MAX_ITEMS) @IsUUID(undefined, { each: true }) campaignIds?: string[];
}

/**
 * A change of an indicator: `value` sets a `manual` one (managers of any party: a partner reports
 * its own figures); `label` and `target` are changed by managers of signatories.
 */
export class IndicatorChanges {
  @ApiPropertyOptional({ ...INDICATOR_VALUE, description: 'manual indicators only (422 otherwise)' })
  @OptionalNotNull() @IsInt() @Min(INDICATOR_VALUE.minimum) @Max(INDICATOR_VALUE.maximum) value?: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH })
  @OptionalNotNull() @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) label?: string;

  @ApiPropertyOptional(INDICATOR_TARGET)
  @OptionalNotNull() @IsInt() @Min(INDICATOR_TARGET.minimum) @Max(INDICATOR_TARGET.maximum) target?: number;
}

export class ConventionIndicator extends Resource {
  @ApiProperty(UUID_PROPERTY) conventionId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: AXIS_CODE_MAX_LENGTH }) axisCode!: string | null;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) label!: string;
  @ApiProperty({ enum: INDICATOR_METRICS }) metric!: IndicatorMetric;
  @ApiProperty(INDICATOR_TARGET) target!: number;
  @ApiProperty(CAMPAIGN_IDS_PROPERTY) campaignIds!: string[];
  @ApiProperty({ ...INDICATOR_VALUE, description: 'Today’s value' }) value!: number;
}
