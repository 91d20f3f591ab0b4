import { describe, expect, it } from 'vitest';
import { FIELD_ERROR_CODES, type FieldErrorCode } from '../../../libs/contracts/src/common/field-error-codes';
import { fieldErrorText } from './field-errors';
import en from './messages/en.json';
import fr from './messages/fr.json';
import { type Messages, translator } from './translate';

const LANGUAGES: [string, Record<string, string>][] = [
  ['fr', fr],
  ['en', en],
];
const CODES = Object.keys(FIELD_ERROR_CODES) as FieldErrorCode[];
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

describe('field error texts', () => {
  it.each(LANGUAGES)('should have a %s text for every code the API can send, using only the params of its code', (_language, messages) => {
    const missing = CODES.filter((code) => typeof messages[`fieldError.${code}`] !== 'string' || messages[`fieldError.${code}`]!.trim() === '');
    expect(missing).toEqual([]);
    const strayParams = CODES.flatMap((code) =>
      placeholders(messages[`fieldError.${code}`] ?? '')
        .filter((name) => !(FIELD_ERROR_CODES[code] as readonly string[]).includes(name))
        .map((name) => `${code}: {${name}}`),
    );
    expect(strayParams).toEqual([]);
  });

  it.each(LANGUAGES)('should name no code the API does not have in the %s texts', (_language, messages) => {
    const known = new Set(CODES.map((code) => `fieldError.${code}`));
    expect(Object.keys(messages).filter((key) => key.startsWith('fieldError.') && !known.has(key))).toEqual([]);
  });

  it('should say a field error in French with its params, and a list of call outcomes in the words of the app', () => {
    const t = translator(fr);
    expect(fieldErrorText(t, { field: 'name', code: 'tooLong', params: { max: 200 }, message: 'name must be shorter than or equal to 200 characters' })).toBe(
      'Au plus 200 caractères.',
    );
    expect(fieldErrorText(t, { field: 'offers', code: 'onlyWithOutcome', params: { outcomes: ['offer', 'meeting'] }, message: 'offers go with…' })).toBe(
      'Possible seulement avec : Offre détectée, Rendez-vous.',
    );
    expect(fieldErrorText(t, { field: 'sizeBand', code: 'notOneOf', params: { allowed: ['00', '01'] }, message: '…' })).toBe(
      'Valeur non admise. Valeurs possibles : 00, 01.',
    );
  });

  it('should say it in English once English is chosen', () => {
    const t = translator(en as Messages);
    expect(fieldErrorText(t, { field: 'naf', code: 'nafFilterFormat', message: 'naf must be NAF codes…' })).toBe('NAF codes or code prefixes expected, e.g. 10.71C, 10.71 or 47.');
  });

  it("should show the server's message when the code is one this app does not know yet", () => {
    const t = translator(fr);
    const newer = { field: 'siret', code: 'closedEstablishment', message: 'siret names a closed establishment' } as unknown as Parameters<typeof fieldErrorText>[1];
    expect(fieldErrorText(t, newer)).toBe('siret names a closed establishment');
  });
});
