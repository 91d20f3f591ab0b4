import { ConventionSharingModule, ServiceEnv, ServicePlatformModule } from '@app/platform';
import { type DynamicModule, Module } from '@nestjs/common';
import { CampaignsModule } from './campaigns/campaigns.module.js';
import { CallsModule } from './calls/calls.module.js';
import { CompanyDirectoryModule } from './company-directory/company-directory.module.js';
import { ContactOptOutsModule } from './contact-opt-outs/contact-opt-outs.module.js';
import { TargetsModule } from './targets/targets.module.js';
import { campaignsDatabase } from './database/campaigns.database.js';
import { ReportingModule } from './reporting/reporting.module.js';
import { QueueModule } from './queue/queue.module.js';

@Module({})
export class AppModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: AppModule,
      imports: [ServicePlatformModule.forService({ service: 'campaigns', env, database: campaignsDatabase }), ConventionSharingModule.forConsumer('campaigns-conventions'), CompanyDirectoryModule, ContactOptOutsModule, CampaignsModule, TargetsModule, QueueModule, CallsModule, ReportingModule],
    };
  }
}
