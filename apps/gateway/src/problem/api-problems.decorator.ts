import { FieldErrorDoc, MESSAGE_MAX_LENGTH } from '@app/contracts';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';

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
