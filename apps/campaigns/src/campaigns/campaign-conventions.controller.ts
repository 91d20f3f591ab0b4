import { CampaignConventions, type Envelope } from '@app/contracts';
import { envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CampaignsRepository } from './campaigns.repository.js';

/** Internal: answers the conventions service, which checks the campaigns an indicator follows (no gateway route). */
@Controller()
export class CampaignConventionsController {
  constructor(private readonly campaigns: CampaignsRepository) {}

  @MessagePattern(CampaignConventions.subject)
  async conventionsOf(@Payload(envelopeOf(CampaignConventions.Request)) { data }: Envelope<CampaignConventions.Request>): Promise<CampaignConventions.Response> {
    return { items: await this.campaigns.conventionsOf(data.ids) };
  }
}
