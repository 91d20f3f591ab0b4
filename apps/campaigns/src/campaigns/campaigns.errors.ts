import { CampaignsProblem, type CampaignStatus } from '@app/contracts';
import { BusinessRuleError, NotFoundError } from '@app/platform';

export class CampaignNotFoundError extends NotFoundError {
  constructor() {
    super('campaign', CampaignsProblem.NotFound);
  }
}

/** Claims and calls happen only while a campaign is active. */
export class CampaignNotActiveError extends BusinessRuleError {
  constructor(status: CampaignStatus) {
    super(`This campaign is ${status}: callers work only in an active campaign. A manager activates it (PATCH status: active).`, CampaignsProblem.NotActive, { campaignStatus: status });
  }
}

/** A closed campaign is final: nothing changes in it any more. */
export class CampaignClosedError extends BusinessRuleError {
  constructor() {
    super('This campaign is closed, and a closed campaign is final: it can no longer change or gain targets.', CampaignsProblem.Closed, { campaignStatus: 'closed' });
  }
}

export class CampaignStatusTransitionError extends BusinessRuleError {
  constructor(from: CampaignStatus, to: CampaignStatus, allowed: readonly CampaignStatus[]) {
    const next = allowed.length > 0 ? `from ${from} it may become ${allowed.join(' or ')}` : `${from} is final`;
    super(`A campaign cannot go from ${from} to ${to}: ${next}.`, CampaignsProblem.StatusTransition, { from, to });
  }
}

/** A campaign is shared through a convention its organisation is a party of, and no other (docs/sharing.md). */
export class NotAPartyError extends BusinessRuleError {
  constructor() {
    super(
      'conventionId names a convention your organisation is not a party of (or one not known here yet): a campaign is shared only through a convention of its own organisation.',
      CampaignsProblem.NotAParty,
      { errors: [{ field: 'conventionId', code: 'notYourConvention', message: 'is not a convention your organisation is a party of' }] },
    );
  }
}
