import { CampaignConventions, type Envelope } from '@app/contracts';
import { NatsRpcClient, ServiceUnavailableError, UpstreamProblemError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { CampaignsNotInConventionError } from './conventions.errors.js';

type Origin = Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>;

/**
 * Which campaigns belong to a convention: the campaigns service knows (a campaign's `conventionId`
 * is its own), so we ask it on the internal CampaignConventions subject when an indicator names
 * campaigns, a rare write. Nothing is kept: the answer is only compared with the convention.
 */
@Injectable()
export class ConventionCampaigns {
  constructor(private readonly campaigns: NatsRpcClient) {}

  /**
   * 422 naming each `campaignIds[i]` that is not a campaign of the convention; an unknown id alike,
   * so the answer never says whether another organisation's campaign exists. 503 when the campaigns
   * service cannot answer (nothing is changed then).
   */
  async assertOfConvention(origin: Origin, conventionId: string, campaignIds: readonly string[]): Promise<void> {
    if (campaignIds.length === 0) return;
    const ids = campaignIds.map((id) => id.toLowerCase());
    let answer: CampaignConventions.Response;
    try {
      answer = await this.campaigns.request(CampaignConventions, { ids: [...new Set(ids)] }, { actor: origin.actor, requestId: origin.requestId, deadline: origin.deadline });
    } catch (error) {
      if (!(error instanceof UpstreamProblemError)) throw error;
      throw new ServiceUnavailableError("The indicator's campaigns cannot be checked just now. Nothing was changed; try again in a moment.");
    }
    const ofConvention = new Set(answer.items.filter((item) => item.conventionId === conventionId).map((item) => item.id));
    const foreign = ids.flatMap((id, index) => (ofConvention.has(id) ? [] : [`campaignIds[${index}]`]));
    if (foreign.length > 0) throw new CampaignsNotInConventionError(foreign);
  }
}
