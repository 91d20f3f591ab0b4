import { type Envelope, GetContact, ListSharedContacts, MAX_PAGE_SIZE } from '@app/contracts';
import { DomainError, NatsRpcClient, UpstreamProblemError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { CampaignEntity } from '../campaigns/campaign.entity.js';
import { ContactNotOfCompanyError } from './calls.errors.js';

/**
 * Whether a contact named by a call is one of the company's in the campaign's organisation: asked
 * of the contacts service (this service keeps no contacts, only ids of those who objected). A
 * contact of another organisation answers 404 there, like an unknown one, and 422 here. Only the yes
 * or no leaves this class, never the contact.
 */
@Injectable()
export class CompanyContacts {
  constructor(private readonly services: NatsRpcClient) {}

  async assertOfCompany(
    origin: Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>,
    campaign: Pick<CampaignEntity, 'organizationId' | 'conventionId'>,
    contactId: string,
    companyId: string,
  ): Promise<void> {
    try {
      const found = campaign.organizationId === origin.actor.organizationId ? await this.ownCompanyOf(origin, contactId) : await this.isSharedContactOf(origin, campaign, contactId, companyId);
      if (found !== true && found !== companyId) throw new ContactNotOfCompanyError();
    } catch (error) {
      if (!(error instanceof UpstreamProblemError)) throw error;
      if (error.problem.status === 404) throw new ContactNotOfCompanyError();
      // 503 or 504: the client retries (safely, with its Idempotency-Key) rather than log an unchecked contact.
      throw new DomainError(error.problem);
    }
  }

  /** The company of one of the caller's own organisation's contacts. */
  private async ownCompanyOf(origin: Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>, contactId: string): Promise<string> {
    return (await this.services.request(GetContact, { id: contactId }, origin)).companyId;
  }

  /**
   * A partner's caller in a shared campaign: the contacts are the owner's, read through the shared
   * list, where the contacts service checks the convention on its own projection (docs/sharing.md).
   * A company has a handful of contacts: their pages are walked until the one named is met.
   */
  private async isSharedContactOf(
    origin: Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>,
    campaign: Pick<CampaignEntity, 'organizationId' | 'conventionId'>,
    contactId: string,
    companyId: string,
  ): Promise<boolean> {
    if (!campaign.conventionId) return false;
    let cursor: string | undefined;
    do {
      const page = await this.services.request(
        ListSharedContacts,
        { companyId, ownerOrganizationId: campaign.organizationId, conventionId: campaign.conventionId, limit: MAX_PAGE_SIZE, ...(cursor ? { cursor } : {}) },
        origin,
      );
      if (page.items.some((contact) => contact.id === contactId)) return true;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return false;
  }
}
