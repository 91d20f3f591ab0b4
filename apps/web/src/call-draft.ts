import { newIdempotencyKey } from './api';
import type { CallOutcome, OfferContractType } from './types';

/**
 * What the caller typed about the company on the line. Saved to sessionStorage on every change, so
 * that a session that expires mid-call (or a reload) loses none of it: after logging in again, the
 * same claim comes back and the draft with it.
 */
export interface CallDraft {
  campaignId: string;
  companyId: string;
  outcome: CallOutcome | '';
  contactId: string;
  notes: string;
  /** `datetime-local` values, in the caller's own time zone. */
  callbackAt: string;
  meetingAt: string;
  offers: { title: string; contractType: OfferContractType }[];
  /** Kept across retries, so that a call logged twice (a lost answer) is stored once. */
  idempotencyKey: string;
}

const DRAFT_KEY = 'filon.callDraft';

export const emptyDraft = (campaignId: string, companyId: string): CallDraft => ({
  campaignId,
  companyId,
  outcome: '',
  contactId: '',
  notes: '',
  callbackAt: '',
  meetingAt: '',
  offers: [],
  idempotencyKey: newIdempotencyKey(),
});

export function loadDraft(): CallDraft | null {
  try {
    const raw = sessionStorage.getItem(DRAFT_KEY);
    return raw ? (JSON.parse(raw) as CallDraft) : null;
  } catch {
    return null;
  }
}

export function saveDraft(draft: CallDraft | null): void {
  try {
    if (draft) sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft));
    else sessionStorage.removeItem(DRAFT_KEY);
  } catch {
    // Storage disabled: the draft lives as long as the page.
  }
}

/** Outcomes that may carry offers (docs/campaigns.md); `offer` needs at least one. */
export const OFFER_OUTCOMES: readonly CallOutcome[] = ['interested', 'meeting', 'offer'];

/** The body of POST /campaigns/{id}/calls: only the fields the outcome takes. */
export function callBody(draft: CallDraft): Record<string, unknown> {
  const offers = draft.offers;
  return {
    companyId: draft.companyId,
    outcome: draft.outcome,
    ...(draft.contactId ? { contactId: draft.contactId } : {}),
    ...(draft.notes.trim() ? { notes: draft.notes } : {}),
    // A datetime-local value read in the browser's zone, sent with its offset (UTC).
    ...(draft.outcome === 'callback' ? { callbackAt: draft.callbackAt ? new Date(draft.callbackAt).toISOString() : null } : {}),
    ...(draft.outcome === 'meeting' ? { meetingAt: draft.meetingAt ? new Date(draft.meetingAt).toISOString() : null } : {}),
    // Every row as typed, so that the API's `offers.1.title` names the row on screen.
    ...(OFFER_OUTCOMES.includes(draft.outcome as CallOutcome) && (offers.length > 0 || draft.outcome === 'offer') ? { offers } : {}),
  };
}
