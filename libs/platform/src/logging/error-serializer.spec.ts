import { describe, expect, it } from 'vitest';
import { withoutPersonalData } from './error-serializer.js';

describe('withoutPersonalData (the err serializer of every log)', () => {
  it('should drop detail, parameters and query at any depth and keep code, constraint, table and column', () => {
    const serialised = {
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "contact_email_key"',
      query: 'INSERT INTO "contacts"."contact" …',
      parameters: ['jean@personne.example'],
      code: '23505',
      constraint: 'contact_email_key',
      table: 'contact',
      detail: 'Key (email)=(jean@personne.example) already exists.',
      driverError: { code: '23505', column: 'email', detail: 'Failing row contains (jean@personne.example)', where: 'SQL function' },
    };
    expect(withoutPersonalData(serialised)).toEqual({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "contact_email_key"',
      code: '23505',
      constraint: 'contact_email_key',
      table: 'contact',
      driverError: { code: '23505', column: 'email' },
    });
  });

  it('should blank the values PostgreSQL quotes in its messages and stacks', () => {
    const serialised = withoutPersonalData({
      message: 'invalid input syntax for type uuid: "+33612345678"',
      stack: 'QueryFailedError: invalid input syntax for type uuid: "+33612345678"\n    at x',
    });
    expect(JSON.stringify(serialised)).not.toContain('+33612345678');
    expect(serialised).toMatchObject({ message: 'invalid input syntax for type uuid: "…"' });
  });
});
