import { describe, expect, it } from 'vitest';
import type { AuthenticatedRequest } from '../auth/auth.guard.js';
import { fingerprint } from './caller.decorator.js';

// fingerprint reads only these fields of the Fastify request.
const request = (fields: { method?: string; url?: string; userId?: string; body?: unknown }): AuthenticatedRequest =>
  ({
    method: fields.method ?? 'POST',
    url: fields.url ?? '/api/v1/companies',
    user: { userId: fields.userId ?? 'a0000000-0000-4000-8000-000000000001' },
    body: fields.body,
  }) as unknown as AuthenticatedRequest;

describe('fingerprint', () => {
  it('should be a SHA-256 hex digest when given a request', () => {
    expect(fingerprint(request({ body: { name: 'x' } }))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should not depend on key order when two bodies hold the same fields', () => {
    const first = { name: 'Boulangerie', siret: '55210055400013', address: { city: 'Dunkerque', postalCode: '59140' } };
    const second = { address: { postalCode: '59140', city: 'Dunkerque' }, siret: '55210055400013', name: 'Boulangerie' };
    expect(fingerprint(request({ body: first }))).toBe(fingerprint(request({ body: second })));
  });

  it('should keep array order when arrays differ only in order', () => {
    expect(fingerprint(request({ body: { tags: ['a', 'b'] } }))).not.toBe(fingerprint(request({ body: { tags: ['b', 'a'] } })));
  });

  it('should ignore the query string when only it differs', () => {
    expect(fingerprint(request({ url: '/api/v1/companies?x=1' }))).toBe(fingerprint(request({ url: '/api/v1/companies' })));
  });

  it.each([
    ['the method', { method: 'PATCH' }],
    ['the path', { url: '/api/v1/companies/other' }],
    ['the caller', { userId: 'a0000000-0000-4000-8000-000000000002' }],
    ['a value in the body', { body: { name: 'y' } }],
    ['a nested value in the body', { body: { name: 'x', address: { city: 'Lille' } } }],
    ['null against an absent field', { body: { name: 'x', siret: null } }],
  ])('should change when %s changes', (_label, change) => {
    const base = { body: { name: 'x' } };
    expect(fingerprint(request({ ...base, ...change }))).not.toBe(fingerprint(request(base)));
  });
});
