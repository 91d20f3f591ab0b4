import { CompaniesProblem } from '@app/contracts';
import { BusinessRuleError, ConflictError, NotFoundError } from '@app/platform';

export class CompanyNotFoundError extends NotFoundError {
  constructor() {
    super('company', CompaniesProblem.NotFound);
  }
}

export class SiretTakenError extends ConflictError {
  constructor(siret: string, existingId: string) {
    super(CompaniesProblem.SiretTaken, 'SIRET already registered', `This organisation already has a company with SIRET ${siret}.`, {
      existingId,
    });
  }
}

/** A search PostgreSQL cancelled at its statement timeout: narrowing it is the way, not retrying. */
export class SearchTooCostlyError extends BusinessRuleError {
  constructor() {
    super('This search takes too long: add a word of the name or a filter (postalCode, naf, city…) and search again.', CompaniesProblem.SearchTooCostly);
  }
}
