import { QueueProblem } from '@app/contracts';
import { NotFoundError } from '@app/platform';

export class ClaimNotFoundError extends NotFoundError {
  constructor() {
    super('claim', QueueProblem.ClaimNotFound);
  }
}
