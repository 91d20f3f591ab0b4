import { ContactErased, ContactOptedIn, ContactOptedOut, type ContactRefPayload } from '@app/contracts';
import { type EventMessage, Inbox } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CallsRepository } from '../calls/calls.repository.js';
import { ContactOptOutEntity } from './contact-opt-out.entity.js';

export const CONTACT_OPT_OUTS_CONSUMER = 'campaigns-contacts';

/**
 * Keeps `campaigns.contact_opt_out` from the contacts service's events, once per event: an
 * objection adds the contact, a withdrawal or an erasure removes it (then this service holds
 * nothing about the person, and the calls that named them no longer do).
 */
@Injectable()
export class ContactOptOutsConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly inbox: Inbox,
    private readonly calls: CallsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe({
      consumer: CONTACT_OPT_OUTS_CONSUMER,
      filterSubject: 'events.contacts.contact.>',
      events: [ContactOptedOut, ContactOptedIn, ContactErased],
      handle: (subject, message) => this.apply(subject, message),
    });
  }

  async apply(subject: string, message: EventMessage): Promise<void> {
    await this.inbox.apply(CONTACT_OPT_OUTS_CONSUMER, message, async (tx) => {
      const { id, organizationId, companyId } = message.data as ContactRefPayload;
      const optOuts = tx.getRepository(ContactOptOutEntity);
      if (subject === ContactOptedOut.subject) {
        await optOuts
          .createQueryBuilder()
          .insert()
          .values({ contactId: id, organizationId, companyId, optedOutAt: new Date(message.meta.occurredAt) })
          .orIgnore()
          .execute();
      } else if (subject === ContactOptedIn.subject || subject === ContactErased.subject) {
        await optOuts.delete({ contactId: id, organizationId });
        // The calls that named the person keep their outcome, date and notes, not the person.
        if (subject === ContactErased.subject) await this.calls.forgetContact(tx, organizationId, id);
      }
    });
  }
}
