import { describe, expect, it } from 'vitest';
import { ValidationFailedError } from '../errors/domain-error.js';
import { decodeCursor, decodeTextIdCursor, encodeCursor, toPage } from './cursor.js';

function rejectionOf(cursor: string, arity: number): ValidationFailedError {
  try {
    decodeCursor(cursor, arity);
  } catch (error) {
    if (error instanceof ValidationFailedError) return error;
    throw error;
  }
  throw new Error(`decodeCursor accepted ${JSON.stringify(cursor)}`);
}

describe('cursor', () => {
  it('should give back the same sort values when a cursor is encoded then decoded', () => {
    const values = ['Boulangerie « Dupont » & fils', 'a0b1c2d3-0000-4000-8000-000000000000', 42, null];
    expect(decodeCursor(encodeCursor(values), 4)).toEqual(values);
  });

  it('should be URL-safe when values contain any character', () => {
    expect(encodeCursor(['??//++==', 'é'])).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['not base64 JSON', '%%%garbage%%%'],
    ['JSON that is not an array', Buffer.from('{"name":"x"}').toString('base64url')],
    ['an array of the wrong length', encodeCursor(['only one'])],
    ['values of the wrong type', Buffer.from('[{"a":1},"id"]').toString('base64url')],
    ['an empty string', ''],
  ])('should answer a 400 on the cursor field when the cursor is %s', (_label, cursor) => {
    const error = rejectionOf(cursor, 2);
    expect(error.status).toBe(400);
    expect(error.toProblem().errors).toEqual([{ field: 'cursor', code: 'invalidCursor', message: expect.any(String) }]);
  });

  it('should give a next cursor pointing at the last item when more rows exist than the limit', () => {
    const rows = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
    const page = toPage(rows, 2, (row) => row.key, (row) => [row.key]);
    expect(page.items).toEqual(['a', 'b']);
    expect(decodeCursor(page.nextCursor!, 1)).toEqual(['b']);
  });

  it('should give no next cursor when the rows fit in the limit', () => {
    const page = toPage([{ key: 'a' }, { key: 'b' }], 2, (row) => row.key, (row) => [row.key]);
    expect(page).toEqual({ items: ['a', 'b'], nextCursor: null });
  });

  it('should give back the text and id of a text-then-id cursor, and answer 400 when its id is no uuid', () => {
    const id = 'a0b1c2d3-0000-4000-8000-000000000000';
    expect(decodeTextIdCursor(encodeCursor(['Chambre des métiers', id]))).toEqual({ text: 'Chambre des métiers', id });
    for (const forged of [encodeCursor(['name', 'not-a-uuid']), encodeCursor([42, id]), encodeCursor(['name', null])]) {
      expect(() => decodeTextIdCursor(forged)).toThrow(ValidationFailedError);
    }
  });
});
