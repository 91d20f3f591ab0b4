import { ContactsProblem } from '@app/contracts';
import { NotFoundError } from '@app/platform';

export class ContactNotFoundError extends NotFoundError {
  constructor() {
    super('contact', ContactsProblem.NotFound);
  }
}

export class ContactCompanyNotFoundError extends NotFoundError {
  constructor() {
    super('company', ContactsProblem.CompanyNotFound);
  }
}

export class AuditNotFoundError extends NotFoundError {
  constructor() {
    super('audit trail', ContactsProblem.AuditNotFound);
  }
}
