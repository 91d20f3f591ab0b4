import type { FieldError, FieldErrorCode } from '@app/contracts';
import { ValidationFailedError } from './domain-error.js';

/** Deeper than this, a body is refused before any transformation (the deepest real body has 2 levels). */
export const MAX_INPUT_DEPTH = 32;
/** A hostile body may hold thousands of bad strings: the first ones say enough. */
const MAX_REPORTED = 20;

// String.prototype.isWellFormed (false when a UTF-16 surrogate is alone) is in every Node this runs on
// (≥ 20.19), but the ES2023 library the project compiles against does not declare it.
const isWellFormed = (text: string): boolean => (text as unknown as { isWellFormed(): boolean }).isWellFormed();

/**
 * Why a text cannot be taken as it is, or undefined when it can. PostgreSQL refuses NUL in text (the
 * insert would fail with a 500), and a lone UTF-16 surrogate is not Unicode text: it breaks URI
 * decoding and is silently replaced by U+FFFD on its way to the database.
 */
export function textFault(text: string): string | undefined {
  return textFaultRule(text)?.message;
}

/** textFault with its public code (`forbiddenCharacter`, `invalidUnicode`). */
export function textFaultRule(text: string): { code: FieldErrorCode; message: string } | undefined {
  if (text.includes('\u0000')) return { code: 'forbiddenCharacter', message: 'must not contain the NUL character (\\u0000)' };
  if (!isWellFormed(text)) return { code: 'invalidUnicode', message: 'must be valid Unicode text (it holds a lone UTF-16 surrogate)' };
  return undefined;
}

/**
 * Walks raw input (a parsed JSON body, a query string, path parameters, a NATS payload) before any
 * transformation: every string, object key included, is checked with textFault, and nesting deeper
 * than MAX_INPUT_DEPTH is refused (class-transformer recurses without a bound and would overflow the
 * stack). Errors name the field by its dotted path (`address.city`, `tags.2`).
 */
export function unsafeInputErrors(value: unknown, field = ''): FieldError[] {
  const errors: FieldError[] = [];
  walk(value, field, 0, errors);
  return errors;
}

/** Throws the 400 listing unsafeInputErrors, if any. */
export function assertSafeInput(value: unknown, field = ''): void {
  const errors = unsafeInputErrors(value, field);
  if (errors.length > 0) throw new ValidationFailedError(errors);
}

function walk(value: unknown, path: string, depth: number, errors: FieldError[]): void {
  if (errors.length >= MAX_REPORTED) return;
  if (typeof value === 'string') {
    const fault = textFaultRule(value);
    if (fault) errors.push({ field: path, code: fault.code, message: `${path || 'the value'} ${fault.message}` });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  if (depth >= MAX_INPUT_DEPTH) {
    errors.push({ field: path, code: 'tooDeep', params: { max: MAX_INPUT_DEPTH }, message: `${path || 'the body'} is nested more than ${MAX_INPUT_DEPTH} levels deep` });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, join(path, String(index)), depth + 1, errors));
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    const keyFault = textFaultRule(key);
    if (keyFault) {
      errors.push({ field: join(path, printable(key)), code: keyFault.code, message: `a field name ${keyFault.message}` });
      continue;
    }
    walk(item, join(path, key), depth + 1, errors);
  }
}

const join = (parent: string, key: string): string => (parent ? `${parent}.${key}` : key);

// A faulty key is named with its bad characters escaped, so that the answer itself is clean text.
const printable = (key: string): string =>
  Array.from(key, (character) => (textFault(character) ? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}` : character)).join('');
