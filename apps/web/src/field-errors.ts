import type { FieldError } from '../../../libs/contracts/src/common/problems';
import { isMessageKey, type Translate } from './translate';

// Params whose values the app names in its own words: a call outcome `callback` is « À rappeler ».
const PARAM_LABELS: Record<string, string> = { outcome: 'outcome', outcomes: 'outcome' };

/**
 * A field error of the API said in the app's language: the text of its `code` (`fieldError.tooLong`)
 * with its params, lists joined; the server's English message for a code this app does not know yet.
 */
export function fieldErrorText(t: Translate, error: FieldError): string {
  const key = `fieldError.${String(error.code)}`;
  if (!isMessageKey(key)) return error.message;
  const label = (name: string, value: string): string => {
    const labelKey = `${PARAM_LABELS[name]}.${value}`;
    return PARAM_LABELS[name] && isMessageKey(labelKey) ? t(labelKey) : value;
  };
  const params = Object.entries(error.params ?? {}).map(([name, value]) => [name, Array.isArray(value) ? value.map((item) => label(name, item)).join(', ') : label(name, String(value))]);
  return t(key, Object.fromEntries(params));
}
