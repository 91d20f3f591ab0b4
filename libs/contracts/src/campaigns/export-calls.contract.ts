import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { CURSOR_MAX_LENGTH } from '../common/limits.js';
import type { Page } from '../common/pagination.js';
import type { CallOutcome, OfferContractType } from './campaign-enums.js';

/** Calls per export page: large enough that a big campaign takes few round trips, small enough to stream. */
export const EXPORT_PAGE_SIZE = 1000;

/** An offer as a line of the export summarises it. */
export interface ExportedOffer {
  title: string;
  contractType: OfferContractType;
  positions: number;
}

/**
 * A call as the export writes it: ids and what was said, the company's name from the campaign's
 * summaries (null once the company is deleted), no contact but its id (null once erased).
 */
export interface ExportedCall {
  id: string;
  calledAt: string;
  callerId: string;
  companyId: string;
  companyName: string | null;
  contactId: string | null;
  outcome: CallOutcome;
  notes: string | null;
  durationSeconds: number | null;
  callbackAt: string | null;
  meetingAt: string | null;
  offers: ExportedOffer[];
}

/**
 * One page of a campaign's calls for its CSV export (every role of the organisation), oldest first,
 * each with its offers: the gateway pages through them and writes as it goes. Fails with NotFound (404).
 */
export const subject = 'campaigns.v1.call.export';
export class Request {
  @IsUUID() campaignId!: string;
  @IsOptional() @IsString() @MaxLength(CURSOR_MAX_LENGTH) cursor?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(EXPORT_PAGE_SIZE) limit?: number;
}
export class Response implements Page<ExportedCall> {
  /** For the file's name. */
  campaignName!: string;
  items!: ExportedCall[];
  nextCursor!: string | null;
}
