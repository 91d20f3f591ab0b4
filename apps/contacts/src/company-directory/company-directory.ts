import { type Company, type Envelope, GetCompany } from '@app/contracts';
import { DomainError, NatsRpcClient, UpstreamProblemError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { ContactCompanyNotFoundError } from '../contacts/contacts.errors.js';
import { CompanyRefEntity } from './company-ref.entity.js';

export type CompanyVersion = Pick<Company, 'id' | 'organizationId' | 'version'>;

/**
 * The companies this service knows of (`contacts.company_ref`), fed by the companies service's
 * events. A company created a moment ago may not have reached us yet: then, and only then, we ask
 * the companies service, so that adding a contact right after creating its company works.
 */
@Injectable()
export class CompanyDirectory {
  constructor(
    private readonly dataSource: DataSource,
    private readonly companies: NatsRpcClient,
  ) {}

  /** Throws CompanyNotFound (404) unless the company exists in the actor's organisation. */
  async assertKnown(origin: Pick<Envelope<unknown>, 'actor' | 'requestId' | 'deadline'>, companyId: string): Promise<void> {
    const known = await this.refOf(companyId);
    if (known) return assertLiveIn(known, origin.actor.organizationId);
    let company: Company;
    try {
      company = await this.companies.request(GetCompany, { id: companyId }, { actor: origin.actor, requestId: origin.requestId, deadline: origin.deadline });
    } catch (error) {
      if (!(error instanceof UpstreamProblemError)) throw error;
      if (error.problem.status === 404) throw new ContactCompanyNotFoundError();
      throw new DomainError(error.problem); // 503 or 504: say so rather than 404
    }
    await this.upsert(this.dataSource.manager, [company]);
  }

  /**
   * Throws CompanyNotFound (404) unless this service has heard of the company, live, in
   * `organizationId`. For a partner reading the owner's contacts (docs/sharing.md): the companies
   * service is never asked in the owner's name, and a company not heard of has no contacts here
   * (adding one records it).
   */
  async assertHeardOf(organizationId: string, companyId: string): Promise<void> {
    const known = await this.refOf(companyId);
    if (!known) throw new ContactCompanyNotFoundError();
    assertLiveIn(known, organizationId);
  }

  private refOf(companyId: string): Promise<CompanyRefEntity | null> {
    return this.dataSource.getRepository(CompanyRefEntity).findOneBy({ id: companyId });
  }

  /**
   * Inside a write: the company is still there, and stays so until the transaction ends (FOR SHARE
   * waits for, and blocks, the deletion event's tombstone), so no contact is added to a company whose
   * contacts are being erased.
   */
  async assertLive(tx: EntityManager, organizationId: string, companyId: string): Promise<void> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM "contacts"."company_ref" WHERE "id" = $1 AND "organization_id" = $2 AND "deleted_at" IS NULL FOR SHARE`,
      [companyId, organizationId],
    );
    if (rows.length === 0) throw new ContactCompanyNotFoundError();
  }

  /** Records companies (created, changed, imported); an older version never overwrites a newer one, and a deleted company stays deleted. */
  async upsert(tx: EntityManager, companies: CompanyVersion[]): Promise<void> {
    // One row per id (the newest): ON CONFLICT cannot touch a row twice in one statement.
    const newest = new Map<string, CompanyVersion>();
    for (const company of companies) {
      const seen = newest.get(company.id);
      if (!seen || seen.version < company.version) newest.set(company.id, company);
    }
    if (newest.size === 0) return;
    const rows = [...newest.values()];
    await tx.query(
      `INSERT INTO "contacts"."company_ref" ("id", "organization_id", "version")
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::integer[])
       ON CONFLICT ("id") DO UPDATE SET "version" = EXCLUDED."version", "updated_at" = now()
       WHERE "company_ref"."version" < EXCLUDED."version" AND "company_ref"."deleted_at" IS NULL`,
      [rows.map((row) => row.id), rows.map((row) => row.organizationId), rows.map((row) => row.version)],
    );
  }

  /** Marks a company deleted (kept as a tombstone: a late event about it changes nothing). */
  async tombstone(tx: EntityManager, organizationId: string, id: string): Promise<void> {
    await tx.query(
      `INSERT INTO "contacts"."company_ref" ("id", "organization_id", "version", "deleted_at") VALUES ($1, $2, 0, now())
       ON CONFLICT ("id") DO UPDATE SET "deleted_at" = coalesce("company_ref"."deleted_at", now()), "updated_at" = now()
       WHERE "company_ref"."organization_id" = EXCLUDED."organization_id"`,
      [id, organizationId],
    );
  }
}

/** Another organisation's company, or a deleted one, answers like an unknown one. */
function assertLiveIn(known: CompanyRefEntity, organizationId: string): void {
  if (known.organizationId !== organizationId || known.deletedAt) throw new ContactCompanyNotFoundError();
}
