// The shapes this app reads from the public API (the OpenAPI document at /api/docs-json has them all).
// The enums come from the contracts themselves, so that a new outcome cannot be forgotten here.
export { CALL_OUTCOMES, type CallOutcome, OFFER_CONTRACT_TYPES, type OfferContractType, OFFER_STATUSES, type OfferStatus } from '../../../libs/contracts/src/campaigns/campaign-enums';
import type { CallOutcome, OfferContractType, OfferStatus } from '../../../libs/contracts/src/campaigns/campaign-enums';
export { IMPORT_STATUSES, type ImportStatus, SIZE_BANDS, type SizeBand } from '../../../libs/contracts/src/companies/company-enums';
import type { ImportStatus, SizeBand } from '../../../libs/contracts/src/companies/company-enums';
import type { FieldError } from '../../../libs/contracts/src/common/problems';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Campaign {
  id: string;
  name: string;
  description: string | null;
  script: string | null;
  status: 'draft' | 'active' | 'paused' | 'closed';
  startsOn: string | null;
  endsOn: string | null;
  version: number;
}

export interface ClaimedCompany {
  id: string;
  name: string;
  phone: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  sizeBand: string | null;
  address: { line: string | null; postalCode: string | null; city: string | null };
  hiringPotential: number | null;
}

export interface ClaimContact {
  id: string;
  firstName: string | null;
  lastName: string;
  jobTitle: string | null;
  phone: string | null;
  email: string | null;
  optedOut: boolean;
}

export interface RecentCall {
  id: string;
  campaignName: string;
  outcome: CallOutcome;
  calledAt: string;
  notes: string | null;
}

export interface Claim {
  claim: { id: string; expiresAt: string };
  target: {
    campaignId: string;
    company: ClaimedCompany;
    contacts: ClaimContact[];
    contactsUnavailable: boolean;
    lastCalls: RecentCall[];
    kind: 'callback' | 'first_call' | 'retry';
    attempts: number;
    callbackAt: string | null;
  };
}

export interface MyCallback {
  campaignId: string;
  campaignName: string;
  companyId: string;
  companyName: string | null;
  phone: string | null;
  callbackAt: string;
}

/** GET /campaigns/{id}/dashboard (CampaignFigures in the contracts). */
export interface CampaignFigures {
  targets: number;
  contacted: number;
  reached: number;
  calls: number;
  outcomes: Record<CallOutcome, number>;
  offers: { total: number };
  callbacksDue: number;
  callbacksOverdue: number;
  goal: { companiesToContact: number | null; progress: number | null };
  byCaller: { callerId: string; name: string | null; calls: number; reached: number }[];
  byDay: { date: string; calls: number; reached: number }[];
}

export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/** GET /conventions/{id} and the items of GET /conventions. */
export interface Convention {
  id: string;
  title: string;
  reference: string | null;
  startsOn: string;
  endsOn: string;
  parties: { organizationId: string; role: 'signatory' | 'partner' }[];
  axes: { code: string; title: string; description: string | null }[];
  version: number;
}

/** GET /conventions/{id}/progress. */
export interface ConventionProgress {
  indicators: { id: string; label: string; target: number; value: number; ratio: number; axisCode: string | null }[];
  actions: Record<ActionStatus | 'overdue', number>;
}

export interface ReportAction {
  id: string;
  title: string;
  status: ActionStatus;
  responsibleOrganizationId: string;
  responsibleOrganizationName: string | null;
  dueOn: string | null;
  overdue: boolean;
  version: number;
}

/** GET /conventions/{id}/report (JSON): the parties named, the actions per axis. */
export interface ConventionReport {
  from: string;
  to: string;
  parties: { organizationId: string; role: 'signatory' | 'partner'; name: string | null }[];
  axes: { code: string | null; title: string | null; description: string | null; actions: ReportAction[] }[];
}

/** GET /companies/{id} and the items of GET /companies. */
export interface Company {
  id: string;
  name: string;
  tradeName: string | null;
  siret: string | null;
  nafCode: string | null;
  nafLabel: string | null;
  sizeBand: SizeBand | null;
  address: { line: string | null; postalCode: string | null; city: string | null; department: string | null };
  phone: string | null;
  email: string | null;
  website: string | null;
  tags: string[];
  hiringPotential: number | null;
  hiringPotentialEstimated: boolean;
  doNotCall: boolean;
  version: number;
}

/** GET /contacts/{id} and the items of GET /companies/{id}/contacts. */
export interface Contact extends ClaimContact {
  companyId: string;
  notes: string | null;
  optedOutAt: string | null;
  version: number;
}

/** The items of GET /companies/{id}/timeline: a call or an offer, in one of the organisation's campaigns. */
export interface TimelineItem {
  type: 'call' | 'offer';
  id: string;
  at: string;
  campaignId: string;
  campaignName: string;
  call: {
    outcome: CallOutcome;
    notes: string | null;
    durationSeconds: number | null;
    contactId: string | null;
    callerId: string;
    callerName: string | null;
    callbackAt: string | null;
    meetingAt: string | null;
  } | null;
  offer: { callId: string; title: string; contractType: OfferContractType; positions: number; romeCode: string | null; description: string | null; status: OfferStatus } | null;
}

/** POST /companies/imports and GET /companies/imports/{id}. */
export interface ImportJob {
  id: string;
  status: ImportStatus;
  filename: string | null;
  totalRows: number | null;
  processedRows: number;
  inserted: number;
  updated: number;
  skipped: number;
  rejected: number;
  /** Each a field error of the row's column (its `code` said by fieldErrorText). */
  errors: (FieldError & { line: number })[];
  failureReason: string | null;
  format: 'ours' | 'sirene' | null;
}
