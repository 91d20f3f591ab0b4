import { describe, expect, it } from 'vitest';
import { isValidSiret, passesLuhn } from './siret.js';

describe('passesLuhn', () => {
  it.each(['552100554', '732829320', '55210055400013', '73282932000074', '0'])('should accept %s when its Luhn sum is a multiple of 10', (digits) => {
    expect(passesLuhn(digits)).toBe(true);
  });

  it.each(['552100555', '55210055400014', '73282932000075', '1'])('should refuse %s when its Luhn sum is not a multiple of 10', (digits) => {
    expect(passesLuhn(digits)).toBe(false);
  });
});

describe('isValidSiret', () => {
  it.each([
    ['55210055400013', 'a Luhn-valid SIRET'],
    ['73282932000074', 'another Luhn-valid SIRET'],
    ['35600000000048', "La Poste's head office, which keeps the Luhn key"],
    ['35600000049837', 'a La Poste establishment whose digits sum to a multiple of 5'],
    ['35600000000010', 'a La Poste establishment whose digits sum to 15'],
  ])('should accept %s when it is %s', (siret) => {
    expect(isValidSiret(siret)).toBe(true);
  });

  it.each([
    ['55210055400014', 'a SIRET failing Luhn'],
    ['35600000000049', 'a La Poste SIRET whose digits do not sum to a multiple of 5'],
    ['35600000000014', 'a La Poste SIRET passing Luhn but not the sum rule'],
    ['5521005540001', '13 digits'],
    ['552100554000130', '15 digits'],
    ['5521005540001A', 'not all digits'],
    ['552 100 554 00013', 'spaced (callers strip spaces first)'],
    ['', 'empty'],
  ])('should refuse %s when it is %s', (siret) => {
    expect(isValidSiret(siret)).toBe(false);
  });
});
