import { ApiProperty } from '@nestjs/swagger';
import { DAY_PROPERTY } from '../common/calendar-day.js';
import { COUNT_PROPERTY, NAME_MAX_LENGTH, UUID_PROPERTY, VERSION_PROPERTY } from '../common/limits.js';
import { INDICATOR_TARGET, INDICATOR_VALUE } from './convention-indicator.dto.js';
import {
  ACTION_STATUSES,
  type ActionStatus,
  AXES_MAX_ITEMS,
  AXIS_CODE_MAX_LENGTH,
  CONVENTION_REFERENCE_MAX_LENGTH,
  CONVENTION_TEXT_MAX_LENGTH,
  CONVENTION_TITLE_MAX_LENGTH,
  INDICATOR_AMOUNT_MAX,
  INDICATOR_METRICS,
  type IndicatorMetric,
  PARTIES_MAX_ITEMS,
  PARTY_ROLES,
  type PartyRole,
} from './convention-enums.js';

/** Value against target: 0.5 is half-way, above 1 beyond the target. */
const RATIO = { type: 'number', minimum: 0, maximum: INDICATOR_AMOUNT_MAX, description: 'value / target, 4 decimals' } as const;
/** A convention's actions and indicators are bounded by the write routes' rate, not by a field: this is a sanity bound for the document. */
export const CONVENTION_ITEMS_MAX = 10_000;

export class IndicatorProgress {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) label!: string;
  @ApiProperty({ enum: INDICATOR_METRICS }) metric!: IndicatorMetric;
  @ApiProperty(INDICATOR_TARGET) target!: number;
  @ApiProperty(INDICATOR_VALUE) value!: number;
  @ApiProperty(RATIO) ratio!: number;
  @ApiProperty({ type: String, nullable: true, maxLength: AXIS_CODE_MAX_LENGTH }) axisCode!: string | null;
  @ApiProperty({ ...VERSION_PROPERTY, description: 'For If-Match on PATCH …/indicators/{indicatorId}' }) version!: number;
}

export class ActionsSummary {
  @ApiProperty(COUNT_PROPERTY) planned!: number;
  @ApiProperty(COUNT_PROPERTY) in_progress!: number;
  @ApiProperty(COUNT_PROPERTY) done!: number;
  @ApiProperty(COUNT_PROPERTY) dropped!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'planned or in progress with dueOn before today (Europe/Paris)' }) overdue!: number;
}

export class ConventionProgress {
  @ApiProperty({ type: [IndicatorProgress], maxItems: CONVENTION_ITEMS_MAX }) indicators!: IndicatorProgress[];
  @ApiProperty({ type: ActionsSummary }) actions!: ActionsSummary;
}

export class ReportParty {
  @ApiProperty(UUID_PROPERTY) organizationId!: string;
  @ApiProperty({ enum: PARTY_ROLES }) role!: PartyRole;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH }) name!: string | null;
}

export class ReportAction {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty({ enum: ACTION_STATUSES, description: 'Today’s status (actions keep no history)' }) status!: ActionStatus;
  @ApiProperty(UUID_PROPERTY) responsibleOrganizationId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH }) responsibleOrganizationName!: string | null;
  @ApiProperty({ ...DAY_PROPERTY, nullable: true }) dueOn!: string | null;
  @ApiProperty({ description: 'planned or in progress, due before the period’s end' }) overdue!: boolean;
  @ApiProperty(VERSION_PROPERTY) version!: number;
}

export class ReportIndicator {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) label!: string;
  @ApiProperty({ enum: INDICATOR_METRICS }) metric!: IndicatorMetric;
  @ApiProperty(INDICATOR_TARGET) target!: number;
  @ApiProperty({ ...INDICATOR_VALUE, description: 'The value at the end of the period (its last day included)' }) value!: number;
  @ApiProperty(RATIO) ratio!: number;
  @ApiProperty({ ...INDICATOR_VALUE, minimum: -INDICATOR_AMOUNT_MAX, description: 'How much it moved within the period' }) changeInPeriod!: number;
}

export class ReportAxis {
  @ApiProperty({ type: String, nullable: true, maxLength: AXIS_CODE_MAX_LENGTH, description: 'null: the indicators attached to no axis' }) code!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: CONVENTION_TITLE_MAX_LENGTH }) title!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: CONVENTION_TEXT_MAX_LENGTH }) description!: string | null;
  @ApiProperty({ type: [ReportAction], maxItems: CONVENTION_ITEMS_MAX }) actions!: ReportAction[];
  @ApiProperty({ type: [ReportIndicator], maxItems: CONVENTION_ITEMS_MAX }) indicators!: ReportIndicator[];
}

export class ConventionReport {
  @ApiProperty(UUID_PROPERTY) conventionId!: string;
  @ApiProperty({ maxLength: CONVENTION_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: CONVENTION_REFERENCE_MAX_LENGTH }) reference!: string | null;
  @ApiProperty({ ...DAY_PROPERTY, description: 'First day of the period' }) from!: string;
  @ApiProperty({ ...DAY_PROPERTY, description: 'Last day of the period, included' }) to!: string;
  @ApiProperty({ type: [ReportParty], maxItems: PARTIES_MAX_ITEMS }) parties!: ReportParty[];
  @ApiProperty({ type: [ReportAxis], maxItems: AXES_MAX_ITEMS + 1 }) axes!: ReportAxis[];
}
