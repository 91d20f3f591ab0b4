// The company read that the benchmark's baselines serve (bench/bare-server.mjs and the floor pair
// bench/floor-gateway.mjs + bench/floor-service.mjs): the SELECT the companies service runs, scoped by
// organisation and id, and the Company JSON of the API, so every path answers byte for byte alike.
import pg from 'pg';

/** The same pool size as a service's DataSource (libs/platform database-options: max 10). */
export const createPool = (connectionString, name) => new pg.Pool({ connectionString, max: 10, application_name: name });

/** The company of `organizationId` with this id, as the API's JSON object, or null. */
export async function readCompany(pool, organizationId, id) {
  if (!UUID.test(id)) return null;
  const { rows } = await pool.query(SELECT, [organizationId, id]);
  return rows.length === 0 ? null : toCompany(rows[0]);
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const SELECT = `SELECT id, organization_id, name, trade_name, siret, siren, naf_code, naf_label, naf_nomenclature, size_band,
  address_line, postal_code, city, department, phone, email, website, tags, hiring_potential, hiring_potential_estimated,
  do_not_call, created_at, updated_at, version
  FROM companies.company WHERE organization_id = $1 AND id = $2 LIMIT 1`;

// The Company shape of the API, field for field and in the same order as toCompany in
// apps/companies/src/companies/company.mapper.ts (scripts/bench.mjs checks both answers are equal).
export const toCompany = (row) => ({
  id: row.id,
  organizationId: row.organization_id,
  name: row.name,
  tradeName: row.trade_name ?? null,
  siret: row.siret,
  siren: row.siren,
  nafCode: row.naf_code,
  nafLabel: row.naf_label ?? null,
  nafNomenclature: row.naf_nomenclature ?? null,
  sizeBand: row.size_band,
  address: { line: row.address_line, postalCode: row.postal_code, city: row.city, department: row.department ?? null },
  phone: row.phone,
  email: row.email,
  website: row.website,
  tags: row.tags,
  hiringPotential: row.hiring_potential,
  hiringPotentialEstimated: row.hiring_potential_estimated ?? false,
  doNotCall: row.do_not_call,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  version: row.version,
});

export const notFound = (reply, url) =>
  reply
    .code(404)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify({ type: '/problems/companies/not-found', title: 'Not found', status: 404, detail: 'This company does not exist.', instance: url }));

