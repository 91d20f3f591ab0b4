import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { COUNT_PROPERTY, NAME_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { CALL_OUTCOMES, CAMPAIGN_STATUSES, type CallOutcome, type CampaignStatus, OFFER_CONTRACT_TYPES, type OfferContractType } from './campaign-enums.js';

/** How many days `byDay` covers at most. */
export const DASHBOARD_DAYS = 90;
/** How many callers `byCaller` lists at most (the busiest first). */
export const DASHBOARD_MAX_CALLERS = 1000;

/** What `callbacksDue` and `callbacksOverdue` count, said once for the document and the README. */
export const CALLBACKS_DEFINITION =
  'Callbacks promised and not made yet, by the day they were promised for (Europe/Paris): `callbacksDue` are due today ' +
  '(any time today, earlier today included), `callbacksOverdue` were due on an earlier day. A callback being called right now (claimed) is in neither.';

/** An object with one count per value of `keys`, every key present (0 when none). */
const countsByKey = (keys: readonly string[], description: string): ApiPropertyOptions => ({
  type: 'object',
  description,
  properties: Object.fromEntries(keys.map((key) => [key, COUNT_PROPERTY])),
  required: [...keys],
  additionalProperties: false,
});

export class OfferFigures {
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Offers noted on calls' }) total!: number;
  @ApiProperty(countsByKey(OFFER_CONTRACT_TYPES, 'Offers per contract type, every type present'))
  byContractType!: Record<OfferContractType, number>;
}

export class GoalFigures {
  @ApiProperty({ ...COUNT_PROPERTY, nullable: true, description: 'The goal set on the campaign; null without one' }) companiesToContact!: number | null;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 2_147_483_647, description: 'contacted / companiesToContact (1 = goal met; above 1 past it); null without a goal', example: 0.42 })
  progress!: number | null;
}

export class CallerFigures {
  @ApiProperty(UUID_PROPERTY) callerId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: "The member's name; null when they are no longer a member of the organisation" })
  name!: string | null;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Calls they logged' }) calls!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Of those, calls that reached someone' }) reached!: number;
}

export class DayFigures {
  @ApiProperty({ type: String, format: 'date', maxLength: 10, example: '2026-12-01', description: 'A day in Europe/Paris' }) date!: string;
  @ApiProperty(COUNT_PROPERTY) calls!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Calls that reached someone' }) reached!: number;
}

/** A campaign's figures, read from the rollups the calls update (never by counting the calls). */
export class CampaignFigures {
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Companies in the campaign' }) targets!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Targets with at least one call' }) contacted!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Targets with a call whose outcome is not no_answer, busy or wrong_number' }) reached!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Calls logged' }) calls!: number;
  @ApiProperty(countsByKey(CALL_OUTCOMES, 'Calls per outcome, every outcome present'))
  outcomes!: Record<CallOutcome, number>;
  @ApiProperty({ type: OfferFigures }) offers!: OfferFigures;
  @ApiProperty({ ...COUNT_PROPERTY, description: CALLBACKS_DEFINITION }) callbacksDue!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'See callbacksDue' }) callbacksOverdue!: number;
  @ApiProperty({ type: GoalFigures }) goal!: GoalFigures;
  @ApiProperty({ type: [CallerFigures], maxItems: DASHBOARD_MAX_CALLERS, description: `Per caller, most calls first (at most ${DASHBOARD_MAX_CALLERS})` })
  byCaller!: CallerFigures[];
  @ApiProperty({
    type: [DayFigures],
    maxItems: DASHBOARD_DAYS,
    description:
      `Every day, oldest first, days without calls included: the last ${DASHBOARD_DAYS} days up to today, from the day the campaign was ` +
      'created; for a closed campaign, up to its last day of calls.',
  })
  byDay!: DayFigures[];
}

/** The campaign a line of the organisation's dashboard is about. */
export class CampaignHeadline {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ enum: CAMPAIGN_STATUSES }) status!: CampaignStatus;
}

export class CampaignDashboardLine extends CampaignFigures {
  @ApiProperty({ type: CampaignHeadline }) campaign!: CampaignHeadline;
}
