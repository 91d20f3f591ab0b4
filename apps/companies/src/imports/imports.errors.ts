import { CompaniesProblem } from '@app/contracts';
import { NotFoundError } from '@app/platform';

export class ImportNotFoundError extends NotFoundError {
  constructor() {
    super('import', CompaniesProblem.ImportNotFound);
  }
}
