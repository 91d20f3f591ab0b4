import { CreateCampaign, type Envelope, GetCampaign, ListCampaigns, UpdateCampaign } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CampaignsService } from './campaigns.service.js';

@Controller()
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @MessagePattern(CreateCampaign.subject)
  create(@Payload(envelopeOf(CreateCampaign.Request)) envelope: Envelope<CreateCampaign.Request>): Promise<CreateCampaign.Response> {
    return this.campaigns.create(envelope);
  }

  @MessagePattern(GetCampaign.subject)
  get(@Payload(envelopeOf(GetCampaign.Request)) { actor, data }: Envelope<GetCampaign.Request>): Promise<GetCampaign.Response> {
    return this.campaigns.get(actor, data.id);
  }

  @MessagePattern(ListCampaigns.subject)
  list(@Payload(envelopeOf(ListCampaigns.Request)) { actor, data }: Envelope<ListCampaigns.Request>): Promise<ListCampaigns.Response> {
    return this.campaigns.list(actor, data);
  }

  @MessagePattern(UpdateCampaign.subject)
  update(@Payload(envelopeOf(UpdateCampaign.Request)) envelope: Envelope<UpdateCampaign.Request>): Promise<UpdateCampaign.Response> {
    return this.campaigns.update(envelope);
  }
}
