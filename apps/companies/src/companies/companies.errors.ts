import { CompaniesProblem } from '@app/contracts';
import { ConflictError, NotFoundError } from '@app/platform';

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
