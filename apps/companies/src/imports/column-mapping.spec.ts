import { describe, expect, it } from 'vitest';
import { HeaderError, mapHeader, parseTags } from './column-mapping.js';

const SIRENE_HEADER = [
  'siren',
  'nic',
  'siret',
  'etatAdministratifEtablissement',
  'enseigne1Etablissement',
  'denominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'trancheEffectifsEtablissement',
  'numeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
];

/** A SIRENE row with the given cells, the others empty. */
function sireneRow(cells: Partial<Record<(typeof SIRENE_HEADER)[number], string>>): string[] {
  return SIRENE_HEADER.map((column) => cells[column] ?? '');
}

describe('mapHeader with our columns', () => {
  it('should read every column in any order and ignore extra ones when the header is ours', () => {
    const mapping = mapHeader(['City', 'comment', 'SIRET', 'name', 'postalCode', 'addressLine', 'nafCode', 'sizeBand', 'phone', 'email', 'website', 'tags', 'tradeName', 'hiringPotential']);
    expect(mapping.format).toBe('ours');
    const row = mapping.map([
      'Dunkerque',
      'ignored',
      ' 552 100 554 00013 ',
      'Boulangerie Dupont',
      '59140',
      '12 rue de la Marine',
      '1071C',
      '11',
      '03 28 12 34 56',
      'contact@dupont.fr',
      'https://dupont.fr',
      'bakery|apprenticeship, bakery',
      'Au Bon Pain',
      '40',
    ]);
    expect(row).toEqual({
      blank: false,
      closed: false,
      fields: {
        siret: '552 100 554 00013',
        name: 'Boulangerie Dupont',
        tradeName: 'Au Bon Pain',
        nafCode: '1071C',
        sizeBand: '11',
        phone: '03 28 12 34 56',
        email: 'contact@dupont.fr',
        website: 'https://dupont.fr',
        address: { line: '12 rue de la Marine', postalCode: '59140', city: 'Dunkerque' },
        tags: ['bakery', 'apprenticeship'],
        hiringPotential: '40',
      },
    });
  });

  it('should leave empty cells and missing trailing cells out when a row is short', () => {
    const mapping = mapHeader(['siret', 'name', 'city', 'phone']);
    expect(mapping.map(['55210055400013', 'Dupont']).fields).toEqual({ siret: '55210055400013', name: 'Dupont' });
    expect(mapping.map(['55210055400013', '  ', '', '']).fields).toEqual({ siret: '55210055400013' });
  });

  it('should call a row blank when every cell is empty', () => {
    const mapping = mapHeader(['siret', 'name']);
    expect(mapping.map(['', ' ']).blank).toBe(true);
    expect(mapping.map(['', 'x']).blank).toBe(false);
  });

  it('should hand the hiring potential over as written when the column is there (the normaliser checks it)', () => {
    const mapping = mapHeader(['siret', 'name', 'HiringPotential']);
    expect(mapping.map(['1', 'x', ' 70 ']).fields.hiringPotential).toBe('70');
    expect(mapping.map(['1', 'x', '']).fields).not.toHaveProperty('hiringPotential');
  });

  it('should name the header column when an error is about a company field path', () => {
    const mapping = mapHeader(['Siret', 'Name', 'PostalCode', 'addressline']);
    expect(mapping.columnOf('address.postalCode')).toBe('PostalCode');
    expect(mapping.columnOf('address.line')).toBe('addressline');
    expect(mapping.columnOf('siret')).toBe('Siret');
  });

  it('should name the column of a cell holding NUL, and ignore NUL in a column it does not read', () => {
    const mapping = mapHeader(['siret', 'Name', 'comment']);
    expect(mapping.unreadableCell(['55210055400013', 'Dupont\u0000', ''])).toEqual({ field: 'Name', code: 'forbiddenCharacter', message: expect.stringMatching(/^Name must not contain the NUL character/) });
    expect(mapping.unreadableCell(['55210055400013', 'Dupont', 'note\u0000'])).toBeUndefined();
  });

  it('should throw a HeaderError when there is no siret column', () => {
    expect(() => mapHeader(['name', 'city'])).toThrow(HeaderError);
    expect(() => mapHeader(['nom;siret'])).toThrow(/no siret column/);
  });

  it('should throw a HeaderError when our header has no name column', () => {
    expect(() => mapHeader(['siret', 'city'])).toThrow(/no name column/);
  });
});

describe('mapHeader with SIRENE columns', () => {
  const mapping = mapHeader(SIRENE_HEADER);

  it('should recognise a StockEtablissement header and assemble the company when a row is active', () => {
    expect(mapping.format).toBe('sirene');
    const row = mapping.map(
      sireneRow({
        siret: '55210055400013',
        etatAdministratifEtablissement: 'A',
        denominationUsuelleEtablissement: 'BOULANGERIE DUPONT',
        enseigne1Etablissement: 'AU BON PAIN',
        activitePrincipaleEtablissement: '10.71C',
        nomenclatureActivitePrincipaleEtablissement: 'NAFRev2',
        trancheEffectifsEtablissement: '03',
        numeroVoieEtablissement: '12',
        indiceRepetitionEtablissement: 'B',
        typeVoieEtablissement: 'AV',
        libelleVoieEtablissement: 'DE LA MARINE',
        codePostalEtablissement: '59140',
        libelleCommuneEtablissement: 'DUNKERQUE',
      }),
    );
    expect(row).toEqual({
      blank: false,
      closed: false,
      fields: {
        siret: '55210055400013',
        name: 'BOULANGERIE DUPONT',
        tradeName: 'AU BON PAIN',
        nafCode: '10.71C',
        sizeBand: '03',
        address: { line: '12 bis avenue DE LA MARINE', postalCode: '59140', city: 'DUNKERQUE' },
      },
    });
  });

  it.each([
    ['the usual name when there is one', { denominationUsuelleEtablissement: 'USUAL', enseigne1Etablissement: 'SIGN', denominationUniteLegale: 'LEGAL' }, 'USUAL'],
    ['the sign when there is no usual name', { enseigne1Etablissement: 'SIGN', denominationUniteLegale: 'LEGAL' }, 'SIGN'],
    ['the legal unit name when the establishment has neither', { denominationUniteLegale: 'LEGAL' }, 'LEGAL'],
  ])('should take %s', (_label, cells, expected) => {
    const withLegalName = mapHeader([...SIRENE_HEADER, 'denominationUniteLegale']);
    const header = [...SIRENE_HEADER, 'denominationUniteLegale'];
    const row = header.map((column) => (cells as Record<string, string>)[column] ?? (column === 'siret' ? '55210055400013' : ''));
    expect(withLegalName.map(row).fields.name).toBe(expected);
  });

  it('should mark a closed establishment when etatAdministratifEtablissement is F', () => {
    expect(mapping.map(sireneRow({ siret: '55210055400013', etatAdministratifEtablissement: 'F' })).closed).toBe(true);
    expect(mapping.map(sireneRow({ siret: '55210055400013', etatAdministratifEtablissement: 'A' })).closed).toBe(false);
  });

  it('should leave out a NAF code of an older nomenclature when the row says so', () => {
    const row = mapping.map(sireneRow({ siret: '55210055400013', activitePrincipaleEtablissement: '52.2C', nomenclatureActivitePrincipaleEtablissement: 'NAFRev1' }));
    expect(row.fields.nafCode).toBeUndefined();
  });

  it('should name the SIRENE columns when an error is about a company field', () => {
    expect(mapping.columnOf('address.postalCode')).toBe('codePostalEtablissement');
    expect(mapping.columnOf('nafCode')).toBe('activitePrincipaleEtablissement');
    expect(mapping.columnOf('address.line')).toBe('numeroVoieEtablissement+typeVoieEtablissement+libelleVoieEtablissement');
  });

  it('should name the first column read whose cell was not UTF-8 when a cell holds U+FFFD', () => {
    expect(mapping.unreadableCell(sireneRow({ siret: '55210055400013', libelleCommuneEtablissement: 'B\uFFFDTHUNE' }))).toEqual({
      field: 'libelleCommuneEtablissement',
      code: 'invalidUtf8',
      message: expect.stringMatching(/not valid UTF-8/),
    });
    expect(mapping.unreadableCell(sireneRow({ siret: '55210055400013', libelleCommuneEtablissement: 'BÉTHUNE' }))).toBeUndefined();
  });

  it('should throw a HeaderError when no column can name the company', () => {
    expect(() => mapHeader(['siret', 'codePostalEtablissement'])).toThrow(/no column to name the company/);
  });
});

describe('parseTags', () => {
  it('should split on | and , and drop blanks and duplicates when given a cell', () => {
    expect(parseTags(' bakery | hiring,bakery ,, ')).toEqual(['bakery', 'hiring']);
  });
});
