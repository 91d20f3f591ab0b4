import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { ClaimReaper } from './claim-reaper.js';
import { QueueController } from './queue.controller.js';
import { QueueRepository } from './queue.repository.js';
import { QueueService } from './queue.service.js';

/** The call queue: claims, releases, the claim reaper and the caller's callbacks. */
@Module({
  imports: [CampaignsModule],
  controllers: [QueueController],
  providers: [QueueService, QueueRepository, ClaimReaper],
})
export class QueueModule {}
