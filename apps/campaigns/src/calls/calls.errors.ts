import { CallsProblem, type TargetStatus } from '@app/contracts';
import { BusinessRuleError, ConflictError, NotFoundError } from '@app/platform';

export class CallNotFoundError extends NotFoundError {
  constructor() {
    super('call', CallsProblem.CallNotFound);
  }
}

export class OfferNotFoundError extends NotFoundError {
  constructor() {
    super('offer', CallsProblem.OfferNotFound);
  }
}

export class NotATargetError extends BusinessRuleError {
  constructor() {
    super('This company is not a target of this campaign: a manager adds it to the targets first.', CallsProblem.NotATarget);
  }
}

/** A finished or excluded target takes no more calls in this campaign. */
export class TargetClosedError extends BusinessRuleError {
  constructor(status: TargetStatus) {
    const why = status === 'excluded' ? 'is excluded (the company must not be called)' : 'is done in this campaign';
    super(`This target ${why}: no more calls are logged on it.`, CallsProblem.TargetClosed, { targetStatus: status });
  }
}

/**
 * 409: the request is right but collides with the current state of the target (another member's
 * live lease); once the lease is released or expires the same request succeeds.
 */
export class TargetClaimedByAnotherError extends ConflictError {
  constructor() {
    super(
      CallsProblem.TargetClaimedByAnother,
      'Target claimed by another member',
      'Another member holds this company in the queue right now: their call comes first. Try again once they have logged it or their claim has expired.',
    );
  }
}

export class ContactNotOfCompanyError extends BusinessRuleError {
  constructor() {
    super("contactId is not one of this company's contacts in the campaign's organisation.", CallsProblem.ContactNotOfCompany);
  }
}
