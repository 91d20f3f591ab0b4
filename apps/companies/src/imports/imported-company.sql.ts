/**
 * A written company as the JSON text of an `imported` event's ImportedCompany (libs/contracts),
 * built by PostgreSQL with plain concatenation (to_json escapes the texts): three times cheaper
 * than json_build_object, and without its spaces. `alias` needs the columns named below.
 */
export function importedCompanyJsonSql(alias: string): string {
  const column = (name: string) => `${alias}."${name}"`;
  // A nullable column as JSON: its value, or null.
  const nullable = (name: string) => `coalesce(to_json(${column(name)})::text, 'null')`;
  return `concat('{"id":"', ${column('id')}, '","siret":"', ${column('siret')}, '","name":', to_json(${column('name')}),
    ',"nafCode":', ${nullable('naf_code')}, ',"nafLabel":', ${nullable('naf_label')}, ',"sizeBand":', ${nullable('size_band')},
    ',"address":{"line":', ${nullable('address_line')}, ',"postalCode":', ${nullable('postal_code')}, ',"city":', ${nullable('city')},
    '},"phone":', ${nullable('phone')}, ',"hiringPotential":', ${nullable('hiring_potential')},
    ',"doNotCall":', to_json(${column('do_not_call')}), ',"version":', ${column('version')}, '}')`;
}

/** The company columns importedCompanyJsonSql reads. */
export const IMPORTED_COMPANY_COLUMNS = [
  'id', 'siret', 'name', 'naf_code', 'naf_label', 'size_band', 'address_line', 'postal_code', 'city', 'phone', 'hiring_potential', 'do_not_call', 'version',
] as const;
