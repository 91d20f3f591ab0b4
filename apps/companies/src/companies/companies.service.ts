import {
  type Actor,
  type Company,
  CompanyCreated,
  CompanyDeleted,
  CompanyUpdated,
  type CreateCompany,
  type DeleteCompany,
  type Envelope,
  type ListCompanies,
  type Page,
  type UpdateCompany,
} from '@app/contracts';
import { assertRole, isUniqueViolation, OutboxService, PreconditionFailedError, UnitOfWork } from '@app/platform';
import { Injectable } from '@nestjs/common';
import { CompanyNotFoundError, SiretTakenError } from './companies.errors.js';
import { CompaniesRepository } from './companies.repository.js';
import { toCompany, toCompanyColumns } from './company.mapper.js';

const WRITERS = ['manager'] as const;

@Injectable()
export class CompaniesService {
  constructor(
    private readonly repository: CompaniesRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
  ) {}

  create(envelope: Envelope<CreateCompany.Request>): Promise<Company> {
    const { actor, idempotency, data } = envelope;
    assertRole(actor, WRITERS);
    return this.unitOfWork.write({ actor, idempotency }, async (tx) => {
      const row = await this.repository.insert(tx, actor.organizationId, toCompanyColumns(data));
      if (!row) throw await this.siretTaken(actor, data.siret!);
      const company = toCompany(row);
      await this.outbox.add(tx, CompanyCreated, envelope, { company });
      return company;
    });
  }

  async get(actor: Actor, id: string): Promise<Company> {
    const row = await this.repository.findOne(actor.organizationId, id);
    if (!row) throw new CompanyNotFoundError();
    return toCompany(row);
  }

  list(actor: Actor, { limit, cursor }: ListCompanies.Request): Promise<Page<Company>> {
    return this.repository.list(actor.organizationId, limit, cursor);
  }

  async update(envelope: Envelope<UpdateCompany.Request>): Promise<Company> {
    const { actor, idempotency, data } = envelope;
    await this.assertWriter(actor, data.id);
    return this.unitOfWork.write({ actor, idempotency }, async (tx) => {
      const outcome = await this.repository
        .update(tx, actor.organizationId, data.id, toCompanyColumns(data.changes), data.expectedVersion)
        .catch(async (error: unknown) => {
          if (data.changes.siret && isUniqueViolation(error, 'company_organization_id_siret_key')) throw await this.siretTaken(actor, data.changes.siret);
          throw error;
        });
      if (outcome.status === 'not-found') throw new CompanyNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      const company = toCompany(outcome.company);
      await this.outbox.add(tx, CompanyUpdated, envelope, { company });
      return company;
    });
  }

  async delete(envelope: Envelope<DeleteCompany.Request>): Promise<DeleteCompany.Response> {
    const { actor, idempotency, data } = envelope;
    await this.assertWriter(actor, data.id);
    return this.unitOfWork.write({ actor, idempotency }, async (tx) => {
      if (!(await this.repository.delete(tx, actor.organizationId, data.id))) throw new CompanyNotFoundError();
      await this.outbox.add(tx, CompanyDeleted, envelope, { id: data.id, organizationId: actor.organizationId });
      return { id: data.id };
    });
  }

  /** 404 before 403: a reader must not learn that another organisation's id exists (API.md). */
  private async assertWriter(actor: Actor, id: string): Promise<void> {
    if ((WRITERS as readonly string[]).includes(actor.role)) return;
    if (!(await this.repository.findOne(actor.organizationId, id))) throw new CompanyNotFoundError();
    assertRole(actor, WRITERS);
  }

  private async siretTaken(actor: Actor, siret: string): Promise<SiretTakenError> {
    // Read outside the failed transaction: the row that holds the SIRET is committed.
    const existingId = await this.repository.findIdBySiret(actor.organizationId, siret);
    return new SiretTakenError(siret, existingId ?? '');
  }
}
