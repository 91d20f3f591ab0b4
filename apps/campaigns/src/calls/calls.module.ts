import { natsRpcClientProvider, ServiceEnv } from '@app/platform';
import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module.js';
import { CallsController } from './calls.controller.js';
import { CallsRepository } from './calls.repository.js';
import { CallsService } from './calls.service.js';
import { CompanyContacts } from './company-contacts.js';
import { OffersRepository } from './offers.repository.js';
import { OffersService } from './offers.service.js';
import { TargetExclusions } from './target-exclusions.js';

/** Calls, their offers and the offers board. Exports what the event consumers apply (erasure, deletion, doNotCall). */
@Module({
  imports: [CampaignsModule],
  controllers: [CallsController],
  providers: [CallsService, CallsRepository, OffersService, OffersRepository, TargetExclusions, CompanyContacts, natsRpcClientProvider('campaigns-rpc', ServiceEnv)],
  exports: [CallsRepository, TargetExclusions],
})
export class CallsModule {}
