import { NatsRpcClient, natsRpcClientProvider, ServiceEnv } from '@app/platform';
import { Module } from '@nestjs/common';
import { CampaignAccess } from './campaign-access.js';
import { CampaignConventionsController } from './campaign-conventions.controller.js';
import { CampaignsController } from './campaigns.controller.js';
import { CampaignsRepository } from './campaigns.repository.js';
import { CampaignsService } from './campaigns.service.js';

/**
 * Campaigns themselves; exports the access rules and the repository that claims, calls and dashboards
 * build on, and the service's one request-reply client (targets ask companies, claims and calls ask contacts).
 */
@Module({
  controllers: [CampaignsController, CampaignConventionsController],
  providers: [CampaignsService, CampaignsRepository, CampaignAccess, natsRpcClientProvider('campaigns-rpc', ServiceEnv)],
  exports: [CampaignsRepository, CampaignAccess, NatsRpcClient],
})
export class CampaignsModule {}
