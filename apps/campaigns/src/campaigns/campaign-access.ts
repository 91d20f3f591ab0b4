import type { Actor } from '@app/contracts';
import { assertRole, ConventionSharing, ForbiddenError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CampaignEntity } from './campaign.entity.js';
import { CampaignClosedError, CampaignNotActiveError, CampaignNotFoundError, NotAPartyError } from './campaigns.errors.js';
import { CampaignsRepository } from './campaigns.repository.js';

const MANAGERS = ['manager'] as const;

/**
 * The one place that decides who may see and work in a campaign (docs/sharing.md): the members of
 * its organisation (the owner) and, when it has a `conventionId`, the members of the convention's
 * other parties, as long as both the owner and the reader are parties. Only the owner's managers
 * change it. 404 before 403 everywhere: a caller who may not see a campaign never learns that it exists.
 */
@Injectable()
export class CampaignAccess {
  constructor(
    private readonly campaigns: CampaignsRepository,
    private readonly sharing: ConventionSharing,
  ) {}

  /**
   * The campaign, if the actor may see it (one read, the sharing condition in its WHERE clause);
   * CampaignNotFoundError (404) otherwise. Everything done in it after this is scoped by the
   * campaign's own organisation (`campaign.organizationId`), never the actor's.
   */
  async readable(actor: Actor, id: string, tx?: EntityManager): Promise<CampaignEntity> {
    const campaign = await this.visible(actor, id, tx);
    if (!campaign) throw new CampaignNotFoundError();
    return campaign;
  }

  /** The campaign if the actor may see it, null otherwise (a filter, where an unknown campaign selects nothing). */
  visible(actor: Actor, id: string, tx?: EntityManager): Promise<CampaignEntity | null> {
    return this.campaigns.findReadable(actor.organizationId, id, tx);
  }

  /** The campaign, if the actor may change it: 404 if they may not see it, then 403 unless a manager of its organisation. */
  async manageable(actor: Actor, id: string, tx?: EntityManager): Promise<CampaignEntity> {
    const campaign = await this.readable(actor, id, tx);
    this.assertManager(actor, campaign);
    return campaign;
  }

  /** The campaign's dashboard and export: its organisation's members, and the partners' managers. */
  async reportable(actor: Actor, id: string): Promise<CampaignEntity> {
    const campaign = await this.readable(actor, id);
    if (isPartner(actor, campaign) && actor.role !== 'manager') throw new ForbiddenError("Only managers read a shared campaign's dashboard and export its calls.");
    return campaign;
  }

  /** 403 unless the actor manages this campaign (a manager of the organisation that owns it, not of a partner). */
  assertManager(actor: Actor, campaign: CampaignEntity): void {
    assertRole(actor, MANAGERS);
    if (isPartner(actor, campaign)) throw new ForbiddenError('Only the managers of the organisation that owns this campaign change it.');
  }

  /** A campaign is shared only through a convention its organisation is a party of (422 `not-a-party`). */
  async assertConventionOf(organizationId: string, conventionId: string | null | undefined, tx?: EntityManager): Promise<void> {
    if (conventionId && !(await this.sharing.areParties(conventionId, [organizationId], tx))) throw new NotAPartyError();
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

/** True when the actor reads the campaign as a partner of its convention, not as a member of its organisation. */
export const isPartner = (actor: Actor, campaign: Pick<CampaignEntity, 'organizationId'>): boolean => campaign.organizationId !== actor.organizationId;
