import type { Actor, Envelope, ListOffers, Offer, Page, UpdateOffer } from '@app/contracts';
import { assertRole, ForbiddenError, PreconditionFailedError, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { CampaignAccess } from '../campaigns/campaign-access.js';
import { OfferNotFoundError } from './calls.errors.js';
import { OffersRepository } from './offers.repository.js';

const MANAGERS = ['manager'] as const;

/**
 * The hidden-market board: every role reads it, managers follow each offer up (its status). A shared
 * campaign's offers are its owner's: partners read them (`?campaignId=`, or by id), the owner's managers follow them up.
 */
@Injectable()
export class OffersService {
  constructor(
    private readonly repository: OffersRepository,
    private readonly access: CampaignAccess,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  /** The organisation's board; with a campaignId, that campaign's offers if the caller reads it (none otherwise, as ever for a filter). */
  async list(actor: Actor, query: ListOffers.Request): Promise<Page<Offer>> {
    const campaign = query.campaignId ? await this.access.visible(actor, query.campaignId) : null;
    return this.repository.list(campaign?.organizationId ?? actor.organizationId, query);
  }

  async get(actor: Actor, id: string): Promise<Offer> {
    const offer = await this.repository.findReadable(actor.organizationId, id);
    if (!offer) throw new OfferNotFoundError();
    return offer;
  }

  /** Managers of the offer's organisation only (404 before 403). The rollups count offers found: a status change leaves them. */
  async update(envelope: Envelope<UpdateOffer.Request>): Promise<Offer> {
    const { actor, data } = envelope;
    const offer = await this.get(actor, data.id);
    assertRole(actor, MANAGERS);
    if (offer.organizationId !== actor.organizationId) throw new ForbiddenError("Only the managers of the campaign's organisation follow its offers up.");
    if (Object.values(data.changes).every((value) => value === undefined)) {
      throw new ValidationFailedError([{ field: '', code: 'atLeastOneOf', params: { fields: ['status', 'title', 'positions', 'romeCode', 'description'] }, message: 'name at least one of status, title, positions, romeCode, description' }]);
    }
    return this.unitOfWork.write(envelope, async (tx) => {
      const outcome = await this.repository.update(tx, actor.organizationId, data.id, data.changes, data.expectedVersion);
      if (outcome.status === 'not-found') throw new OfferNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      return outcome.offer;
    });
  }
}
