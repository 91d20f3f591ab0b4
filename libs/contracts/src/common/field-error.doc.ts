import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FIELD_ERROR_CODES, type FieldErrorCode, type FieldErrorParams } from './field-error-codes.js';
import { MESSAGE_MAX_LENGTH } from './limits.js';

/* OpenAPI schemas of a field error (the `errors[]` of a problem, the row errors of a company import). */

const PARAM_TEXT = { type: 'string', maxLength: 200 } as const;
const PARAM_TEXTS = { type: 'array', items: PARAM_TEXT, maxItems: 1000 } as const;
const PARAM_COUNT = { type: 'integer', format: 'int32', minimum: 0, maximum: 2_147_483_647 } as const;

/** The params a field error code may carry (docs/api-conventions.md lists which code has which). */
export class FieldErrorParamsDoc {
  @ApiPropertyOptional({ ...PARAM_COUNT, description: 'Smallest length, value or number of items' }) min?: number;
  @ApiPropertyOptional({ ...PARAM_COUNT, description: 'Largest length, value, number of items or nesting depth' }) max?: number;
  @ApiPropertyOptional({ ...PARAM_COUNT, description: 'invalidTags: most tags' }) maxItems?: number;
  @ApiPropertyOptional({ ...PARAM_COUNT, description: 'invalidTags: longest tag' }) maxLength?: number;
  @ApiPropertyOptional({ ...PARAM_TEXTS, description: 'notOneOf: the values accepted' }) allowed?: string[];
  @ApiPropertyOptional({ ...PARAM_TEXTS, description: 'exactlyOneOf, atLeastOneOf: the fields concerned' }) fields?: string[];
  @ApiPropertyOptional({ ...PARAM_TEXT, description: 'notBefore: the field this one must not come before' }) other?: string;
  @ApiPropertyOptional({ ...PARAM_TEXT, description: 'requiredWithOutcome: the call outcome that needs the field' }) outcome?: string;
  @ApiPropertyOptional({ ...PARAM_TEXTS, description: 'onlyWithOutcome: the call outcomes that take the field' }) outcomes?: string[];
  @ApiPropertyOptional({ ...PARAM_TEXT, description: 'unknownNafCode: the code as normalised' }) code?: string;
  @ApiPropertyOptional({ ...PARAM_TEXT, description: 'The postal code given' }) postalCode?: string;
  @ApiPropertyOptional({ ...PARAM_TEXTS, description: 'cityNotServed, cityRequired: the communes the postal code serves' }) communes?: string[];
  @ApiPropertyOptional({ ...PARAM_TEXTS, description: 'stillReferenced: what is still referenced' }) names?: string[];
}

export class FieldErrorDoc {
  @ApiProperty({ maxLength: 200, example: 'siret' }) field!: string;
  @ApiProperty({
    enum: Object.keys(FIELD_ERROR_CODES),
    example: 'tooLong',
    description: 'The rule broken, stable: clients say it in their own language and show `message` for a code they do not know',
  })
  code!: FieldErrorCode;
  @ApiProperty({ maxLength: MESSAGE_MAX_LENGTH, example: 'name must be shorter than or equal to 200 characters', description: 'The same in English' }) message!: string;
  @ApiPropertyOptional({ type: FieldErrorParamsDoc, description: 'What the rule needs to be said, e.g. `{ "max": 200 }`' }) params?: FieldErrorParams;
}
