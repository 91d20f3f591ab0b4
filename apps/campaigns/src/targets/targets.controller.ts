import { AddTargets, type Envelope, ListTargets } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { TargetsService } from './targets.service.js';

@Controller()
export class TargetsController {
  constructor(private readonly targets: TargetsService) {}

  @MessagePattern(AddTargets.subject)
  add(@Payload(envelopeOf(AddTargets.Request)) envelope: Envelope<AddTargets.Request>): Promise<AddTargets.Response> {
    return this.targets.add(envelope);
  }

  @MessagePattern(ListTargets.subject)
  list(@Payload(envelopeOf(ListTargets.Request)) { actor, data }: Envelope<ListTargets.Request>): Promise<ListTargets.Response> {
    return this.targets.list(actor, data);
  }
}
