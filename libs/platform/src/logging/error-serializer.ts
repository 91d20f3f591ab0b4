/**
 * What a logged error may say. A database error carries the row it refused (`detail`: "Failing row
 * contains (…, 'jean@…', '+336…')"), the statement's `parameters`, the `query` and values quoted in
 * its message ("invalid input syntax for type uuid: "…""): personal data that must never reach a log.
 * The code, constraint, table and column names stay: they are what one needs to understand the failure.
 */
const PERSONAL_DATA_KEYS = new Set(['detail', 'parameters', 'query', 'where', 'internalQuery', 'hint']);

// `: "value"` at the end of a PostgreSQL message (the value it refused), and `Key (email)=(value)`.
const QUOTED_VALUE = /: "(?:[^"\\]|\\.)*"/g;
const KEY_VALUE = /=\((?:[^)\\]|\\.)*\)/g;

/** Strips the fields of an error (already serialised by pino) that can hold the data being written, at any depth. */
export function withoutPersonalData(error: unknown, seen = new WeakSet<object>()): unknown {
  if (typeof error === 'string') return error.replace(QUOTED_VALUE, ': "…"').replace(KEY_VALUE, '=(…)');
  if (error === null || typeof error !== 'object' || seen.has(error)) return error;
  seen.add(error);
  if (Array.isArray(error)) return error.map((item) => withoutPersonalData(item, seen));
  const safe: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (PERSONAL_DATA_KEYS.has(key)) continue;
    safe[key] = key === 'message' || key === 'stack' || typeof value === 'object' ? withoutPersonalData(value, seen) : value;
  }
  return safe;
}
