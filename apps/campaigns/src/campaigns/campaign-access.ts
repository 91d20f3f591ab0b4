import type { Actor } from '@app/contracts';
import { assertRole } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CampaignEntity } from './campaign.entity.js';
import { CampaignClosedError, CampaignNotActiveError, CampaignNotFoundError } from './campaigns.errors.js';
import { CampaignsRepository } from './campaigns.repository.js';

const MANAGERS = ['manager'] as const;

/**
 * The one place that decides who may see and work in a campaign. Today: the members of its
 * organisation. (Issue 10 extends `readable` to the partner organisations of its convention.)
 * 404 before 403 everywhere: a caller who may not see a campaign never learns that it exists.
 */
@Injectable()
export class CampaignAccess {
  constructor(private readonly campaigns: CampaignsRepository) {}

  /** The campaign, if the actor may see it; CampaignNotFoundError (404) otherwise. */
  async readable(actor: Actor, id: string, tx?: EntityManager): Promise<CampaignEntity> {
    const campaign = await this.campaigns.findOne(actor.organizationId, id, tx);
    if (!campaign) throw new CampaignNotFoundError();
    return campaign;
  }

  /** The campaign, if the actor may change it: 404 if they may not see it, then 403 unless a manager of its organisation. */
  async manageable(actor: Actor, id: string, tx?: EntityManager): Promise<CampaignEntity> {
    const campaign = await this.readable(actor, id, tx);
    this.assertManager(actor, campaign);
    return campaign;
  }

  /** 403 unless the actor manages this campaign (a manager of the organisation that owns it). */
  assertManager(actor: Actor, campaign: CampaignEntity): void {
    assertRole(actor, MANAGERS);
    if (campaign.organizationId !== actor.organizationId) throw new CampaignNotFoundError();
  }

  /** Claims and calls: 422 unless the campaign is active. */
  assertActive(campaign: Pick<CampaignEntity, 'status'>): void {
    if (campaign.status !== 'active') throw new CampaignNotActiveError(campaign.status);
  }

  /** Targets and changes: 422 once the campaign is closed (final). */
  assertNotClosed(campaign: Pick<CampaignEntity, 'status'>): void {
    if (campaign.status === 'closed') throw new CampaignClosedError();
  }
}
