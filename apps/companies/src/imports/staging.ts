import type { NormalisedCompany } from '../reference/company-normaliser.js';

/**
 * One column of the staging table: where its value comes from in a normalised row, and what an
 * upsert does to an existing company: `replace` it, `keep` the stored value when the cell was empty
 * (COALESCE), `merge` the tags, or an SQL expression of its own (`c` is the stored row).
 */
interface StagedColumn {
  column: string;
  type: string;
  value: (values: NormalisedCompany) => string | number | boolean | string[] | null | undefined;
  onUpdate: 'replace' | 'keep' | 'merge' | { sql: string };
}

// An estimate never replaces a potential someone gave; an empty cell keeps what is stored.
const KEEP_STORED_POTENTIAL = `(EXCLUDED."hiring_potential" IS NULL OR (EXCLUDED."hiring_potential_estimated" AND NOT c."hiring_potential_estimated" AND c."hiring_potential" IS NOT NULL))`;

export const STAGED_COLUMNS: readonly StagedColumn[] = [
  { column: 'siret', type: 'char(14)', value: (v) => v.siret, onUpdate: 'replace' },
  { column: 'name', type: 'text', value: (v) => v.name, onUpdate: 'replace' },
  { column: 'trade_name', type: 'text', value: (v) => v.tradeName, onUpdate: 'keep' },
  { column: 'naf_code', type: 'text', value: (v) => v.nafCode, onUpdate: 'keep' },
  { column: 'naf_label', type: 'text', value: (v) => v.nafLabel, onUpdate: 'keep' },
  { column: 'naf_nomenclature', type: 'text', value: (v) => v.nafNomenclature, onUpdate: 'keep' },
  { column: 'size_band', type: 'text', value: (v) => v.sizeBand, onUpdate: 'keep' },
  { column: 'address_line', type: 'text', value: (v) => v.address?.line, onUpdate: 'keep' },
  { column: 'postal_code', type: 'text', value: (v) => v.address?.postalCode, onUpdate: 'keep' },
  { column: 'city', type: 'text', value: (v) => v.address?.city, onUpdate: 'keep' },
  { column: 'department', type: 'text', value: (v) => v.address?.department, onUpdate: 'keep' },
  { column: 'phone', type: 'text', value: (v) => v.phone, onUpdate: 'keep' },
  { column: 'email', type: 'text', value: (v) => v.email, onUpdate: 'keep' },
  { column: 'website', type: 'text', value: (v) => v.website, onUpdate: 'keep' },
  { column: 'tags', type: 'text[]', value: (v) => v.tags, onUpdate: 'merge' },
  {
    column: 'hiring_potential',
    type: 'smallint',
    value: (v) => v.hiringPotential,
    onUpdate: { sql: `CASE WHEN ${KEEP_STORED_POTENTIAL} THEN c."hiring_potential" ELSE EXCLUDED."hiring_potential" END` },
  },
  {
    column: 'hiring_potential_estimated',
    type: 'boolean',
    value: (v) => v.hiringPotentialEstimated ?? false,
    onUpdate: { sql: `CASE WHEN ${KEEP_STORED_POTENTIAL} THEN c."hiring_potential_estimated" ELSE EXCLUDED."hiring_potential_estimated" END` },
  },
];

/** One line of COPY's text format: the file line, then each staged column (tab-separated, `\N` for none). */
export function stagingLine(line: number, values: NormalisedCompany): string {
  let text = String(line);
  for (const spec of STAGED_COLUMNS) text += '\t' + copyValue(spec.value(values));
  return text + '\n';
}

function copyValue(value: string | number | boolean | string[] | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (Array.isArray(value)) return copyText(`{${value.map((item) => `"${item.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`);
  return copyText(value);
}

// COPY text format: backslash, tab, newline and carriage return are escaped.
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r') : value;
}
