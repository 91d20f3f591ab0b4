import { ContactErased, ContactOptedIn, ContactOptedOut } from '@app/contracts';
import { Inbox, on, type Subscription } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CallsRepository } from '../calls/calls.repository.js';
import { ContactOptOutsRepository } from './contact-opt-outs.repository.js';

export const CONTACT_OPT_OUTS_CONSUMER = 'campaigns-contacts';

/**
 * Keeps `campaigns.contact_opt_out` from the contacts service's events, once per event: an
 * objection adds the contact, a withdrawal or an erasure removes it (then this service holds
 * nothing about the person, and the calls that named them no longer do).
 */
@Injectable()
export class ContactOptOutsConsumer implements OnApplicationBootstrap {
  readonly subscription: Subscription = {
    consumer: CONTACT_OPT_OUTS_CONSUMER,
    handlers: [
      on(ContactOptedOut, async (contact, tx, meta) => {
        await this.optOuts.add(tx, contact, new Date(meta.occurredAt));
      }),
      on(ContactOptedIn, async ({ id, organizationId }, tx) => {
        await this.optOuts.remove(tx, organizationId, id);
      }),
      on(ContactErased, async ({ id, organizationId }, tx) => {
        await this.optOuts.remove(tx, organizationId, id);
        // The calls that named the person keep their outcome, date and notes, not the person.
        await this.calls.forgetContact(tx, organizationId, id);
      }),
    ],
  };

  constructor(
    private readonly inbox: Inbox,
    private readonly calls: CallsRepository,
    private readonly optOuts: ContactOptOutsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.subscription);
  }
}
