import {
  type Actor,
  type CampaignDashboardLine,
  type CampaignFigures,
  type CompanyTimeline,
  EXPORT_PAGE_SIZE,
  type ExportCalls,
  type ListDashboardLines,
  type Page,
  type TimelineItem,
} from '@app/contracts';
import { assertRole, decodeCursor, pageSize, toPage, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { CampaignNotFoundError } from './reporting.errors.js';
import { CallHistoryRepository, type HistoryPosition, type TimelineRow } from './call-history.repository.js';
import { groupFigureRows, toFigures } from './dashboard.mapper.js';
import { DashboardsRepository } from './dashboards.repository.js';

/** Every role of the organisation reads figures, exports and timelines. */
const READERS = ['manager', 'volunteer', 'viewer'] as const;

/** What managers and callers read of the calls: dashboards, the CSV export, a company's timeline. */
@Injectable()
export class ReportingService {
  constructor(
    private readonly dashboards: DashboardsRepository,
    private readonly history: CallHistoryRepository,
  ) {}

  async dashboard(actor: Actor, campaignId: string): Promise<CampaignFigures> {
    assertRole(actor, READERS);
    const campaign = await this.dashboards.findCampaign(actor.organizationId, campaignId);
    if (!campaign) throw new CampaignNotFoundError();
    const rows = await this.dashboards.figureRows(actor.organizationId, [campaign.id]);
    return toFigures(campaign, rows);
  }

  async dashboardLines(actor: Actor, query: ListDashboardLines.Request): Promise<Page<CampaignDashboardLine>> {
    assertRole(actor, READERS);
    const size = pageSize(query.limit);
    const after = query.cursor ? decodePosition(query.cursor) : null;
    const campaigns = await this.dashboards.pageOfCampaigns(actor.organizationId, query.status ?? null, size, after && { createdAt: after.at, id: after.id });
    const shown = campaigns.slice(0, size);
    const rowsOf = groupFigureRows(shown.length > 0 ? await this.dashboards.figureRows(actor.organizationId, shown.map((campaign) => campaign.id)) : EMPTY_ROWS);
    return toPage(
      campaigns,
      size,
      (campaign) => ({ campaign: { id: campaign.id, name: campaign.name, status: campaign.status }, ...toFigures(campaign, rowsOf(campaign.id)) }),
      (campaign) => [campaign.created_at_key, campaign.id],
    );
  }

  async exportPage(actor: Actor, { campaignId, cursor, limit }: ExportCalls.Request): Promise<ExportCalls.Response> {
    assertRole(actor, READERS);
    const campaignName = await this.history.campaignName(actor.organizationId, campaignId);
    if (campaignName === null) throw new CampaignNotFoundError();
    const size = limit ?? EXPORT_PAGE_SIZE;
    const rows = await this.history.exportPage(actor.organizationId, campaignId, size, cursor ? decodePosition(cursor) : null);
    const page = toPage(
      rows,
      size,
      (row) => ({
        id: row.id,
        calledAt: row.called_at.toISOString(),
        callerId: row.caller_id,
        companyId: row.company_id,
        companyName: row.company_name,
        contactId: row.contact_id,
        outcome: row.outcome,
        notes: row.notes,
        durationSeconds: row.duration_seconds,
        callbackAt: row.callback_at?.toISOString() ?? null,
        meetingAt: row.meeting_at?.toISOString() ?? null,
        offers: row.offers,
      }),
      (row) => [row.at_key, row.id],
    );
    return { ...page, campaignName };
  }

  async timeline(actor: Actor, { companyId, limit, cursor }: CompanyTimeline.Request): Promise<Page<TimelineItem>> {
    assertRole(actor, READERS);
    const size = pageSize(limit);
    const rows = await this.history.timelinePage(actor.organizationId, companyId, size, cursor ? decodePosition(cursor) : null);
    return toPage(rows, size, toTimelineItem, (row) => [row.at_key, row.id]);
  }
}

const EMPTY_ROWS = { rollups: [], counts: [], callers: [], days: [], callbacks: [] };

// What PostgreSQL prints for a timestamptz: 2026-12-01 09:30:00.123456+00
const PG_TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

/** [timestamp as PostgreSQL printed it, id]: anything else is a cursor this API never gave out. */
function decodePosition(cursor: string): HistoryPosition {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || !PG_TIMESTAMP.test(at) || typeof id !== 'string' || !isUUID(id)) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this API gave out' }]);
  }
  return { at, id };
}

function toTimelineItem(row: TimelineRow): TimelineItem {
  const common = { type: row.type, id: row.id, at: row.at.toISOString(), campaignId: row.campaign_id, campaignName: row.campaign_name };
  if (row.type === 'call') {
    return {
      ...common,
      call: {
        outcome: row.outcome!,
        notes: row.notes,
        durationSeconds: row.duration_seconds,
        contactId: row.contact_id,
        callerId: row.caller_id!,
        callerName: null,
        callbackAt: row.callback_at?.toISOString() ?? null,
        meetingAt: row.meeting_at?.toISOString() ?? null,
      },
      offer: null,
    };
  }
  return {
    ...common,
    call: null,
    offer: {
      callId: row.call_id!,
      title: row.title!,
      contractType: row.contract_type!,
      positions: row.positions!,
      romeCode: row.rome_code,
      description: row.description,
      status: row.offer_status!,
    },
  };
}
