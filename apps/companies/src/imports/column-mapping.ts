import type { CompanyFields, FieldError } from '@app/contracts';
import { textFaultRule } from '@app/platform';
import { sireneAddressLine } from './sirene-address.js';

/** What one row of the file says about a company, before normalisation. */
export type ImportedFields = Partial<CompanyFields>;

export interface MappedRow {
  /** Every cell is empty (`;;;;` lines that spreadsheets leave): ignored, not counted. */
  blank: boolean;
  /** A closed establishment (SIRENE `etatAdministratifEtablissement` = F): skipped and counted. */
  closed: boolean;
  /** The cells as the normaliser takes them (it checks every field). */
  fields: ImportedFields;
}

export interface ColumnMapping {
  format: 'ours' | 'sirene';
  map(cells: string[]): MappedRow;
  /** The header column to name in an error about a company field path (`address.postalCode`). */
  columnOf(field: string): string;
  /** The first cell read by this mapping that is not text we can store (not UTF-8, NUL), named by its column. */
  unreadableCell(cells: string[]): FieldError | undefined;
}

/** The header names no column set we know; the job fails with this message. */
export class HeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HeaderError';
  }
}

/** Our column set (the root README, "Importing companies"), plus `tradeName` and `hiringPotential`, which the Company resource also has. */
export const OUR_COLUMNS = [
  'siret',
  'name',
  'tradeName',
  'nafCode',
  'sizeBand',
  'addressLine',
  'postalCode',
  'city',
  'phone',
  'email',
  'website',
  'tags',
  'hiringPotential',
] as const;

/** The StockEtablissement columns we read; any one of them marks the file as a SIRENE extract. */
export const SIRENE_COLUMNS = [
  'denominationUsuelleEtablissement',
  'enseigne1Etablissement',
  'denominationUniteLegale',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'trancheEffectifsEtablissement',
  'numeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'etatAdministratifEtablissement',
] as const;

// Our columns copied as they are (the others are assembled or parsed).
const PLAIN_FIELDS = ['siret', 'name', 'tradeName', 'nafCode', 'sizeBand', 'phone', 'email', 'website'] as const;

/**
 * Reads the header row: columns in any order, matched without regard to case, extra columns
 * ignored, the first of two same-named columns used. Throws HeaderError when there is no `siret`
 * column (rows are upserted by SIRET) or no column to take the name from.
 */
export function mapHeader(header: string[]): ColumnMapping {
  const positions = new Map<string, number>();
  header.forEach((column, index) => {
    const key = column.trim().toLowerCase();
    if (key && !positions.has(key)) positions.set(key, index);
  });
  const position = (column: string): number | undefined => positions.get(column.toLowerCase());
  const named = (column: string): string => header[position(column)!].trim();
  if (position('siret') === undefined) {
    throw new HeaderError(
      `The header has no siret column: rows are matched by SIRET. Expected our columns (${OUR_COLUMNS.join(',')}) or SIRENE's StockEtablissement columns.`,
    );
  }
  const sirene = SIRENE_COLUMNS.some((column) => position(column) !== undefined);
  return sirene ? sireneMapping(header, position, named) : ourMapping(header, position, named);
}

type Position = (column: string) => number | undefined;
type Named = (column: string) => string;

/**
 * A cell, trimmed; an empty cell (or a missing one at the end of a short row) is undefined.
 * Column positions are looked up once here, not on every row.
 */
function cellReader(position: Position, columns: readonly string[]) {
  const indexes = new Map(columns.map((column) => [column, position(column)]));
  return (cells: string[], column: string): string | undefined => {
    const index = indexes.get(column);
    if (index === undefined) return undefined;
    const cell = cells[index];
    if (cell === undefined || cell.length === 0) return undefined;
    const value = cell.trim();
    return value.length > 0 ? value : undefined;
  };
}

// A byte sequence that is not UTF-8 is decoded as U+FFFD: a Latin-1 export from Excel, typically.
// A NUL byte decodes as itself, and PostgreSQL refuses it in text: the row is an error, not the file.
function unreadableCellChecker(header: string[], positions: (number | undefined)[]) {
  const used = positions.filter((index): index is number => index !== undefined);
  return (cells: string[]): FieldError | undefined => {
    for (const index of used) {
      const cell = cells[index];
      if (!cell) continue;
      const column = header[index].trim();
      if (cell.includes('\uFFFD')) return { field: column, code: 'invalidUtf8', message: `${column} is not valid UTF-8: save the file as "CSV UTF-8"` };
      const fault = textFaultRule(cell);
      if (fault) return { field: column, code: fault.code, message: `${column} ${fault.message}` };
    }
    return undefined;
  };
}

function isBlank(cells: string[]): boolean {
  for (const cell of cells) if (cell.length > 0 && cell.trim() !== '') return false;
  return true;
}

function ourMapping(header: string[], position: Position, named: Named): ColumnMapping {
  if (position('name') === undefined) throw new HeaderError('The header has no name column (our columns: siret,name,nafCode,…).');
  const cell = cellReader(position, OUR_COLUMNS);
  const columns: Record<string, string> = {};
  for (const column of OUR_COLUMNS) if (position(column) !== undefined) columns[column] = named(column);
  const fieldColumns: Record<string, string> = {
    'address.line': 'addressLine',
    'address.postalCode': 'postalCode',
    'address.city': 'city',
  };
  return {
    format: 'ours',
    columnOf: (field) => columns[fieldColumns[field] ?? field] ?? field,
    unreadableCell: unreadableCellChecker(header, OUR_COLUMNS.map(position)),
    map(cells) {
      const fields: ImportedFields = {};
      for (const field of PLAIN_FIELDS) {
        const value = cell(cells, field);
        if (value !== undefined) (fields as Record<string, string>)[field] = value;
      }
      const line = cell(cells, 'addressLine');
      const postalCode = cell(cells, 'postalCode');
      const city = cell(cells, 'city');
      if (line || postalCode || city) fields.address = { line, postalCode, city };
      const tags = cell(cells, 'tags');
      if (tags) fields.tags = parseTags(tags);
      // Checked (0 to 100) by the normaliser, which reads `70` as 70.
      const hiringPotential = cell(cells, 'hiringPotential');
      if (hiringPotential) (fields as Record<string, unknown>).hiringPotential = hiringPotential;
      return { blank: isBlank(cells), closed: false, fields };
    },
  };
}

function sireneMapping(header: string[], position: Position, named: Named): ColumnMapping {
  const has = (column: string) => position(column) !== undefined;
  const nameSources = ['denominationUsuelleEtablissement', 'enseigne1Etablissement', 'denominationUniteLegale'].filter(has);
  if (nameSources.length === 0) {
    throw new HeaderError('The SIRENE header has no column to name the company: denominationUsuelleEtablissement, enseigne1Etablissement or denominationUniteLegale.');
  }
  const cell = cellReader(position, ['siret', ...SIRENE_COLUMNS]);
  const streetColumns = ['numeroVoieEtablissement', 'typeVoieEtablissement', 'libelleVoieEtablissement'].filter(has);
  const sources: Record<string, string | undefined> = {
    siret: 'siret',
    name: nameSources.join('/'),
    tradeName: has('enseigne1Etablissement') ? 'enseigne1Etablissement' : undefined,
    nafCode: 'activitePrincipaleEtablissement',
    sizeBand: 'trancheEffectifsEtablissement',
    'address.line': streetColumns.length > 0 ? streetColumns.join('+') : undefined,
    'address.postalCode': 'codePostalEtablissement',
    'address.city': 'libelleCommuneEtablissement',
  };
  const columnOf = (field: string): string => {
    const source = sources[field];
    if (!source) return field;
    return source
      .split(/([/+])/)
      .map((part) => (part === '/' || part === '+' ? part : has(part) ? named(part) : part))
      .join('');
  };
  return {
    format: 'sirene',
    columnOf,
    unreadableCell: unreadableCellChecker(header, ['siret', ...SIRENE_COLUMNS].map(position)),
    map(cells) {
      const usualName = cell(cells, 'denominationUsuelleEtablissement');
      const sign = cell(cells, 'enseigne1Etablissement');
      const legalName = cell(cells, 'denominationUniteLegale');
      // Older establishments may carry a NAF rév. 1 code: it would fail the rév. 2 check, so it is left out.
      const nomenclature = cell(cells, 'nomenclatureActivitePrincipaleEtablissement');
      const naf = nomenclature === undefined || nomenclature === 'NAFRev2' ? cell(cells, 'activitePrincipaleEtablissement') : undefined;
      const line = sireneAddressLine(
        cell(cells, 'numeroVoieEtablissement'),
        cell(cells, 'indiceRepetitionEtablissement'),
        cell(cells, 'typeVoieEtablissement'),
        cell(cells, 'libelleVoieEtablissement'),
      );
      const postalCode = cell(cells, 'codePostalEtablissement');
      const city = cell(cells, 'libelleCommuneEtablissement');
      const fields: ImportedFields = {};
      const siret = cell(cells, 'siret');
      if (siret) fields.siret = siret;
      const name = usualName ?? sign ?? legalName;
      if (name) fields.name = name;
      if (sign) fields.tradeName = sign;
      if (naf) fields.nafCode = naf;
      const sizeBand = cell(cells, 'trancheEffectifsEtablissement');
      if (sizeBand) fields.sizeBand = sizeBand as ImportedFields['sizeBand'];
      if (line || postalCode || city) fields.address = { line, postalCode, city };
      return {
        blank: isBlank(cells),
        closed: cell(cells, 'etatAdministratifEtablissement') === 'F',
        fields,
      };
    },
  };
}

/** `a|b`, `a, b` or `a|b,c`: trimmed, empty ones dropped, duplicates removed (the normaliser checks count and length). */
export function parseTags(cell: string): string[] {
  return [...new Set(cell.split(/[|,]/).map((tag) => tag.trim()).filter((tag) => tag.length > 0))];
}
