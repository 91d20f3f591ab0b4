import type { Actor, Campaign, CampaignChanges, CreateCampaign, Envelope, ListCampaigns, Page, UpdateCampaign } from '@app/contracts';
import { assertRole, PreconditionFailedError, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { CampaignAccess } from './campaign-access.js';
import type { CampaignEntity } from './campaign.entity.js';
import { canBecome, NEXT_STATUSES } from './campaign-lifecycle.js';
import { toCampaign, toCampaignColumns } from './campaign.mapper.js';
import { CampaignNotFoundError, CampaignStatusTransitionError } from './campaigns.errors.js';
import { CampaignsRepository } from './campaigns.repository.js';

const MANAGERS = ['manager'] as const;

@Injectable()
export class CampaignsService {
  constructor(
    private readonly repository: CampaignsRepository,
    private readonly access: CampaignAccess,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  create(envelope: Envelope<CreateCampaign.Request>): Promise<Campaign> {
    const { actor, data } = envelope;
    assertRole(actor, MANAGERS);
    assertDaysInOrder(data.startsOn, data.endsOn);
    return this.unitOfWork.write(envelope, async (tx) => {
      await this.access.assertConventionOf(actor.organizationId, data.conventionId, tx);
      return toCampaign(await this.repository.insert(tx, actor.organizationId, actor.userId, toCampaignColumns(data)));
    });
  }

  async get(actor: Actor, id: string): Promise<Campaign> {
    return toCampaign(await this.access.readable(actor, id));
  }

  list(actor: Actor, query: ListCampaigns.Request): Promise<Page<Campaign>> {
    return this.repository.list(actor.organizationId, { ...query, shared: true });
  }

  async update(envelope: Envelope<UpdateCampaign.Request>): Promise<Campaign> {
    const { actor, data } = envelope;
    await this.access.manageable(actor, data.id);
    return this.unitOfWork.write(envelope, async (tx) => {
      // Locked: the status rule and the days' order are checked against the state the change replaces.
      const current = await this.repository.findOneLocked(tx, actor.organizationId, data.id, 'update');
      if (!current) throw new CampaignNotFoundError();
      if (current.version !== data.expectedVersion) throw new PreconditionFailedError(current.version);
      assertChangeAllowed(current, data.changes);
      this.access.assertNotClosed(current);
      await this.access.assertConventionOf(current.organizationId, data.changes.conventionId, tx);
      const outcome = await this.repository.update(tx, actor.organizationId, data.id, toCampaignColumns(data.changes), data.expectedVersion);
      if (outcome.status === 'not-found') throw new CampaignNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      return toCampaign(outcome.campaign);
    });
  }
}

/** The status follows the lifecycle; the days stay in order once the change is applied to the stored ones. */
function assertChangeAllowed(current: CampaignEntity, changes: CampaignChanges): void {
  const to = changes.status;
  if (to !== undefined && to !== current.status && !canBecome(current.status, to)) {
    throw new CampaignStatusTransitionError(current.status, to, NEXT_STATUSES[current.status]);
  }
  const startsOn = changes.startsOn !== undefined ? changes.startsOn : current.startsOn;
  const endsOn = changes.endsOn !== undefined ? changes.endsOn : current.endsOn;
  assertDaysInOrder(startsOn, endsOn);
}

/** 400 naming endsOn when it comes before startsOn (YYYY-MM-DD strings compare as days). */
function assertDaysInOrder(startsOn: string | null | undefined, endsOn: string | null | undefined): void {
  if (startsOn && endsOn && endsOn < startsOn) {
    throw new ValidationFailedError([{ field: 'endsOn', code: 'notBefore', params: { other: 'startsOn' }, message: `endsOn (${endsOn}) must be on or after startsOn (${startsOn})` }]);
  }
}
