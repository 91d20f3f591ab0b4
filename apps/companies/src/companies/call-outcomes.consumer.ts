import { CallLogged } from '@app/contracts';
import { Inbox, on, type Subscription } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { CompaniesService } from './companies.service.js';

export const CALL_OUTCOMES_CONSUMER = 'companies-campaign-calls';

/**
 * What the registry learns from calls, once per event: a company whose call ended `do_not_call`
 * becomes doNotCall (a new version and its `updated` event, as if a manager had changed it; the
 * inbox wakes the relay after the commit, so the event goes out at once).
 */
@Injectable()
export class CallOutcomesConsumer implements OnApplicationBootstrap {
  readonly subscription: Subscription = {
    consumer: CALL_OUTCOMES_CONSUMER,
    handlers: [
      on(
        CallLogged,
        async ({ organizationId, companyId }, tx, meta) => {
          await this.companies.markDoNotCall(tx, { actor: { organizationId }, requestId: meta.requestId }, companyId);
        },
        // Every other outcome leaves the registry as it is: acked without a transaction.
        { when: ({ outcome }) => outcome === 'do_not_call' },
      ),
    ],
  };

  constructor(
    private readonly inbox: Inbox,
    private readonly companies: CompaniesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.subscription);
  }
}
