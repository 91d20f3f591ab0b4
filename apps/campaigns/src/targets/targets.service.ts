import type { Actor, AddTargets, Envelope, ListTargets, Page, ResolveTargets, Target } from '@app/contracts';
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
   * One transaction inserts every callable company the selection names (all or nothing, whatever
   * their number), page by page as the companies service resolves them: writing a page overlaps
   * reading the next, so 50,000 companies fit in the gateway's timeout. A dry run walks the same
   * pages and counts, writing nothing.
   */
  async add(envelope: Envelope<AddTargets.Request>): Promise<AddTargets.Response> {
    const { actor, data } = envelope;
    const campaign = await this.access.manageable(actor, data.campaignId);
    this.access.assertNotClosed(campaign);
    if (data.dryRun) {
      return this.tally(envelope, async (callable) => callable.length - (await this.targets.countPresent(campaign.id, callable.map((company) => company.id))));
    }
    return this.unitOfWork.write(envelope, async (tx) => {
      // Held until commit: the campaign cannot be closed while its targets are being added.
      const locked = await this.campaigns.findOneLocked(tx, campaign.organizationId, campaign.id, 'share');
      if (!locked) throw new CampaignNotFoundError();
      this.access.assertNotClosed(locked);
      const counts = await this.tally(envelope, (callable) =>
        this.targets.insertMany(
          tx,
          campaign.organizationId,
          campaign.id,
          callable.map((company) => ({ companyId: company.id, hiringPotential: company.hiringPotential })),
        ),
      );
      await this.targets.countAdded(tx, campaign.id, counts.added);
      return counts;
    });
  }

  /** Walks the selection's companies page by page; `place` puts a page's callable ones and says how many were new. */
  private async tally(envelope: Envelope<AddTargets.Request>, place: (callable: ResolveTargets.ResolvedTarget[]) => Promise<number>): Promise<AddTargets.Response> {
    const { data } = envelope;
    const { selections, asked } = data.companyIds ? CompanyResolver.byIds(data.companyIds) : { selections: [{ filter: data.filter }], asked: 0 };
    const counts = { added: 0, alreadyPresent: 0, skippedDoNotCall: 0, notFound: 0 };
    let found = 0;
    for await (const page of this.resolver.pages(envelope, selections)) {
      const callable = page.filter((company) => !company.doNotCall);
      const added = await place(callable);
      found += page.length;
      counts.added += added;
      counts.alreadyPresent += callable.length - added;
      counts.skippedDoNotCall += page.length - callable.length;
    }
    // Only ids can name nothing: a filter finds what exists.
    counts.notFound = data.companyIds ? asked - found : 0;
    return counts;
  }

  async list(actor: Actor, query: ListTargets.Request): Promise<Page<Target>> {
    const campaign = await this.access.readable(actor, query.campaignId);
    return this.targets.list(campaign.organizationId, campaign.id, query.status, query.limit, query.cursor);
  }
}
