import { Module } from '@nestjs/common';
import { CampaignAccess } from './campaign-access.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/** Campaigns themselves; exports the access rules and the repository that claims, calls and dashboards build on. */
@Module({
  controllers: [CampaignsController],
  providers: [CampaignsService, CampaignsRepository, CampaignAccess],
  exports: [CampaignsRepository, CampaignAccess],
})
export class CampaignsModule {}
