import {
  type CompanyChangedPayload,
  CompanyCreated,
  CompanyDeleted,
  type CompanyDeletedPayload,
  CompanyImported,
  type CompanyImportedPayload,
  CompanyUpdated,
} from '@app/contracts';
import { type EventMessage, Inbox, OutboxRelay } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { ContactsService } from '../contacts/contacts.service.js';
import { CompanyDirectory } from './company-directory.js';

export const COMPANY_DIRECTORY_CONSUMER = 'contacts-companies';

/**
 * Keeps `contacts.company_ref` in step with the companies service, once per event, and erases a
 * deleted company's contacts (as the system, in the audit trail).
 */
@Injectable()
export class CompanyDirectoryConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly inbox: Inbox,
    private readonly relay: OutboxRelay,
    private readonly directory: CompanyDirectory,
    private readonly contacts: ContactsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe({
      consumer: COMPANY_DIRECTORY_CONSUMER,
      filterSubject: 'events.companies.company.>',
      events: [CompanyCreated, CompanyUpdated, CompanyImported, CompanyDeleted],
      handle: (subject, message) => this.apply(subject, message),
    });
  }

  async apply(subject: string, message: EventMessage): Promise<void> {
    let erased = 0;
    await this.inbox.apply(COMPANY_DIRECTORY_CONSUMER, message, async (tx) => {
      if (subject === CompanyCreated.subject || subject === CompanyUpdated.subject) {
        await this.directory.upsert(tx, [(message.data as CompanyChangedPayload).company]);
      } else if (subject === CompanyImported.subject) {
        // One import batch: up to 500 companies of one organisation, applied in one statement.
        const { organizationId, companies } = message.data as CompanyImportedPayload;
        await this.directory.upsert(tx, companies.map(({ id, version }) => ({ id, organizationId, version })));
      } else if (subject === CompanyDeleted.subject) {
        const { id, organizationId } = message.data as CompanyDeletedPayload;
        await this.directory.tombstone(tx, organizationId, id);
        erased = await this.contacts.eraseForCompany(tx, organizationId, id, message.meta.requestId);
      }
    });
    // The erasure events are in the outbox: publish them now rather than at the next poll.
    if (erased > 0) this.relay.wakeSoon();
  }
}
