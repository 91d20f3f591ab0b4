import { DEFAULT_PAGE_SIZE, type Page } from '@app/contracts';
import { ValidationFailedError } from '../errors/domain-error.js';

type CursorValue = string | number | null;

/** Opaque keyset cursor: the sort values of the last item of a page. */
export function encodeCursor(values: CursorValue[]): string {
  return Buffer.from(JSON.stringify(values), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, arity: number): CursorValue[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === arity && values.every(isCursorValue)) return values;
  } catch {
    // fall through to the 400 below
  }
  throw invalidCursorError();
}

/** A cursor of the right shape whose values are not ones this API gave out: a 400, never a SQL error. */
export const invalidCursorError = (): ValidationFailedError => new ValidationFailedError([{ field: 'cursor', code: 'invalidCursor', message: 'cursor is not one this API gave out' }]);

function isCursorValue(value: unknown): value is CursorValue {
  return value === null || typeof value === 'string' || typeof value === 'number';
}

export const pageSize = (limit?: number): number => limit ?? DEFAULT_PAGE_SIZE;

/**
 * Builds a page from `limit + 1` fetched rows: the extra row only says there is a next page.
 */
export function toPage<Row, Item>(rows: Row[], limit: number, map: (row: Row) => Item, keyOf: (row: Row) => CursorValue[]): Page<Item> {
  const hasMore = rows.length > limit;
  const pageRows = hasMore ? rows.slice(0, limit) : rows;
  const last = pageRows.at(-1);
  return { items: pageRows.map(map), nextCursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * A timestamptz column as cursor text, to the microsecond: a JavaScript Date would round it to the
 * millisecond and skip or repeat rows written within the same one. Select it beside the row
 * (`… AS "cursor_at"`) and put it in the cursor with the row's id.
 */
export const microsecondText = (column: string): string => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

const MICROSECOND_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position of a list ordered by a text column then the id (name, email…), or 400: never a SQL error on a forged id. */
export function decodeTextIdCursor(cursor: string): { text: string; id: string } {
  const [text, id] = decodeCursor(cursor, 2);
  if (typeof text !== 'string' || typeof id !== 'string' || !UUID.test(id)) throw invalidCursorError();
  return { text, id };
}

/** The position of a newest-first list (a `microsecondText` timestamp, then an id), or 400. */
export function decodeTimeIdCursor(cursor: string): { at: string; id: string } {
  const [at, id] = decodeCursor(cursor, 2);
  if (typeof at !== 'string' || !MICROSECOND_TIMESTAMP.test(at) || typeof id !== 'string' || !UUID.test(id)) throw invalidCursorError();
  return { at, id };
}
