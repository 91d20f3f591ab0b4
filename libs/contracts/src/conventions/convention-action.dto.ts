import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { DAY_PROPERTY, Day } from '../common/calendar-day.js';
import { UUID_PROPERTY } from '../common/limits.js';
import { OptionalNotNull } from '../common/optional-not-null.js';
import { Resource } from '../common/resource.js';
import { trim } from '../common/transforms.js';
import { AXIS_CODE_PROPERTY, AxisCode } from './convention.dto.js';
import { ACTION_STATUSES, type ActionStatus, AXIS_CODE_MAX_LENGTH, CONVENTION_TITLE_MAX_LENGTH } from './convention-enums.js';

/** The writable fields of an action of a convention. */
export class ActionFields {
  @ApiProperty({ ...AXIS_CODE_PROPERTY, description: "One of the convention's axes" })
  @AxisCode() axisCode!: string;

  @ApiProperty({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH, example: 'Appeler les boulangeries du littoral' })
  @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) title!: string;

  @ApiProperty({ ...UUID_PROPERTY, description: 'The party that carries it: one of the convention’s parties' })
  @IsUUID() responsibleOrganizationId!: string;

  @ApiPropertyOptional({ ...DAY_PROPERTY, nullable: true, description: 'Overdue after this day (Europe/Paris) unless done or dropped' })
  @IsOptional() @Day() dueOn?: string | null;

  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'planned' })
  @OptionalNotNull() @IsIn(ACTION_STATUSES) status?: ActionStatus;
}

/** A change of an action: any field. The responsible organisation's managers may change `status` alone. */
export class ActionChanges {
  @ApiPropertyOptional(AXIS_CODE_PROPERTY)
  @OptionalNotNull() @AxisCode() axisCode?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: CONVENTION_TITLE_MAX_LENGTH })
  @OptionalNotNull() @Transform(trim) @IsString() @Length(1, CONVENTION_TITLE_MAX_LENGTH) title?: string;

  @ApiPropertyOptional(UUID_PROPERTY)
  @OptionalNotNull() @IsUUID() responsibleOrganizationId?: string;

  @ApiPropertyOptional({ ...DAY_PROPERTY, nullable: true })
  @IsOptional() @Day() dueOn?: string | null;

  @ApiPropertyOptional({ enum: ACTION_STATUSES })
  @OptionalNotNull() @IsIn(ACTION_STATUSES) status?: ActionStatus;
}

export class ConventionAction extends Resource {
  @ApiProperty(UUID_PROPERTY) conventionId!: string;
  @ApiProperty({ maxLength: AXIS_CODE_MAX_LENGTH }) axisCode!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty(UUID_PROPERTY) responsibleOrganizationId!: string;
  @ApiProperty({ ...DAY_PROPERTY, nullable: true }) dueOn!: string | null;
  @ApiProperty({ enum: ACTION_STATUSES }) status!: ActionStatus;
}
