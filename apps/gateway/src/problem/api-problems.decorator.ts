import { FIELD_ERROR_CODES, type FieldErrorCode, type FieldErrorParams, MESSAGE_MAX_LENGTH } from '@app/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

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

/** RFC 9457 problem details, as every error is answered (`application/problem+json`). */
export class ProblemDoc {
  @ApiProperty({ format: 'uri-reference', maxLength: 200, example: '/problems/validation-failed' }) type!: string;
  @ApiProperty({ maxLength: 200, example: 'Invalid request' }) title!: string;
  @ApiProperty({ type: 'integer', format: 'int32', minimum: 400, maximum: 599, example: 400 }) status!: number;
  @ApiPropertyOptional({ maxLength: MESSAGE_MAX_LENGTH }) detail?: string;
  @ApiPropertyOptional({ format: 'uri-reference', maxLength: 2048, description: 'The request path' }) instance?: string;
  @ApiPropertyOptional({ maxLength: 200, description: 'Quote it when reporting a problem' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDoc], maxItems: 1000, description: '400: every invalid field; 422: the field a business rule names' }) errors?: FieldErrorDoc[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: { type: 'string', enum: ['up', 'down'] },
    description: '503 from /health/ready: each check, up or down',
    example: { database: 'up', companies: 'down' },
  })
  checks?: Record<string, 'up' | 'down'>;
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed JSON, unknown or invalid fields (each listed in `errors`)',
  401: 'Missing, invalid or expired token',
  403: 'Your role does not allow this',
  404: 'Unknown id, or one that belongs to another organisation',
  409: 'Conflicts with an existing resource',
  410: 'The Idempotency-Key was used for a request whose result has since been erased; nothing is created again',
  412: 'If-Match names a version that is no longer current',
  413: 'Body too large',
  415: 'Body is not application/json',
  422: 'Valid request that breaks a business rule, or an Idempotency-Key reused with another body',
  428: 'A change without If-Match (or with `*`): send the version you read',
  429: 'Too many requests; see Retry-After',
  503: 'A service, the database or the message broker is unavailable; retry after Retry-After seconds',
  504: 'A service took too long to answer: the outcome of a write is unknown; a retry with the same Idempotency-Key is safe',
};

/** Documents the error answers of a route, all as problem details. */
export const ApiProblems = (...statuses: number[]) =>
  applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({ status, description: DESCRIPTIONS[status], content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDoc' } } } }),
    ),
  );

/** The answers any authenticated route that reaches a service may give. */
export const ApiServiceProblems = (...statuses: number[]) => ApiProblems(400, 401, 403, 503, 504, ...statuses);
