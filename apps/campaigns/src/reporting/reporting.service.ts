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
import { CampaignAccess } from '../campaigns/campaign-access.js';
import { CampaignsRepository } from '../campaigns/campaigns.repository.js';
import { CallHistoryRepository, type HistoryPosition, type TimelineRow } from './call-history.repository.js';
import { groupFigureRows, toFigures } from './dashboard.mapper.js';
import { DashboardsRepository } from './dashboards.repository.js';

/** Every role of the organisation reads figures, exports and timelines (a partner's managers only: CampaignAccess.reportable). */
const READERS = ['manager', 'volunteer', 'viewer'] as const;

/** What managers and callers read of the calls: dashboards, the CSV export, a company's timeline. */
@Injectable()
export class ReportingService {
  constructor(
    private readonly dashboards: DashboardsRepository,
    private readonly history: CallHistoryRepository,
    private readonly campaigns: CampaignsRepository,
    private readonly access: CampaignAccess,
  ) {}

  async dashboard(actor: Actor, campaignId: string): Promise<CampaignFigures> {
    assertRole(actor, READERS);
    const campaign = await this.access.reportable(actor, campaignId);
    return toFigures(campaign.goalCompaniesToContact, await this.dashboards.figureRows(campaign.organizationId, [campaign.id]));
  }

  /**
   * The organisation's own campaigns (the list's order, filter and cursor), each with its figures. A
   * campaign shared by a partner is not a line here: its managers read it at GET /campaigns/{id}/dashboard.
   */
  async dashboardLines(actor: Actor, query: ListDashboardLines.Request): Promise<Page<CampaignDashboardLine>> {
    assertRole(actor, READERS);
    const page = await this.campaigns.list(actor.organizationId, { ...query, shared: false });
    const ids = page.items.map((campaign) => campaign.id);
    const rowsOf = groupFigureRows(ids.length > 0 ? await this.dashboards.figureRows(actor.organizationId, ids) : EMPTY_ROWS);
    return {
      items: page.items.map(({ id, name, status, goal }) => ({ campaign: { id, name, status }, ...toFigures(goal.companiesToContact, rowsOf(id)) })),
      nextCursor: page.nextCursor,
    };
  }

  async exportPage(actor: Actor, { campaignId, cursor, limit }: ExportCalls.Request): Promise<ExportCalls.Response> {
    assertRole(actor, READERS);
    const campaign = await this.access.reportable(actor, campaignId);
    const size = limit ?? EXPORT_PAGE_SIZE;
    const rows = await this.history.exportPage(campaign.organizationId, campaign.id, size, cursor ? decodePosition(cursor) : null);
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
    return { ...page, campaignName: campaign.name };
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
    throw new ValidationFailedError([{ field: 'cursor', code: 'invalidCursor', message: 'cursor is not one this API gave out' }]);
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
