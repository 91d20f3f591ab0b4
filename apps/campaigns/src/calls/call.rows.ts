import type { Call, CallOutcome, Offer, OfferContractType, OfferStatus } from '@app/contracts';

/** A row of `campaigns.call` with its company's name (null once the company is deleted). */
export interface CallRow {
  id: string;
  organization_id: string;
  campaign_id: string;
  company_id: string;
  company_name: string | null;
  contact_id: string | null;
  caller_id: string;
  outcome: CallOutcome;
  notes: string | null;
  duration_seconds: number | null;
  callback_at: Date | null;
  meeting_at: Date | null;
  called_at: Date;
  created_at: Date;
  updated_at: Date;
  version: number;
}

/** A row of `campaigns.offer` with its company's and campaign's names. */
export interface OfferRow {
  id: string;
  organization_id: string;
  campaign_id: string;
  campaign_name: string;
  call_id: string;
  company_id: string;
  company_name: string | null;
  title: string;
  contract_type: OfferContractType;
  positions: number;
  rome_code: string | null;
  description: string | null;
  status: OfferStatus;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const iso = (date: Date | null): string | null => (date ? date.toISOString() : null);

export function toOffer(row: OfferRow): Offer {
  return {
    id: row.id,
    organizationId: row.organization_id,
    companyId: row.company_id,
    companyName: row.company_name,
    campaignId: row.campaign_id,
    campaignName: row.campaign_name,
    callId: row.call_id,
    title: row.title,
    contractType: row.contract_type,
    positions: row.positions,
    romeCode: row.rome_code,
    description: row.description,
    status: row.status,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

export function toCall(row: CallRow, offers: OfferRow[]): Call {
  return {
    id: row.id,
    organizationId: row.organization_id,
    campaignId: row.campaign_id,
    companyId: row.company_id,
    companyName: row.company_name,
    contactId: row.contact_id,
    callerId: row.caller_id,
    outcome: row.outcome,
    notes: row.notes,
    durationSeconds: row.duration_seconds,
    callbackAt: iso(row.callback_at),
    meetingAt: iso(row.meeting_at),
    calledAt: row.called_at.toISOString(),
    offers: offers.map(toOffer),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}
