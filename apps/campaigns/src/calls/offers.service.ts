import type { Actor, Envelope, ListOffers, Offer, Page, UpdateOffer } from '@app/contracts';
import { assertRole, PreconditionFailedError, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { OfferNotFoundError } from './calls.errors.js';
import { OffersRepository } from './offers.repository.js';

const MANAGERS = ['manager'] as const;

/** The hidden-market board: every role reads it, managers follow each offer up (its status). */
@Injectable()
export class OffersService {
  constructor(
    private readonly repository: OffersRepository,
    private readonly unitOfWork: UnitOfWork,
  ) {}

  list(actor: Actor, query: ListOffers.Request): Promise<Page<Offer>> {
    return this.repository.list(actor.organizationId, query);
  }

  async get(actor: Actor, id: string): Promise<Offer> {
    const offer = await this.repository.findOne(actor.organizationId, id);
    if (!offer) throw new OfferNotFoundError();
    return offer;
  }

  /** Managers only (404 before 403). The rollups count offers found: a status change leaves them. */
  async update(envelope: Envelope<UpdateOffer.Request>): Promise<Offer> {
    const { actor, data } = envelope;
    if (actor.role !== 'manager') await this.get(actor, data.id);
    assertRole(actor, MANAGERS);
    if (Object.values(data.changes).every((value) => value === undefined)) {
      throw new ValidationFailedError([{ field: '', message: 'name at least one of status, title, positions, romeCode, description' }]);
    }
    return this.unitOfWork.write(envelope, async (tx) => {
      const outcome = await this.repository.update(tx, actor.organizationId, data.id, data.changes, data.expectedVersion);
      if (outcome.status === 'not-found') throw new OfferNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      return outcome.offer;
    });
  }
}
