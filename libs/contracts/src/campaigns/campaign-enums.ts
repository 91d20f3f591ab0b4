/** A campaign's lifecycle: claims and calls only while `active`. */
export const CAMPAIGN_STATUSES = ['draft', 'active', 'paused', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** Where a company stands in a campaign's queue. */
export const TARGET_STATUSES = ['pending', 'claimed', 'callback', 'done', 'excluded'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** What happened on a call. */
export const CALL_OUTCOMES = ['no_answer', 'busy', 'wrong_number', 'callback', 'not_interested', 'interested', 'meeting', 'offer', 'do_not_call'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Outcomes that did not reach anyone: a target is `reached` by a call with any other outcome. */
export const UNREACHED_OUTCOMES: readonly CallOutcome[] = ['no_answer', 'busy', 'wrong_number'];
export const isReached = (outcome: CallOutcome): boolean => !UNREACHED_OUTCOMES.includes(outcome);

/** Outcomes that put the company back in the queue for a retry (after RETRY_DELAY, at most MAX_ATTEMPTS calls). */
export const RETRY_OUTCOMES: readonly CallOutcome[] = ['no_answer', 'busy'];

export const OFFER_CONTRACT_TYPES = ['apprenticeship', 'cdi', 'cdd', 'interim', 'internship', 'other'] as const;
export type OfferContractType = (typeof OFFER_CONTRACT_TYPES)[number];

export const OFFER_STATUSES = ['open', 'filled', 'closed'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** The queue's rules (docs/campaigns.md). */
export const CLAIM_LEASE_MINUTES = 15;
export const RETRY_DELAY_HOURS = 2;
export const MAX_ATTEMPTS = 5;
/** A due callback is its booker's alone for this long, then anyone's. */
export const CALLBACK_OWNER_HOURS = 1;
export const DEFAULT_COOLDOWN_DAYS = 7;
