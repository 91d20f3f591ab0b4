import { CompanyTimeline, type Envelope, ExportCalls, GetCampaignDashboard, ListDashboardLines } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ReportingService } from './reporting.service.js';

@Controller()
export class ReportingController {
  constructor(private readonly reporting: ReportingService) {}

  @MessagePattern(GetCampaignDashboard.subject)
  dashboard(@Payload(envelopeOf(GetCampaignDashboard.Request)) { actor, data }: Envelope<GetCampaignDashboard.Request>): Promise<GetCampaignDashboard.Response> {
    return this.reporting.dashboard(actor, data.id);
  }

  @MessagePattern(ListDashboardLines.subject)
  dashboardLines(@Payload(envelopeOf(ListDashboardLines.Request)) { actor, data }: Envelope<ListDashboardLines.Request>): Promise<ListDashboardLines.Response> {
    return this.reporting.dashboardLines(actor, data);
  }

  @MessagePattern(ExportCalls.subject)
  exportPage(@Payload(envelopeOf(ExportCalls.Request)) { actor, data }: Envelope<ExportCalls.Request>): Promise<ExportCalls.Response> {
    return this.reporting.exportPage(actor, data);
  }

  @MessagePattern(CompanyTimeline.subject)
  timeline(@Payload(envelopeOf(CompanyTimeline.Request)) { actor, data }: Envelope<CompanyTimeline.Request>): Promise<CompanyTimeline.Response> {
    return this.reporting.timeline(actor, data);
  }
}
