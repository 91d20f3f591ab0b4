import { ClaimNextTarget, type Envelope, ListMyCallbacks, ReleaseClaim } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { QueueService } from './queue.service.js';

@Controller()
export class QueueController {
  constructor(private readonly queue: QueueService) {}

  @MessagePattern(ClaimNextTarget.subject)
  claim(@Payload(envelopeOf(ClaimNextTarget.Request)) envelope: Envelope<ClaimNextTarget.Request>): Promise<ClaimNextTarget.Response> {
    return this.queue.claim(envelope);
  }

  @MessagePattern(ReleaseClaim.subject)
  release(@Payload(envelopeOf(ReleaseClaim.Request)) envelope: Envelope<ReleaseClaim.Request>): Promise<ReleaseClaim.Response> {
    return this.queue.release(envelope);
  }

  @MessagePattern(ListMyCallbacks.subject)
  myCallbacks(@Payload(envelopeOf(ListMyCallbacks.Request)) { actor, data }: Envelope<ListMyCallbacks.Request>): Promise<ListMyCallbacks.Response> {
    return this.queue.myCallbacks(actor, data);
  }
}
