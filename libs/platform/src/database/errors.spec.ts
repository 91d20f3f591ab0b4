import { QueryFailedError } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isUniqueViolation } from './errors.js';

const pgError = (code: string, message = 'server error') => Object.assign(new Error(message), { code });
const failedQuery = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('isDatabaseUnavailable', () => {
  it.each([
    ['an administrator terminating the connection (57P01)', failedQuery(pgError('57P01'))],
    ['the server starting up (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a connection failure (08006)', failedQuery(pgError('08006'))],
    ['too many connections (53300)', pgError('53300')],
    ['a database refusing connections (55000)', pgError('55000', 'database "filon" is not currently accepting connections')],
    ['a refused socket', pgError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432')],
    ['a connection lost mid-query', failedQuery(new Error('Connection terminated unexpectedly'))],
    ['the pool giving up waiting for a connection', new Error('timeout exceeded when trying to connect')],
  ])('should be true when the error is %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation (23505)', failedQuery(pgError('23505'))],
    ['a syntax error (42601)', failedQuery(pgError('42601'))],
    ['another 55000 (object not in prerequisite state)', failedQuery(pgError('55000', 'cannot ALTER TABLE because it has pending trigger events'))],
    ['a programming error', new TypeError('x is undefined')],
    ['a non-error', 'Connection terminated'],
  ])('should be false when the error is %s', (_label, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});

describe('isUniqueViolation', () => {
  const violation = Object.assign(new Error('duplicate key value violates unique constraint'), { code: '23505', constraint: 'target_claimed_by_idx' });

  it('should be true for a unique violation through TypeORM or straight from the driver, on any or the named constraint', () => {
    expect(isUniqueViolation(failedQuery(violation))).toBe(true);
    expect(isUniqueViolation(violation)).toBe(true);
    expect(isUniqueViolation(violation, 'target_claimed_by_idx')).toBe(true);
  });

  it('should be false for another constraint, another error or a non-error', () => {
    expect(isUniqueViolation(violation, 'company_organization_id_siret_key')).toBe(false);
    expect(isUniqueViolation(failedQuery(pgError('23503')))).toBe(false);
    expect(isUniqueViolation({ code: '23505' })).toBe(false);
  });
});
