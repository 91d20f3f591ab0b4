import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CompanyResolver } from './company-resolver.js';
import { TargetsController } from './targets.controller.js';
import { TargetsRepository } from './targets.repository.js';
import { TargetsService } from './targets.service.js';

/** The companies of a campaign's queue: added by id or filter (resolved by the companies service), listed. */
@Module({
  imports: [CampaignsModule],
  controllers: [TargetsController],
  providers: [TargetsService, TargetsRepository, CompanyResolver],
  exports: [TargetsRepository],
})
export class TargetsModule {}
