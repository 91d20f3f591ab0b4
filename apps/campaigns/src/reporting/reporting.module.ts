import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CallHistoryRepository } from './call-history.repository.js';
import { DashboardsRepository } from './dashboards.repository.js';
import { ReportingController } from './reporting.controller.js';
import { ReportingService } from './reporting.service.js';

/** Dashboards, the calls' export and companies' timelines: reads only. */
@Module({
  imports: [CampaignsModule],
  controllers: [ReportingController],
  providers: [ReportingService, DashboardsRepository, CallHistoryRepository],
})
export class ReportingModule {}
