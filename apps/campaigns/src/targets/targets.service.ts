import type { Actor, AddTargets, Envelope, ListTargets, Page, Target } from '@app/contracts';
import { UnitOfWork } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { CampaignAccess } from '../campaigns/campaign-access.js';
import { CampaignNotFoundError } from '../campaigns/campaigns.errors.js';
import { CampaignsRepository } from '../campaigns/campaigns.repository.js';
import { CompanyResolver } from './company-resolver.js';
import { TargetsRepository } from './targets.repository.js';

@Injectable()
export class TargetsService {
  constructor(
    private readonly access: CampaignAccess,
    private readonly campaigns: CampaignsRepository,
    private readonly targets: TargetsRepository,
    private readonly resolver: CompanyResolver,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /**
   * The companies service resolves the selection first (no transaction held while it answers), then
   * one transaction inserts every callable company: all or nothing, whatever the number.
   */
  async add(envelope: Envelope<AddTargets.Request>): Promise<AddTargets.Response> {
    const { actor, data } = envelope;
    const campaign = await this.access.manageable(actor, data.campaignId);
    this.access.assertNotClosed(campaign);
    const { found, notFound } = data.companyIds ? await this.resolver.byIds(envelope, data.companyIds) : await this.resolver.byFilter(envelope, data.filter);
    const callable = found.filter((company) => !company.doNotCall);
    return this.unitOfWork.write(envelope, async (tx) => {
      // Held until commit: the campaign cannot be closed while its targets are being added.
      const locked = await this.campaigns.findOneLocked(tx, campaign.organizationId, campaign.id, 'share');
      if (!locked) throw new CampaignNotFoundError();
      this.access.assertNotClosed(locked);
      const added = await this.targets.insertMany(
        tx,
        campaign.organizationId,
        campaign.id,
        callable.map((company) => ({ companyId: company.id, hiringPotential: company.hiringPotential })),
      );
      return { added, alreadyPresent: callable.length - added, skippedDoNotCall: found.length - callable.length, notFound };
    });
  }

  async list(actor: Actor, query: ListTargets.Request): Promise<Page<Target>> {
    const campaign = await this.access.readable(actor, query.campaignId);
    return this.targets.list(campaign.organizationId, campaign.id, query.status, query.limit, query.cursor);
  }
}
