import { CallLogged } from '@app/contracts';
import { Inbox, on, type Subscription } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { IndicatorsRepository } from './indicators.repository.js';

export const CALL_INDICATORS_CONSUMER = 'conventions-calls';

/** Indicators follow the calls: each logged call counted once into the indicators of its convention (docs/conventions.md). */
@Injectable()
export class CallIndicatorsConsumer implements OnApplicationBootstrap {
  readonly subscription: Subscription = {
    consumer: CALL_INDICATORS_CONSUMER,
    // A call outside any convention's campaign counts nowhere: acked without a transaction.
    handlers: [on(CallLogged, (call, tx) => this.indicators.countCall(tx, call), { when: (call) => Boolean(call.conventionId) })],
  };

  constructor(
    private readonly inbox: Inbox,
    private readonly indicators: IndicatorsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.subscription);
  }
}
