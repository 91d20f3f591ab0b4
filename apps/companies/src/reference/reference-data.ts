import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { hiringPotential } from './hiring-potential.js';
import { NAF_REV2, type ReferenceTables } from './reference-tables.js';

/** A commune a postal code serves, and its département. */
export interface Locality {
  commune: string;
  department: string;
}

interface PostalArea {
  communes: string[];
  department: string;
  /** placeKey of every name La Poste gives (commune, routing label, line 5) → the commune it names. */
  byName: Map<string, Locality>;
}

/** A city as a comparison key: `Saint-Pol-sur-Mer`, `ST POL SUR MER` and `saint pol sur mer` are one. */
export function placeKey(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\bsainte\b/g, 'ste')
    .replace(/\bsaint\b/g, 'st');
}

/** The département of an INSEE commune code: two characters (2A, 2B for Corsica), three overseas. */
export const departmentOf = (inseeCode: string): string => (/^9[78]/.test(inseeCode) ? inseeCode.slice(0, 3) : inseeCode.slice(0, 2));

/**
 * The shipped nomenclatures in memory, loaded once from the companies schema at service start (the
 * migration filled it from data/): synchronous lookups for the normaliser, which runs per imported
 * row, and for the search filters.
 */
@Injectable()
export class ReferenceData implements OnModuleInit {
  private nafLabels = new Map<string, string>();
  private sizeBandMinimum = new Map<string, number | null>();
  private postalAreas = new Map<string, PostalArea>();
  private romeNafCodes = new Map<string, string[]>();
  private nafHires = new Map<string, number>();
  private maxNafHires = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** A ReferenceData over given tables (unit tests, tools). */
  static fromTables(tables: ReferenceTables): ReferenceData {
    const reference = new ReferenceData(undefined as unknown as DataSource);
    reference.use(tables);
    return reference;
  }

  async onModuleInit(): Promise<void> {
    if (this.dataSource) this.use(await readTables(this.dataSource));
  }

  /** The NAF rév. 2 label of a normalised code (`10.71C`), or undefined when the code does not exist. */
  nafLabel(code: string): string | undefined {
    return this.nafLabels.get(code);
  }

  isSizeBand(code: string): boolean {
    return this.sizeBandMinimum.has(code);
  }

  postalCode(code: string): { communes: string[]; department: string } | undefined {
    const area = this.postalAreas.get(code);
    return area && { communes: area.communes, department: area.department };
  }

  /** The commune of `postalCode` that `city` names (commune, routing label or locality), if any. */
  locality(postalCode: string, city: string): Locality | undefined {
    return this.postalAreas.get(postalCode)?.byName.get(placeKey(city));
  }

  isRome(code: string): boolean {
    return this.romeNafCodes.has(code);
  }

  /** The NAF codes that hire for a ROME job (rome-naf-hirings.csv); empty for an unknown job. */
  nafCodesForRome(rome: string): string[] {
    return this.romeNafCodes.get(rome) ?? [];
  }

  /** See hiring-potential.ts: null without a NAF code, or with one that does not exist. */
  estimateHiringPotential(nafCode: string | null, sizeBand: string | null): number | null {
    if (!nafCode || !this.nafLabels.has(nafCode)) return null;
    return hiringPotential({
      nafHires: this.nafHires.get(nafCode) ?? 0,
      maxNafHires: this.maxNafHires,
      minEmployees: sizeBand ? (this.sizeBandMinimum.get(sizeBand) ?? null) : null,
    });
  }

  private use(tables: ReferenceTables): void {
    this.nafLabels = new Map(tables.naf.map((row) => [row.code, row.label]));
    this.sizeBandMinimum = new Map(tables.sizeBands.map((row) => [row.code, row.minEmployees]));

    const areas = new Map<string, PostalArea & { departments: Map<string, number> }>();
    // One order whatever the source (CSV or table), so that the same names win on a tie.
    const postalRows = [...tables.postalCodes].sort((a, b) => compareKeys(postalSortKey(a), postalSortKey(b)));
    for (const row of postalRows) {
      let area = areas.get(row.postalCode);
      if (!area) areas.set(row.postalCode, (area = { communes: [], department: '', byName: new Map(), departments: new Map() }));
      const locality = { commune: row.commune, department: departmentOf(row.inseeCode) };
      if (!area.communes.includes(row.commune)) {
        area.communes.push(row.commune);
        area.departments.set(locality.department, (area.departments.get(locality.department) ?? 0) + 1);
      }
      // The commune's own name wins over another commune's locality of the same name.
      area.byName.set(placeKey(row.commune), locality);
      for (const name of [row.routingLabel, row.line5]) if (name && !area.byName.has(placeKey(name))) area.byName.set(placeKey(name), locality);
    }
    for (const [code, { departments, ...area }] of areas) {
      // A few postal codes serve communes of two départements: the one most of them are in.
      area.department = [...departments].sort((a, b) => b[1] - a[1])[0]![0];
      this.postalAreas.set(code, area);
    }

    this.romeNafCodes = new Map();
    this.nafHires = new Map();
    for (const row of tables.rome) this.romeNafCodes.set(row.code, []);
    for (const { romeCode, nafCode, hirings } of tables.romeNafHirings) {
      this.romeNafCodes.get(romeCode)?.push(nafCode);
      this.nafHires.set(nafCode, (this.nafHires.get(nafCode) ?? 0) + hirings);
    }
    this.maxNafHires = Math.max(0, ...this.nafHires.values());
  }
}

const postalSortKey = (row: ReferenceTables['postalCodes'][number]): string[] => [row.postalCode, row.inseeCode, row.routingLabel, row.line5];

function compareKeys(a: string[], b: string[]): number {
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return a[index]! < b[index]! ? -1 : 1;
  return 0;
}

async function readTables(dataSource: DataSource): Promise<ReferenceTables> {
  const [naf, sizeBands, postalCodes, rome, romeNafHirings] = await Promise.all([
    dataSource.query(`SELECT "code", "label" FROM "companies"."naf" WHERE "nomenclature" = $1`, [NAF_REV2]),
    dataSource.query(`SELECT "code", "label", "min_employees" AS "minEmployees", "max_employees" AS "maxEmployees" FROM "companies"."size_band"`),
    dataSource.query(
      `SELECT "postal_code" AS "postalCode", "insee_code" AS "inseeCode", "commune", "routing_label" AS "routingLabel", "line5" FROM "companies"."postal_code"`,
    ),
    dataSource.query(`SELECT "code", "label" FROM "companies"."rome"`),
    dataSource.query(`SELECT "rome_code" AS "romeCode", "naf_code" AS "nafCode", "hirings" FROM "companies"."rome_naf_hiring" WHERE "naf_nomenclature" = $1`, [NAF_REV2]),
  ]);
  return { naf, sizeBands, postalCodes, rome, romeNafHirings } as ReferenceTables;
}
