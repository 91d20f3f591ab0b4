import type { CsvColumn } from '@app/platform';
import type { ExportedCall, ExportedOffer } from '@app/contracts';

/** A call as a line of the export: the call and the name of its caller. */
export interface ExportLine {
  call: ExportedCall;
  callerName: string | null;
}

/** `2 × Apprenti boulanger (apprenticeship); 1 × Vendeuse (cdi)`. */
export const offersSummary = (offers: ExportedOffer[]): string => offers.map((offer) => `${offer.positions} × ${offer.title} (${offer.contractType})`).join('; ');

/**
 * The columns of a campaign's export, one line per call. No personal data of the people called: a
 * contact appears by its id only (none once erased); timestamps are ISO 8601 UTC, like the API's.
 */
export const CALL_EXPORT_COLUMNS: readonly CsvColumn<ExportLine>[] = [
  { header: 'callId', value: ({ call }) => call.id },
  { header: 'calledAt', value: ({ call }) => call.calledAt },
  { header: 'callerId', value: ({ call }) => call.callerId },
  { header: 'callerName', value: ({ callerName }) => callerName },
  { header: 'companyId', value: ({ call }) => call.companyId },
  { header: 'companyName', value: ({ call }) => call.companyName },
  { header: 'outcome', value: ({ call }) => call.outcome },
  { header: 'contactId', value: ({ call }) => call.contactId },
  { header: 'notes', value: ({ call }) => call.notes },
  { header: 'durationSeconds', value: ({ call }) => call.durationSeconds },
  { header: 'callbackAt', value: ({ call }) => call.callbackAt },
  { header: 'meetingAt', value: ({ call }) => call.meetingAt },
  { header: 'offers', value: ({ call }) => (call.offers.length > 0 ? offersSummary(call.offers) : null) },
];

/**
 * `attachment` with the campaign's name in the file name: plain ASCII in `filename` for every client,
 * the name as typed (accents) in `filename*` (RFC 6266) for those that read it.
 */
export function exportDisposition(campaignName: string, today: string): string {
  const typed = `${campaignName} - calls ${today}.csv`;
  const ascii = `${
    campaignName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase()
      .slice(0, 80) || 'campaign'
  }-calls-${today}.csv`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeRfc5987(typed)}`;
}

/** Percent-encoding as RFC 5987 wants it: encodeURIComponent leaves ' ( ) * alone. */
const encodeRfc5987 = (text: string): string => encodeURIComponent(text).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
