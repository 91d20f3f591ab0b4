import { NotFoundError } from '@app/platform';

// Provisional: replaced by the campaigns module's own error when h-campaigns is merged.
export class CampaignNotFoundError extends NotFoundError {
  constructor() {
    super('campaign');
  }
}
