import { CallLogged, type CallLoggedPayload } from '@app/contracts';
import { type EventMessage, Inbox, OutboxRelay } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CompaniesService } from './companies.service.js';

export const CALL_OUTCOMES_CONSUMER = 'companies-campaign-calls';

/**
 * What the registry learns from calls, once per event: a company whose call ended `do_not_call`
 * becomes doNotCall (a new version and its `updated` event, as if a manager had changed it).
 */
@Injectable()
export class CallOutcomesConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly inbox: Inbox,
    private readonly relay: OutboxRelay,
    private readonly companies: CompaniesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe({
      consumer: CALL_OUTCOMES_CONSUMER,
      filterSubject: 'events.campaigns.call.>',
      events: [CallLogged],
      handle: (subject, message) => this.apply(subject, message),
    });
  }

  async apply(subject: string, message: EventMessage): Promise<void> {
    let marked = false;
    await this.inbox.apply(CALL_OUTCOMES_CONSUMER, message, async (tx) => {
      const call = message.data as CallLoggedPayload;
      if (subject !== CallLogged.subject || call.outcome !== 'do_not_call') return;
      marked = await this.companies.markDoNotCall(tx, { actor: { organizationId: call.organizationId }, requestId: message.meta.requestId }, call.companyId);
    });
    // The company's `updated` event is in the outbox: publish it now rather than at the next poll.
    if (marked) this.relay.wakeSoon();
  }
}
