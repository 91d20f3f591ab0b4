import { ApiProperty } from '@nestjs/swagger';
import { COUNT_PROPERTY, DATE_TIME_PROPERTY, E164_MAX_LENGTH, EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, PHONE_INPUT_MAX_LENGTH, UUID_PROPERTY } from '../common/limits.js';
import { CALL_OUTCOMES, type CallOutcome, TARGET_STATUSES, type TargetStatus } from './campaign-enums.js';

/** At most this many contacts come with a claim (the contacts service's first page, by last name). */
export const CLAIM_CONTACTS_MAX = 50;
/** The company's last calls that come with a claim, across the organisation's campaigns. */
export const CLAIM_LAST_CALLS = 5;
/** Longest free text of a call or a contact (notes). */
const NOTES_MAX_LENGTH = 5000;

/** Why the queue handed this target out: a booked callback, a first call, or a retry after no answer / busy. */
export const CLAIM_KINDS = ['callback', 'first_call', 'retry'] as const;
export type ClaimKind = (typeof CLAIM_KINDS)[number];

const NULLABLE_TEXT = (maxLength: number) => ({ type: String, nullable: true, maxLength }) as const;

/** The lease: the target is this caller's until `expiresAt`, unless a call is logged or the claim released first. */
export class ClaimLease {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty(DATE_TIME_PROPERTY) expiresAt!: string;
}

export class ClaimedCompanyAddress {
  @ApiProperty(NULLABLE_TEXT(300)) line!: string | null;
  @ApiProperty(NULLABLE_TEXT(5)) postalCode!: string | null;
  @ApiProperty(NULLABLE_TEXT(100)) city!: string | null;
}

/** The company card, from the campaigns service's own summary of the registry. */
export class ClaimedCompany {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) name!: string;
  @ApiProperty({ ...NULLABLE_TEXT(PHONE_INPUT_MAX_LENGTH), description: 'E.164' }) phone!: string | null;
  @ApiProperty(NULLABLE_TEXT(6)) nafCode!: string | null;
  @ApiProperty(NULLABLE_TEXT(300)) nafLabel!: string | null;
  @ApiProperty(NULLABLE_TEXT(2)) sizeBand!: string | null;
  @ApiProperty({ type: ClaimedCompanyAddress }) address!: ClaimedCompanyAddress;
  @ApiProperty({ type: 'integer', format: 'int32', nullable: true, minimum: 0, maximum: 100 }) hiringPotential!: number | null;
}

/** A person at the company. An opted-out person is listed, flagged, without phone or email: do not call them. */
export class ClaimContact {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty(NULLABLE_TEXT(100)) firstName!: string | null;
  @ApiProperty({ maxLength: 100 }) lastName!: string;
  @ApiProperty(NULLABLE_TEXT(100)) jobTitle!: string | null;
  @ApiProperty({ ...NULLABLE_TEXT(E164_MAX_LENGTH), description: 'E.164; null when opted out' }) phone!: string | null;
  @ApiProperty({ ...NULLABLE_TEXT(EMAIL_MAX_LENGTH), format: 'email', description: 'null when opted out' }) email!: string | null;
  @ApiProperty(NULLABLE_TEXT(NOTES_MAX_LENGTH)) notes!: string | null;
  @ApiProperty({ description: 'The person objected: do not call them' }) optedOut!: boolean;
}

/** One of the company's last calls, in any campaign of the organisation. */
export class RecentCall {
  @ApiProperty(UUID_PROPERTY) id!: string;
  @ApiProperty(UUID_PROPERTY) campaignId!: string;
  @ApiProperty({ maxLength: NAME_MAX_LENGTH }) campaignName!: string;
  @ApiProperty({ enum: CALL_OUTCOMES }) outcome!: CallOutcome;
  @ApiProperty(DATE_TIME_PROPERTY) calledAt!: string;
  @ApiProperty(NULLABLE_TEXT(NOTES_MAX_LENGTH)) notes!: string | null;
  @ApiProperty(UUID_PROPERTY) callerId!: string;
}

/** The target handed out: the company card, its contacts and its last calls. */
export class ClaimedTarget {
  @ApiProperty(UUID_PROPERTY) campaignId!: string;
  @ApiProperty({ type: ClaimedCompany }) company!: ClaimedCompany;
  @ApiProperty({ type: [ClaimContact], maxItems: CLAIM_CONTACTS_MAX, description: `At most ${CLAIM_CONTACTS_MAX}, by last name` }) contacts!: ClaimContact[];
  @ApiProperty({ description: 'true when the contacts service did not answer in time: contacts is then empty, the claim is made all the same' })
  contactsUnavailable!: boolean;
  @ApiProperty({ type: [RecentCall], maxItems: CLAIM_LAST_CALLS, description: 'Newest first, across campaigns' }) lastCalls!: RecentCall[];
  @ApiProperty({ enum: TARGET_STATUSES, description: 'claimed (by you)' }) status!: TargetStatus;
  @ApiProperty({ enum: CLAIM_KINDS, description: 'A callback booked for callbackAt, a first call, or a retry' }) kind!: ClaimKind;
  @ApiProperty({ ...COUNT_PROPERTY, maximum: 32_767, description: 'Calls made so far' }) attempts!: number;
  @ApiProperty({ enum: CALL_OUTCOMES, nullable: true }) lastOutcome!: CallOutcome | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true }) lastCalledAt!: string | null;
  @ApiProperty({ ...DATE_TIME_PROPERTY, nullable: true, description: 'The callback booked, if any' }) callbackAt!: string | null;
}

/** A claim: the lease and what the caller needs to make the call. */
export class Claim {
  @ApiProperty({ type: ClaimLease }) claim!: ClaimLease;
  @ApiProperty({ type: ClaimedTarget }) target!: ClaimedTarget;
}
