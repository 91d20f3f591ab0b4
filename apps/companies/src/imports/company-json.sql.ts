/**
 * A company row as the JSON of the API's Company (companies/company.mapper.ts, toCompany), built by
 * PostgreSQL: an import's events carry hundreds of thousands of companies, and building them there
 * spares this process a round trip and a mapping per row. Keep it in step with toCompany: the
 * company-import e2e test compares an imported event's company with GET /companies/{id}.
 */
export function companyJsonSql(alias: string): string {
  const column = (name: string) => `${alias}."${name}"`;
  // Date#toISOString's format: milliseconds and Z.
  const iso = (name: string) => `to_char(${column(name)} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  return `json_build_object(
    'id', ${column('id')}, 'organizationId', ${column('organization_id')}, 'name', ${column('name')}, 'tradeName', ${column('trade_name')},
    'siret', ${column('siret')}, 'siren', ${column('siren')},
    'nafCode', ${column('naf_code')}, 'nafLabel', ${column('naf_label')}, 'nafNomenclature', ${column('naf_nomenclature')}, 'sizeBand', ${column('size_band')},
    'address', json_build_object('line', ${column('address_line')}, 'postalCode', ${column('postal_code')}, 'city', ${column('city')}, 'department', ${column('department')}),
    'phone', ${column('phone')}, 'email', ${column('email')}, 'website', ${column('website')}, 'tags', ${column('tags')},
    'hiringPotential', ${column('hiring_potential')}, 'hiringPotentialEstimated', ${column('hiring_potential_estimated')}, 'doNotCall', ${column('do_not_call')},
    'createdAt', ${iso('created_at')}, 'updatedAt', ${iso('updated_at')}, 'version', ${column('version')})`;
}
