import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { COUNT_PROPERTY, DATE_TIME_PROPERTY, NAME_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { NEXT_CURSOR_PROPERTY, Page, pageItems, PageQuery } from '../common/pagination.js';
import { CALL_OUTCOMES, type CallOutcome, OFFER_CONTRACT_TYPES, OFFER_STATUSES, type OfferContractType, type OfferStatus } from './campaign-enums.js';

export const TIMELINE_ITEM_TYPES = ['call', 'offer'] as const;
export type TimelineItemType = (typeof TIMELINE_ITEM_TYPES)[number];

// Bounds of the free text a call or an offer holds, as the document states them.
const NOTES_MAX_LENGTH = 10_000;
const OFFER_TITLE_MAX_LENGTH = 200;
const OFFER_DESCRIPTION_MAX_LENGTH = 10_000;

export class TimelineCall {
  @ApiProperty({ enum: CALL_OUTCOMES }) outcome!: CallOutcome;
  @ApiProperty({ type: String, nullable: true, maxLength: NOTES_MAX_LENGTH }) notes!: string | null;
  @ApiProperty({ ...COUNT_PROPERTY, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ ...UUID_PROPERTY, nullable: true, description: 'null when none was named, or the contact was erased' }) contactId!: string | null;
  @ApiProperty(UUID_PROPERTY) callerId!: string;
  @ApiProperty({ type: String, nullable: true, maxLength: NAME_MAX_LENGTH, description: "The caller's name; null when they are no longer a member" }) callerName!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) callbackAt!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) meetingAt!: string | null;
}

export class TimelineOffer {
  @ApiProperty({ ...UUID_PROPERTY, description: 'The call that found it' }) callId!: string;
  @ApiProperty({ maxLength: OFFER_TITLE_MAX_LENGTH }) title!: string;
  @ApiProperty({ enum: OFFER_CONTRACT_TYPES }) contractType!: OfferContractType;
  @ApiProperty({ ...COUNT_PROPERTY, minimum: 1 }) positions!: number;
  @ApiProperty({ type: String, nullable: true, maxLength: 5, example: 'D1102' }) romeCode!: string | null;
  @ApiProperty({ type: String, nullable: true, maxLength: OFFER_DESCRIPTION_MAX_LENGTH }) description!: string | null;
  @ApiProperty({ enum: OFFER_STATUSES }) status!: OfferStatus;
}

/** A call or an offer about the company, in one of the organisation's campaigns. */
export class TimelineItem {
  @ApiProperty({ enum: TIMELINE_ITEM_TYPES }) type!: TimelineItemType;
  @ApiProperty({ ...UUID_PROPERTY, description: 'The call’s or the offer’s id' }) id!: string;
  @ApiProperty({ ...DATE_TIME_PROPERTY, description: 'When the call was made, or the offer noted' }) at!: string;
  @ApiProperty(UUID_PROPERTY) campaignId!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) campaignName!: string;
  @ApiProperty({ type: TimelineCall, nullable: true, description: 'The call (type call), else null' }) call!: TimelineCall | null;
  @ApiProperty({ type: TimelineOffer, nullable: true, description: 'The offer (type offer), else null' }) offer!: TimelineOffer | null;
}

/**
 * What happened with a company across the organisation's campaigns, newest first, in cursor pages:
 * its calls (with their notes) and the offers they found. The gateway checks first that the company
 * is the organisation's (404 otherwise) and adds the callers' names.
 */
export const subject = 'campaigns.v1.company.timeline';
export class Request extends PageQuery {
  @IsUUID() companyId!: string;
}
@ApiSchema({ name: 'TimelinePage' })
export class Response implements Page<TimelineItem> {
  @ApiProperty(pageItems(TimelineItem)) items!: TimelineItem[];
  @ApiProperty(NEXT_CURSOR_PROPERTY) nextCursor!: string | null;
}
