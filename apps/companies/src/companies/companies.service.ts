import {
  type Actor,
  type CheckCompany,
  type Company,
  CompanyCreated,
  CompanyDeleted,
  CompanyUpdated,
  type CreateCompany,
  type DeleteCompany,
  type Envelope,
  type FieldError,
  type CompanyFilter,
  type ListCompanies,
  type Page,
  type ResolveTargets,
  type UpdateCompany,
} from '@app/contracts';
import { assertRole, type EventOrigin, OutboxService, PreconditionFailedError, UnitOfWork, ValidationFailedError } from '@app/platform';
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { type NormalisedCompany, normaliseCompany } from '../reference/company-normaliser.js';
import { ReferenceData } from '../reference/reference-data.js';
import { CompanyNotFoundError, SiretTakenError } from './companies.errors.js';
import { CompaniesRepository } from './companies.repository.js';
import type { CompanyEntity } from './company.entity.js';
import { toCompany, toCompanyColumns } from './company.mapper.js';
import { nafPrefix, type SearchCriteria } from './company-search.js';

const WRITERS = ['manager'] as const;

@Injectable()
export class CompaniesService {
  constructor(
    private readonly repository: CompaniesRepository,
    private readonly unitOfWork: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly reference: ReferenceData,
  ) {}

  create(envelope: Envelope<CreateCompany.Request>): Promise<Company> {
    const { actor, data } = envelope;
    assertRole(actor, WRITERS);
    const { values, errors } = normaliseCompany(data, this.reference);
    if (errors.length > 0) throw new ValidationFailedError(errors);
    return this.unitOfWork.write(envelope, async (tx) => {
      const row = await this.repository.insert(tx, actor.organizationId, toCompanyColumns(values));
      if ('existingId' in row) throw new SiretTakenError(values.siret!, row.existingId);
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

  list(actor: Actor, query: ListCompanies.Request): Promise<Page<Company>> {
    const criteria = this.searchCriteria(query);
    // Only unknown ROME codes were asked for: no NAF code hires for them, so nothing matches.
    if (criteria.nafCodes?.length === 0) return Promise.resolve({ items: [], nextCursor: null });
    return this.repository.search(actor.organizationId, criteria, query.limit, query.cursor);
  }

  /** A page of the companies a campaign may target (managers build campaigns): see ResolveTargets. */
  resolveTargets(actor: Actor, { companyIds, filter, after, limit }: ResolveTargets.Request): Promise<ResolveTargets.Response> {
    assertRole(actor, WRITERS);
    if (companyIds) return this.repository.resolveTargets(actor.organizationId, { companyIds }, limit, after);
    const criteria = this.searchCriteria(filter ?? {});
    if (criteria.nafCodes?.length === 0) return Promise.resolve({ items: [], nextAfter: null });
    return this.repository.resolveTargets(actor.organizationId, { criteria }, limit, after);
  }

  async update(envelope: Envelope<UpdateCompany.Request>): Promise<Company> {
    const { actor, data } = envelope;
    await this.assertWriter(actor, data.id);
    return this.unitOfWork.write(envelope, async (tx) => {
      // The stored row completes a partial address and re-estimates the hiring potential; the
      // version check stays in the UPDATE's WHERE clause.
      let current: CompanyEntity | null = null;
      if (needsStoredRow(data.changes)) {
        current = await this.repository.findOne(actor.organizationId, data.id, tx);
        if (!current) throw new CompanyNotFoundError();
      }
      const { values, errors } = this.normaliseChanges(data.changes, current);
      if (errors.length > 0) {
        // Another organisation's id is a 404 whatever the body says.
        if (!current && !(await this.repository.findOne(actor.organizationId, data.id, tx))) throw new CompanyNotFoundError();
        throw new ValidationFailedError(errors);
      }
      const outcome = await this.repository.update(tx, actor.organizationId, data.id, toCompanyColumns(values), data.expectedVersion);
      if (outcome.status === 'siret-taken') throw new SiretTakenError(values.siret!, outcome.existingId);
      if (outcome.status === 'not-found') throw new CompanyNotFoundError();
      if (outcome.status === 'stale') throw new PreconditionFailedError(outcome.version);
      const company = toCompany(outcome.company);
      await this.outbox.add(tx, CompanyUpdated, envelope, { company });
      return company;
    });
  }

  /** The nomenclature checks of fields that passed the DTO (see CheckCompany): errors only, nothing written. */
  async check(actor: Actor, { mode, id, fields }: CheckCompany.Request): Promise<CheckCompany.Response> {
    if (mode === 'create') return { errors: normaliseCompany(fields, this.reference, { partial: true }).errors };
    const current = id ? await this.repository.findOne(actor.organizationId, id) : null;
    return { errors: this.normaliseChanges(fields, current).errors };
  }

  async delete(envelope: Envelope<DeleteCompany.Request>): Promise<DeleteCompany.Response> {
    const { actor, data } = envelope;
    await this.assertWriter(actor, data.id);
    return this.unitOfWork.write(envelope, async (tx) => {
      if (!(await this.repository.delete(tx, actor.organizationId, data.id))) throw new CompanyNotFoundError();
      await this.outbox.add(tx, CompanyDeleted, envelope, { id: data.id, organizationId: actor.organizationId });
      return { id: data.id };
    });
  }

  /**
   * Someone at the company asked never to be called again (a call logged `do_not_call` in a
   * campaign): the company becomes doNotCall like after a PATCH, with its event, in the consumer's
   * transaction. Already doNotCall, or deleted since: nothing to do.
   */
  async markDoNotCall(tx: EntityManager, origin: EventOrigin, id: string): Promise<boolean> {
    const row = await this.repository.markDoNotCall(tx, origin.actor.organizationId, id);
    if (row) await this.outbox.add(tx, CompanyUpdated, origin, { company: toCompany(row) });
    return row !== null;
  }

  /**
   * A change checked like a whole company, with the stored row (when given) standing in for what the
   * change leaves out: a new city is checked against the stored postal code, a new postal code keeps
   * the stored city only if it serves it, and an estimated hiring potential follows the NAF code and size band.
   */
  private normaliseChanges(changes: UpdateCompany.CompanyChanges, current: CompanyEntity | null): { values: NormalisedCompany; errors: FieldError[] } {
    const input = { ...changes };
    if (changes.address && current) {
      const { line, postalCode, city } = changes.address;
      const merged = {
        line: line !== undefined ? line : current.addressLine,
        postalCode: postalCode !== undefined ? postalCode : current.postalCode,
        city: city !== undefined ? city : current.city,
      };
      if (postalCode && city === undefined && merged.city && !this.reference.locality(postalCode, merged.city)) merged.city = null;
      input.address = merged;
    }
    const { values, errors } = normaliseCompany(input, this.reference, { partial: true });
    if (current && errors.length === 0) {
      const nafCode = values.nafCode !== undefined ? values.nafCode : current.nafCode;
      const sizeBand = values.sizeBand !== undefined ? values.sizeBand : current.sizeBand;
      const wasEstimated = current.hiringPotentialEstimated || current.hiringPotential === null;
      const inputsChanged = values.nafCode !== undefined || values.sizeBand !== undefined;
      if (changes.hiringPotential === null || (changes.hiringPotential === undefined && wasEstimated && inputsChanged)) {
        values.hiringPotential = this.reference.estimateHiringPotential(nafCode, sizeBand);
        values.hiringPotentialEstimated = true;
      }
    }
    return { values, errors };
  }

  /** The query as the repository reads it: ROME codes become the NAF codes hiring for them; lists sorted (cursor fingerprint). */
  private searchCriteria(query: CompanyFilter & Pick<ListCompanies.Request, 'doNotCall'>): SearchCriteria {
    const sorted = (values: string[] | undefined) => (values ? [...new Set(values)].sort() : undefined);
    return {
      q: query.q,
      nafPrefixes: sorted(query.naf?.map(nafPrefix)),
      nafCodes: sorted(query.rome?.flatMap((rome) => this.reference.nafCodesForRome(rome))),
      postalCodes: sorted(query.postalCode),
      cities: sorted(query.city),
      sizeBands: sorted(query.sizeBand),
      tags: sorted(query.tag),
      doNotCall: query.doNotCall,
    };
  }

  /** 404 before 403: a reader must not learn that another organisation's id exists (docs/api-conventions.md). */
  private async assertWriter(actor: Actor, id: string): Promise<void> {
    if ((WRITERS as readonly string[]).includes(actor.role)) return;
    if (!(await this.repository.findOne(actor.organizationId, id))) throw new CompanyNotFoundError();
    assertRole(actor, WRITERS);
  }
}

/** Whether a change needs the stored row: a partial address, or a hiring potential to (re-)estimate. */
function needsStoredRow(changes: UpdateCompany.CompanyChanges): boolean {
  if (changes.address) return true;
  if (changes.hiringPotential === null) return true;
  return changes.hiringPotential === undefined && (changes.nafCode !== undefined || changes.sizeBand !== undefined);
}
