import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsOptional,
  IsUUID,
  Validate,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { COUNT_PROPERTY } from '../common/limits.js';
import { CompanyFilter } from '../companies/company-filter.js';
import { fieldRule } from '../common/field-error-codes.js';
import { OptionalNotNull } from '../common/optional-not-null.js';

/** Most company ids one request may add. */
export const MAX_TARGET_IDS = 10_000;

@ValidatorConstraint({ name: 'exactlyOneTargetSource' })
class ExactlyOneTargetSource implements ValidatorConstraintInterface {
  validate(_value: unknown, { object }: ValidationArguments): boolean {
    const { companyIds, filter } = object as AddTargetsBody;
    return (companyIds === undefined) !== (filter === undefined);
  }

  defaultMessage(): string {
    return 'give either companyIds or filter, exactly one of them';
  }
}

/** Companies to add to a campaign: by id, or by the filters of GET /companies. */
@ApiSchema({ name: 'AddTargetsBody' })
export class AddTargetsBody {
  @ApiPropertyOptional({ type: 'array', items: { type: 'string', format: 'uuid', maxLength: 36 }, maxItems: MAX_TARGET_IDS, description: 'Exactly one of companyIds and filter' })
  // Checked when given, and when filter is missing too (then it is the one required).
  @ValidateIf((body: AddTargetsBody) => body.companyIds !== undefined || body.filter === undefined)
  @Validate(ExactlyOneTargetSource, { context: fieldRule('exactlyOneOf', { fields: ['companyIds', 'filter'] }) }) @IsArray() @ArrayMaxSize(MAX_TARGET_IDS) @IsUUID('all', { each: true })
  companyIds?: string[];

  @ApiPropertyOptional({ type: CompanyFilter, description: 'The filters of GET /companies: every matching company of the organisation' })
  @IsOptional() @ValidateNested() @Type(() => CompanyFilter)
  filter?: CompanyFilter;

  @ApiPropertyOptional({ type: 'boolean', description: 'true: answer the same counts without adding anything (how many a filter would add, before adding them)' })
  @OptionalNotNull() @IsBoolean()
  dryRun?: boolean;
}

/**
 * Adds companies to a campaign's queue (managers; not on a closed campaign: 422). Idempotent: a
 * company already there is counted in `alreadyPresent`; `doNotCall` companies are skipped and
 * counted; ids that name no company of the organisation are counted in `notFound`. With `dryRun`
 * the same counts come back and nothing changes.
 */
export const subject = 'campaigns.v1.target.add';
export class Request extends AddTargetsBody {
  @IsUUID() campaignId!: string;
}
@ApiSchema({ name: 'AddTargetsResult' })
export class Response {
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Companies added to the queue' }) added!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Companies that were already targets' }) alreadyPresent!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Companies marked doNotCall, not added' }) skippedDoNotCall!: number;
  @ApiProperty({ ...COUNT_PROPERTY, description: 'Ids that name no company of the organisation' }) notFound!: number;
}
