import { type Envelope, GetCall, GetOffer, ListCalls, ListOffers, LogCall, UpdateCall, UpdateOffer } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CallsService } from './calls.service.js';
import { OffersService } from './offers.service.js';

@Controller()
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly offers: OffersService,
  ) {}

  @MessagePattern(LogCall.subject)
  log(@Payload(envelopeOf(LogCall.Request)) envelope: Envelope<LogCall.Request>): Promise<LogCall.Response> {
    return this.calls.log(envelope);
  }

  @MessagePattern(GetCall.subject)
  get(@Payload(envelopeOf(GetCall.Request)) { actor, data }: Envelope<GetCall.Request>): Promise<GetCall.Response> {
    return this.calls.get(actor, data.campaignId, data.id);
  }

  @MessagePattern(ListCalls.subject)
  list(@Payload(envelopeOf(ListCalls.Request)) { actor, data }: Envelope<ListCalls.Request>): Promise<ListCalls.Response> {
    return this.calls.list(actor, data);
  }

  @MessagePattern(UpdateCall.subject)
  update(@Payload(envelopeOf(UpdateCall.Request)) envelope: Envelope<UpdateCall.Request>): Promise<UpdateCall.Response> {
    return this.calls.updateNotes(envelope);
  }

  @MessagePattern(ListOffers.subject)
  listOffers(@Payload(envelopeOf(ListOffers.Request)) { actor, data }: Envelope<ListOffers.Request>): Promise<ListOffers.Response> {
    return this.offers.list(actor, data);
  }

  @MessagePattern(GetOffer.subject)
  getOffer(@Payload(envelopeOf(GetOffer.Request)) { actor, data }: Envelope<GetOffer.Request>): Promise<GetOffer.Response> {
    return this.offers.get(actor, data.id);
  }

  @MessagePattern(UpdateOffer.subject)
  updateOffer(@Payload(envelopeOf(UpdateOffer.Request)) envelope: Envelope<UpdateOffer.Request>): Promise<UpdateOffer.Response> {
    return this.offers.update(envelope);
  }
}
