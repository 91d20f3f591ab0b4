import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { TargetsModule } from '../targets/targets.module.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { CompanyContacts } from './company-contacts.js';
import { OffersRepository } from './offers.repository.js';
import { OffersService } from './offers.service.js';

/** Calls, their offers and the offers board. Exports the calls' repository to the contact consumer (erasure, right of access). */
@Module({
  imports: [CampaignsModule, TargetsModule],
  controllers: [CallsController],
  providers: [CallsService, CallsRepository, OffersService, OffersRepository, CompanyContacts],
  exports: [CallsRepository],
})
export class CallsModule {}
