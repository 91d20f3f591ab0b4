import { describe, expect, it } from 'vitest';
import en from './messages/en.json';
import fr from './messages/fr.json';
import { problemKey, problemTitle } from './problem-titles';
import { type Messages, translator } from './translate';

// Every problem type the API can answer: the shared ones (libs/contracts/src/common/problems.ts, those
// the gateway's problem filter gives by status) and each service's `*.problems.ts`, found by name so
// that a new service's file is checked too.
const files = import.meta.glob<Record<string, unknown>>(['../../../libs/contracts/src/**/*problems.ts'], { eager: true });
const TYPES = [
  ...new Set(
    Object.values(files)
      .flatMap((file) => Object.values(file))
      .filter((value): value is Record<string, unknown> => typeof value === 'object' && value !== null)
      .flatMap((table) => Object.values(table))
      .filter((value): value is string => typeof value === 'string' && value.startsWith('/problems/')),
  ),
];
const LANGUAGES: [string, Record<string, string>][] = [
  ['fr', fr],
  ['en', en],
];

describe('problem titles', () => {
  it('should find the problem types of every service', () => {
    expect(TYPES).toEqual(
      expect.arrayContaining(['/problems/validation-failed', '/problems/upstream-timeout', '/problems/companies/siret-taken', '/problems/campaigns/claim-not-found', '/problems/identity/last-manager']),
    );
    expect(TYPES.length).toBeGreaterThan(40);
  });

  it.each(LANGUAGES)('should have a %s title for every problem type the API can answer, and none for a type it does not have', (_language, messages) => {
    expect(TYPES.filter((type) => typeof messages[problemKey(type)] !== 'string' || messages[problemKey(type)]!.trim() === '')).toEqual([]);
    const known = new Set(TYPES.map(problemKey));
    expect(Object.keys(messages).filter((key) => key.startsWith('problem.') && !known.has(key))).toEqual([]);
  });

  it('should say a title in French, or in English once English is chosen, by the type whatever the English title says', () => {
    expect(problemTitle(translator(fr), { type: '/problems/companies/siret-taken', title: 'SIRET already registered' })).toBe('Ce SIRET est déjà enregistré');
    expect(problemTitle(translator(fr), { type: '/problems/not-found', title: 'Not found' })).toBe('Introuvable');
    expect(problemTitle(translator(en as Messages), { type: '/problems/validation-failed', title: 'Bad request' })).toBe('Invalid request');
  });

  it("should show the server's title for a type this app does not know yet", () => {
    expect(problemTitle(translator(fr), { type: '/problems/companies/closed-establishment', title: 'Closed establishment' })).toBe('Closed establishment');
  });
});
