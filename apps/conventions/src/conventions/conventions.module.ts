import { natsRpcClientProvider, ServiceEnv } from '@app/platform';
import { Module } from '@nestjs/common';
import { ActionsRepository } from './actions.repository.js';
import { CallIndicatorsConsumer } from './call-indicators.consumer.js';
import { ConventionAccess } from './convention-access.js';
import { ConventionCampaigns } from './convention-campaigns.js';
import { ConventionsController } from './conventions.controller.js';
import { ConventionsRepository } from './conventions.repository.js';
import { ConventionsService } from './conventions.service.js';
import { IndicatorsRepository } from './indicators.repository.js';
import { SteeringService } from './steering.service.js';
import { WorkPlanService } from './work-plan.service.js';

@Module({
  controllers: [ConventionsController],
  providers: [ConventionsRepository, ActionsRepository, IndicatorsRepository, ConventionAccess, ConventionsService, WorkPlanService, SteeringService, CallIndicatorsConsumer, ConventionCampaigns, natsRpcClientProvider('conventions-rpc', ServiceEnv)],
})
export class ConventionsModule {}
