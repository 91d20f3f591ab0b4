import { CampaignsPersonalData, type Envelope, PersonalData } from '@app/contracts';
import { assertRole, envelopeOf } from '@app/platform';
import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { CallsRepository } from '../calls/calls.repository.js';
import { ContactOptOutEntity } from './contact-opt-out.entity.js';

/**
 * This service's section of a right-of-access export: the contact's opt-out record and the calls
 * that name the contact (with their notes). On `events.contacts.contact.erased` those calls lose
 * the contact (outcome, date and notes kept).
 */
@Controller()
export class PersonalDataController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly calls: CallsRepository,
  ) {}

  @MessagePattern(CampaignsPersonalData.subject)
  async export(@Payload(envelopeOf(PersonalData.Request)) { actor, data }: Envelope<PersonalData.Request>): Promise<PersonalData.Response> {
    // The contacts service checked that the contact is the organisation's; NATS is still a trust boundary.
    assertRole(actor, ['manager']);
    const calls = await this.calls.namingContact(actor.organizationId, data.contactId);
    const optOut = await this.dataSource.getRepository(ContactOptOutEntity).findOneBy({ contactId: data.contactId, organizationId: actor.organizationId });
    return {
      service: 'campaigns',
      data: { contactOptOut: optOut ? { contactId: optOut.contactId, companyId: optOut.companyId, optedOutAt: optOut.optedOutAt.toISOString() } : null, calls },
    };
  }
}
