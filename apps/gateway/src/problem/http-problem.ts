import type { Problem } from '@app/contracts';
import { HttpException } from '@nestjs/common';

/** An HTTP error that is already a problem document; the filter renders it as is. */
export class HttpProblem extends HttpException {
  constructor(readonly problem: Problem) {
    super(problem, problem.status);
  }
}
