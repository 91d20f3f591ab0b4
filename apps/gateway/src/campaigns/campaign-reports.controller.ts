import { CALLBACKS_DEFINITION, CampaignFigures, ExportCalls, GetCampaignDashboard, ListDashboardLines, parisToday } from '@app/contracts';
import { csvStream, NatsRpcClient } from '@app/platform';
import { Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { CALL_EXPORT_COLUMNS, type ExportLine, exportDisposition } from './call-export.js';
import { MemberNames } from './member-names.js';

// Every role of the organisation reads these (no @Roles): figures and calls are what callers and viewers follow too.
// A campaign shared through a convention: its partners' managers only (the campaigns service answers 403 to the others).
@ApiTags('Campaigns')
@ApiBearerAuth()
@Controller()
export class CampaignReportsController {
  private readonly logger = new Logger(CampaignReportsController.name);

  constructor(
    private readonly services: NatsRpcClient,
    private readonly members: MemberNames,
  ) {}

  @Get('campaigns/:id/dashboard')
  @ApiOperation({
    summary: "A campaign's figures: targets, contacted, reached, outcomes, offers, callbacks, goal, per caller and per day",
    description: `Every role of the campaign's organisation; the managers of its partners when it is shared (docs/sharing.md). Read from counters the calls keep up to date, never by counting the calls. ${CALLBACKS_DEFINITION}`,
  })
  @ApiOkResponse({ type: CampaignFigures })
  @ApiServiceProblems(404)
  async dashboard(@IdParam() id: string, @CallerContext() caller: Caller): Promise<CampaignFigures> {
    const figures = await this.services.request(GetCampaignDashboard, { id }, caller);
    await this.nameCallers(caller, [figures]);
    return figures;
  }

  @Get('dashboard')
  @ApiOperation({
    summary: "The organisation's own campaigns side by side, newest first, each with the figures of its dashboard",
    description: `In the order of GET /campaigns (same \`?status=\` filter and cursors), the campaigns partners share with the organisation left out: their dashboards are at GET /campaigns/{id}/dashboard. ${CALLBACKS_DEFINITION}`,
  })
  @ApiOkResponse({ type: ListDashboardLines.Response })
  @ApiServiceProblems()
  async dashboardLines(@Query() query: ListDashboardLines.Request, @CallerContext() caller: Caller): Promise<ListDashboardLines.Response> {
    const page = await this.services.request(ListDashboardLines, query, caller);
    await this.nameCallers(caller, page.items);
    return page;
  }

  @Get('campaigns/:id/export.csv')
  @ApiOperation({
    summary: "A campaign's calls as a CSV file, one line per call, oldest first (every role of the organisation; a shared campaign's partners: managers)",
    description:
      'RFC 4180 (comma, CRLF), UTF-8 with a byte order mark so that Excel reads accents. Columns: callId, calledAt, callerId, callerName, ' +
      'companyId, companyName, outcome, contactId, notes, durationSeconds, callbackAt, meetingAt, offers ("2 × title (contractType); …"). ' +
      'Timestamps ISO 8601 UTC. A contact appears by its id only. Text cells starting with = + - @, a tab or a carriage return are ' +
      "prefixed with ' so that a spreadsheet never runs them as formulas. Streamed: the file is written as the calls are read.",
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'The file (Content-Disposition: attachment)', schema: { type: 'string', format: 'binary', maxLength: 2_147_483_647 } })
  @ApiServiceProblems(404)
  async export(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<Readable> {
    // The first page is read before anything is sent: an unknown campaign still answers a 404 problem.
    const first = await this.services.request(ExportCalls, { campaignId: id }, caller);
    const names = this.members.lookup(caller.actor.organizationId);
    const request = (cursor: string) => this.services.request(ExportCalls, { campaignId: id, cursor }, caller);
    async function* lines(): AsyncGenerator<ExportLine> {
      for (let page = first; ; page = await request(page.nextCursor)) {
        const callerNames = await names(page.items.map((call) => call.callerId));
        for (const call of page.items) yield { call, callerName: callerNames.get(call.callerId) ?? null };
        if (page.nextCursor === null) return;
      }
    }
    void reply.header('Content-Type', 'text/csv; charset=utf-8').header('Content-Disposition', exportDisposition(first.campaignName, parisToday()));
    return csvStream(CALL_EXPORT_COLUMNS, lines(), (error) =>
      this.logger.warn({ requestId: caller.requestId, campaignId: id, err: error }, 'A campaign export stopped before its end'),
    );
  }

  private async nameCallers(caller: Caller, figures: CampaignFigures[]): Promise<void> {
    const callers = figures.flatMap((campaign) => campaign.byCaller);
    const names = await this.members.lookup(caller.actor.organizationId)(callers.map((entry) => entry.callerId));
    for (const entry of callers) entry.name = names.get(entry.callerId) ?? null;
  }
}
