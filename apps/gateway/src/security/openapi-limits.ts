import type { OpenAPIObject } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../rpc/caller.decorator.js';
import { IF_MATCH_MAX_LENGTH } from '../rpc/if-match.js';

type Operation = OpenAPIObject['paths'][string]['get'];
type Responses = NonNullable<Operation>['responses'];

const PROBLEM = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDoc' } } };
const HEADER = (name: string) => ({ $ref: `#/components/headers/${name}` });
const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** What the rate budgets answer, written once for every operation (rate-budgets.ts). */
const RATE_LIMIT_HEADERS = {
  'RateLimit-Policy': {
    description: 'The budget this route spends (draft-ietf-httpapi-ratelimit-headers): `"<family>";q=<requests>;w=<seconds>`',
    schema: { type: 'string', maxLength: 100, example: '"reads";q=1200;w=60' },
  },
  RateLimit: {
    description: 'What is left of it: `"<family>";r=<remaining>;t=<seconds until it refills>`',
    schema: { type: 'string', maxLength: 100, example: '"reads";r=1187;t=42' },
  },
  'Access-Control-Allow-Origin': {
    description: 'Only for browser calls from an origin listed in CORS_ORIGINS (none by default)',
    schema: { type: 'string', format: 'uri', maxLength: 200, example: 'https://app.example.org' },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again',
    schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86_400, example: 42 },
  },
};

/** The request headers routes read with @Headers(), as the code checks them (caller.decorator.ts, if-match.ts). */
const REQUEST_HEADER_SCHEMAS: Record<string, { type: 'string'; minLength: number; maxLength: number }> = {
  'idempotency-key': { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
  'if-match': { type: 'string', minLength: 1, maxLength: IF_MATCH_MAX_LENGTH },
};

/**
 * Completes the generated document with what the HTTP layer does to every route: the RateLimit
 * headers on success and client-error answers, 429 with Retry-After, and the CORS origin header;
 * the bounds of the request headers, documented once (`@ApiHeader` and `@Headers()` both list them:
 * the described one is kept).
 */
export function documentLimits(document: OpenAPIObject): OpenAPIObject {
  document.components = { ...document.components, headers: { ...document.components?.headers, ...RATE_LIMIT_HEADERS } };
  for (const item of Object.values(document.paths)) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      addRateLimitAnswers(operation.responses);
      if (operation.parameters) operation.parameters = boundRequestHeaders(operation.parameters);
    }
  }
  return document;
}

function addRateLimitAnswers(responses: Responses): void {
  responses['429'] ??= { description: 'Too many requests: the budget of this route family is spent; see Retry-After', content: PROBLEM };
  for (const [status, response] of Object.entries(responses)) {
    if (!response || !/^[24]/.test(status) || '$ref' in response) continue;
    response.headers = {
      ...response.headers,
      'RateLimit-Policy': HEADER('RateLimit-Policy'),
      RateLimit: HEADER('RateLimit'),
      'Access-Control-Allow-Origin': HEADER('Access-Control-Allow-Origin'),
      ...(status === '429' ? { 'Retry-After': HEADER('Retry-After') } : {}),
    };
  }
}

type Parameters = NonNullable<NonNullable<Operation>['parameters']>;

function boundRequestHeaders(parameters: Parameters): Parameters {
  const headers = new Map<string, Parameters[number]>();
  const others: Parameters = [];
  for (const parameter of parameters) {
    if ('$ref' in parameter || parameter.in !== 'header' || !REQUEST_HEADER_SCHEMAS[parameter.name.toLowerCase()]) {
      others.push(parameter);
      continue;
    }
    const name = parameter.name.toLowerCase();
    const kept = headers.get(name);
    if (kept && !('$ref' in kept) && kept.description) continue;
    headers.set(name, { ...parameter, schema: REQUEST_HEADER_SCHEMAS[name] });
  }
  return [...others, ...headers.values()];
}
