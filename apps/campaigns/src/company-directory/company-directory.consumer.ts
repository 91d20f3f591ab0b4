import { type CompanyChangedPayload, CompanyCreated, CompanyDeleted, CompanyImported, CompanyUpdated } from '@app/contracts';
import { Inbox, on, type Subscription } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TargetsRepository } from '../targets/targets.repository.js';
import { CompanySummaryRepository } from './company-summary.repository.js';

export const COMPANY_DIRECTORY_CONSUMER = 'campaigns-companies';

/** Keeps `campaigns.company_summary` in step with the companies service, once per event. */
@Injectable()
export class CompanyDirectoryConsumer implements OnApplicationBootstrap {
  readonly subscription: Subscription = {
    consumer: COMPANY_DIRECTORY_CONSUMER,
    handlers: [
      on(CompanyCreated, (payload, tx) => this.changed(payload, tx)),
      on(CompanyUpdated, (payload, tx) => this.changed(payload, tx)),
      on(CompanyImported, async ({ organizationId, companies }, tx) => {
        await this.summaries.upsert(tx, organizationId, companies);
      }),
      on(CompanyDeleted, async ({ id, organizationId }, tx) => {
        await this.summaries.delete(tx, organizationId, id);
        // Its calls keep their outcome and date; its targets still in a queue leave it.
        await this.targets.excludeCompany(tx, organizationId, id);
      }),
    ],
  };

  constructor(
    private readonly inbox: Inbox,
    private readonly summaries: CompanySummaryRepository,
    private readonly targets: TargetsRepository,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.inbox.subscribe(this.subscription);
  }

  private async changed({ company }: CompanyChangedPayload, tx: EntityManager): Promise<void> {
    await this.summaries.upsert(tx, company.organizationId, [company]);
  }
}
