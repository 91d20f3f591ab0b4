import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The nomenclature of every NAF code filon holds today; NAF 2025 replaces it on 1 January 2027. */
export const NAF_REV2 = 'NAFRev2';

export interface NafRow {
  code: string;
  label: string;
}

export interface SizeBandRow {
  code: string;
  label: string;
  minEmployees: number | null;
  maxEmployees: number | null;
}

/** One line of La Poste's base: a postal code serves a commune, sometimes through a named locality (line 5). */
export interface PostalCodeRow {
  postalCode: string;
  inseeCode: string;
  commune: string;
  routingLabel: string;
  line5: string;
  latitude: number | null;
  longitude: number | null;
}

export interface RomeRow {
  code: string;
  label: string;
}

export interface RomeNafHiringRow {
  romeCode: string;
  nafCode: string;
  hirings: number;
}

/** The shipped reference data (data/README.md), as the migration stores it and ReferenceData reads it. */
export interface ReferenceTables {
  naf: NafRow[];
  sizeBands: SizeBandRow[];
  postalCodes: PostalCodeRow[];
  rome: RomeRow[];
  romeNafHirings: RomeNafHiringRow[];
}

const records = (dir: string, file: string): Record<string, string>[] =>
  parse(readFileSync(join(dir, file)), { columns: true, bom: true, skip_empty_lines: true, trim: true }) as Record<string, string>[];

const numberOrNull = (value: string | undefined): number | null => (value === undefined || value === '' ? null : Number(value));

/** Reads the five CSVs of `dir` (see referenceDataDir). */
export function readReferenceCsv(dir: string): ReferenceTables {
  return {
    naf: records(dir, 'naf-rev2.csv').map((row) => ({ code: row.code!, label: row.label! })),
    sizeBands: records(dir, 'size-bands.csv').map((row) => ({
      code: row.code!,
      label: row.label!,
      minEmployees: numberOrNull(row.minEmployees),
      maxEmployees: numberOrNull(row.maxEmployees),
    })),
    postalCodes: records(dir, 'postal-codes.csv').map((row) => ({
      postalCode: row.postalCode!,
      inseeCode: row.inseeCode!,
      commune: row.commune!,
      routingLabel: row.routingLabel ?? '',
      line5: row.line5 ?? '',
      latitude: numberOrNull(row.latitude),
      longitude: numberOrNull(row.longitude),
    })),
    rome: records(dir, 'rome.csv').map((row) => ({ code: row.code!, label: row.label! })),
    romeNafHirings: records(dir, 'rome-naf-hirings.csv').map((row) => ({ romeCode: row.romeCode!, nafCode: row.nafCode!, hirings: Number(row.hirings) })),
  };
}
