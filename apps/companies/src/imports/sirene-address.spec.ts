import { describe, expect, it } from 'vitest';
import { sireneAddressLine } from './sirene-address.js';

describe('sireneAddressLine', () => {
  it.each([
    [['12', '', 'RUE', 'DE LA MARINE'], '12 rue DE LA MARINE'],
    [['3', 'B', 'AV', 'FOCH'], '3 bis avenue FOCH'],
    [['7', 't', 'bd', 'DE LA LIBERTE'], '7 ter boulevard DE LA LIBERTE'],
    [['', '', 'PL', 'DU MARCHE'], 'place DU MARCHE'],
    [['1', '', 'RTE', 'DE LILLE'], '1 route DE LILLE'],
    [['5', '', 'XYZ', 'DES FLEURS'], '5 XYZ DES FLEURS'],
    [[' 9 ', '', '', ' LE BOURG '], '9 LE BOURG'],
  ])('should assemble %j as %s', (parts, expected) => {
    expect(sireneAddressLine(...(parts as [string, string, string, string]))).toBe(expected);
  });

  it('should give undefined when every part is empty', () => {
    expect(sireneAddressLine('', ' ', undefined, '')).toBeUndefined();
  });
});
