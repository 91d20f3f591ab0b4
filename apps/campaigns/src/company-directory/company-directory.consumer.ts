import {
  CompanyCreated,
  CompanyDeleted,
  type CompanyChangedPayload,
  type CompanyDeletedPayload,
  CompanyImported,
  type CompanyImportedPayload,
  CompanyUpdated,
} from '@app/contracts';
import { type EventMessage, Inbox } from '@app/platform';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TargetExclusions } from '../calls/target-exclusions.js';
import { CompanySummaryEntity } from './company-summary.entity.js';

export const COMPANY_DIRECTORY_CONSUMER = 'campaigns-companies';

/** Keeps `campaigns.company_summary` in step with the companies service, once per event. */
@Injectable()
export class CompanyDirectoryConsumer implements OnApplicationBootstrap {
  constructor(
    private readonly inbox: Inbox,
    private readonly exclusions: TargetExclusions,
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
    await this.inbox.apply(COMPANY_DIRECTORY_CONSUMER, message, async (tx) => {
      if (subject === CompanyCreated.subject || subject === CompanyUpdated.subject) {
        await upsert(tx, (message.data as CompanyChangedPayload).company);
      } else if (subject === CompanyImported.subject) {
        await upsertMany(tx, message.data as CompanyImportedPayload);
      } else if (subject === CompanyDeleted.subject) {
        const { id, organizationId } = message.data as CompanyDeletedPayload;
        await tx.getRepository(CompanySummaryEntity).delete({ id, organizationId });
        // Its calls keep their outcome and date; its targets still in a queue leave it.
        await this.exclusions.excludeCompany(tx, organizationId, id);
      }
    });
  }
}

// A late, older event never overwrites a newer state: the update applies only to a higher version.
async function upsert(tx: EntityManager, company: CompanyChangedPayload['company']): Promise<void> {
  await tx.query(
    `INSERT INTO "campaigns"."company_summary"
       ("id", "organization_id", "name", "naf_code", "postal_code", "city", "phone", "hiring_potential", "do_not_call", "version")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT ("id") DO UPDATE SET
       "name" = EXCLUDED."name", "naf_code" = EXCLUDED."naf_code", "postal_code" = EXCLUDED."postal_code",
       "city" = EXCLUDED."city", "phone" = EXCLUDED."phone", "hiring_potential" = EXCLUDED."hiring_potential",
       "do_not_call" = EXCLUDED."do_not_call", "version" = EXCLUDED."version", "updated_at" = now()
     WHERE "company_summary"."version" < EXCLUDED."version"`,
    [
      company.id,
      company.organizationId,
      company.name,
      company.nafCode,
      company.address.postalCode,
      company.address.city,
      company.phone,
      company.hiringPotential,
      company.doNotCall,
      company.version,
    ],
  );
}

// An import's batch (up to 500 companies of one organisation) in one statement, with the same version rule.
async function upsertMany(tx: EntityManager, { organizationId, companies }: CompanyImportedPayload): Promise<void> {
  await tx.query(
    `INSERT INTO "campaigns"."company_summary"
       ("id", "organization_id", "name", "naf_code", "postal_code", "city", "phone", "hiring_potential", "do_not_call", "version")
     SELECT (c->>'id')::uuid, $2::uuid, c->>'name', c->>'nafCode', c->'address'->>'postalCode',
       c->'address'->>'city', c->>'phone', (c->>'hiringPotential')::smallint, (c->>'doNotCall')::boolean, (c->>'version')::integer
     FROM jsonb_array_elements($1::jsonb) AS c
     ON CONFLICT ("id") DO UPDATE SET
       "name" = EXCLUDED."name", "naf_code" = EXCLUDED."naf_code", "postal_code" = EXCLUDED."postal_code",
       "city" = EXCLUDED."city", "phone" = EXCLUDED."phone", "hiring_potential" = EXCLUDED."hiring_potential",
       "do_not_call" = EXCLUDED."do_not_call", "version" = EXCLUDED."version", "updated_at" = now()
     WHERE "company_summary"."version" < EXCLUDED."version"`,
    [JSON.stringify(companies), organizationId],
  );
}
