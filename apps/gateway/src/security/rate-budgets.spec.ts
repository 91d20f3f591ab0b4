import { describe, expect, it } from 'vitest';
import { routeFamilyOf } from './rate-budgets.js';

describe('routeFamilyOf', () => {
  it.each([
    ['GET', '/api/v1/companies?q=boulangerie', 'reads'],
    ['HEAD', '/api/v1/companies/0b0c', 'reads'],
    ['GET', '/api/v1/health/ready', 'reads'],
    ['POST', '/api/v1/companies', 'writes'],
    ['PATCH', '/api/v1/contacts/0b0c', 'writes'],
    ['DELETE', '/api/v1/organizations/0b0c/members/0d0e', 'writes'],
    ['POST', '/api/v1/companies/imports', 'imports'],
    ['POST', '/api/v1/companies/imports?dryRun=1', 'imports'],
    ['GET', '/api/v1/companies/imports/0b0c', 'reads'],
    ['POST', '/api/v1/auth/login', 'auth'],
    ['GET', '/api/v1/auth/anything', 'auth'],
    ['GET', '/api/docs', 'reads'],
    ['GET', '/favicon.ico', 'reads'],
  ])('should put %s %s in the %s family', (method, url, family) => {
    expect(routeFamilyOf(method, url)).toBe(family);
  });

  it('should spend no budget when a browser sends a CORS preflight', () => {
    expect(routeFamilyOf('OPTIONS', '/api/v1/companies')).toBeUndefined();
  });
});
