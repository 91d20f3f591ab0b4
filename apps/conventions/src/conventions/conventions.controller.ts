import {
  CreateConvention,
  CreateConventionAction,
  CreateConventionIndicator,
  type Envelope,
  GetConvention,
  GetConventionProgress,
  GetConventionReport,
  ListConventions,
  UpdateConvention,
  UpdateConventionAction,
  UpdateConventionIndicator,
} from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ConventionsService } from './conventions.service.js';
import { SteeringService } from './steering.service.js';
import { WorkPlanService } from './work-plan.service.js';

@Controller()
export class ConventionsController {
  constructor(
    private readonly conventions: ConventionsService,
    private readonly workPlan: WorkPlanService,
    private readonly steering: SteeringService,
  ) {}

  @MessagePattern(CreateConvention.subject)
  create(@Payload(envelopeOf(CreateConvention.Request)) envelope: Envelope<CreateConvention.Request>): Promise<CreateConvention.Response> {
    return this.conventions.create(envelope);
  }

  @MessagePattern(GetConvention.subject)
  get(@Payload(envelopeOf(GetConvention.Request)) { actor, data }: Envelope<GetConvention.Request>): Promise<GetConvention.Response> {
    return this.conventions.get(actor, data.id);
  }

  @MessagePattern(ListConventions.subject)
  list(@Payload(envelopeOf(ListConventions.Request)) { actor, data }: Envelope<ListConventions.Request>): Promise<ListConventions.Response> {
    return this.conventions.list(actor, data);
  }

  @MessagePattern(UpdateConvention.subject)
  update(@Payload(envelopeOf(UpdateConvention.Request)) envelope: Envelope<UpdateConvention.Request>): Promise<UpdateConvention.Response> {
    return this.conventions.update(envelope);
  }

  @MessagePattern(CreateConventionAction.subject)
  createAction(@Payload(envelopeOf(CreateConventionAction.Request)) envelope: Envelope<CreateConventionAction.Request>): Promise<CreateConventionAction.Response> {
    return this.workPlan.createAction(envelope);
  }

  @MessagePattern(UpdateConventionAction.subject)
  updateAction(@Payload(envelopeOf(UpdateConventionAction.Request)) envelope: Envelope<UpdateConventionAction.Request>): Promise<UpdateConventionAction.Response> {
    return this.workPlan.updateAction(envelope);
  }

  @MessagePattern(CreateConventionIndicator.subject)
  createIndicator(
    @Payload(envelopeOf(CreateConventionIndicator.Request)) envelope: Envelope<CreateConventionIndicator.Request>,
  ): Promise<CreateConventionIndicator.Response> {
    return this.workPlan.createIndicator(envelope);
  }

  @MessagePattern(UpdateConventionIndicator.subject)
  updateIndicator(
    @Payload(envelopeOf(UpdateConventionIndicator.Request)) envelope: Envelope<UpdateConventionIndicator.Request>,
  ): Promise<UpdateConventionIndicator.Response> {
    return this.workPlan.updateIndicator(envelope);
  }

  @MessagePattern(GetConventionProgress.subject)
  progress(@Payload(envelopeOf(GetConventionProgress.Request)) { actor, data }: Envelope<GetConventionProgress.Request>): Promise<GetConventionProgress.Response> {
    return this.steering.progress(actor, data.id);
  }

  @MessagePattern(GetConventionReport.subject)
  report(@Payload(envelopeOf(GetConventionReport.Request)) { actor, data }: Envelope<GetConventionReport.Request>): Promise<GetConventionReport.Response> {
    return this.steering.report(actor, data);
  }
}
