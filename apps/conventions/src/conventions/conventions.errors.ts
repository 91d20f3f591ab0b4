import { ConventionsProblem, type FieldError, type FieldErrorCode, type FieldErrorParams } from '@app/contracts';
import { BusinessRuleError, NotFoundError } from '@app/platform';

export class ConventionNotFoundError extends NotFoundError {
  constructor() {
    super('convention', ConventionsProblem.NotFound);
  }
}

export class ActionNotFoundError extends NotFoundError {
  constructor() {
    super('action', ConventionsProblem.ActionNotFound);
  }
}

export class IndicatorNotFoundError extends NotFoundError {
  constructor() {
    super('indicator', ConventionsProblem.IndicatorNotFound);
  }
}

/** A 422 that names the field at fault, like a 400 does. */
class FieldRuleError extends BusinessRuleError {
  constructor(type: string, field: string, rule: { code: FieldErrorCode; params?: FieldErrorParams }, message: string) {
    super(`${field} ${message}.`, type, { errors: [{ field, ...rule, message }] satisfies FieldError[] });
  }
}

/** The organisation creating or changing a convention must sign it: otherwise it would lose the right to change it. */
export class SignatoryRequiredError extends FieldRuleError {
  constructor() {
    super(ConventionsProblem.SignatoryRequired, 'parties', { code: 'signatoryRequired' }, 'must include your organisation as a signatory');
  }
}

export class NotAPartyError extends FieldRuleError {
  constructor(field: string) {
    super(ConventionsProblem.NotAParty, field, { code: 'notAParty' }, "must be one of the convention's parties");
  }
}

export class UnknownAxisError extends FieldRuleError {
  constructor(field: string) {
    super(ConventionsProblem.UnknownAxis, field, { code: 'unknownAxis' }, "must be one of the convention's axis codes");
  }
}

/** A party still responsible for actions, or an axis still named by actions or indicators, cannot leave the convention. */
export class StillReferencedError extends FieldRuleError {
  constructor(field: 'parties' | 'axes', names: string[]) {
    super(ConventionsProblem.StillReferenced, field, { code: 'stillReferenced', params: { names } }, `cannot drop ${names.join(', ')}: actions or indicators still name it; change them first`);
  }
}

/** An indicator follows only campaigns of its convention: each field names one that is not (or no campaign at all). */
export class CampaignsNotInConventionError extends BusinessRuleError {
  constructor(fields: string[]) {
    const message = "must be a campaign of this convention";
    super(`${fields.join(', ')} ${message}.`, ConventionsProblem.CampaignNotInConvention, { errors: fields.map((field) => ({ field, code: 'notInConvention' as const, message })) satisfies FieldError[] });
  }
}

export class IndicatorNotManualError extends FieldRuleError {
  constructor() {
    super(ConventionsProblem.NotManual, 'value', { code: 'notManual' }, 'can only be set on a manual indicator: the others follow the calls');
  }
}
