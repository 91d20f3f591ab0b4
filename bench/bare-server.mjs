// The benchmark's baseline: `GET /api/v1/companies/{id}` served by one bare process, Fastify and pg
// only (no Nest, no NATS). It does the read the full path does (check the id, the SELECT scoped by
// organisation and id, the same JSON and ETag) and skips the architecture: no JWT verification (the
// organisation comes from BENCH_ORGANIZATION_ID), no envelope or payload validation, no NATS hop,
// no logs, no metrics, no request ids. Started by scripts/bench.mjs; see bench/RESULTS.md.
import Fastify from 'fastify';
import pg from 'pg';

const { DATABASE_URL, PORT = '3900', HOST = '127.0.0.1', BENCH_ORGANIZATION_ID } = process.env;
if (!DATABASE_URL || !BENCH_ORGANIZATION_ID) {
  console.error('bare-server: DATABASE_URL and BENCH_ORGANIZATION_ID are required');
  process.exit(1);
}

// The same pool size as a service's DataSource (libs/platform database-options: max 10).
const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 10, application_name: 'bench-bare' });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SELECT = `SELECT id, organization_id, name, trade_name, siret, siren, naf_code, naf_label, naf_nomenclature, size_band,
  address_line, postal_code, city, department, phone, email, website, tags, hiring_potential, hiring_potential_estimated,
  do_not_call, created_at, updated_at, version
  FROM companies.company WHERE organization_id = $1 AND id = $2 LIMIT 1`;

// The Company shape of the API, field for field and in the same order as toCompany in
// apps/companies/src/companies/company.mapper.ts (scripts/bench.mjs checks both answers are equal).
const toCompany = (row) => ({
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

const notFound = (reply, url) =>
  reply
    .code(404)
    .header('content-type', 'application/problem+json; charset=utf-8')
    .send(JSON.stringify({ type: '/problems/companies/not-found', title: 'Not found', status: 404, detail: 'This company does not exist.', instance: url }));

const app = Fastify({ logger: false });
app.get('/api/v1/companies/:id', async (request, reply) => {
  const { id } = request.params;
  if (!UUID.test(id)) return notFound(reply, request.url);
  const { rows } = await pool.query(SELECT, [BENCH_ORGANIZATION_ID, id]);
  if (rows.length === 0) return notFound(reply, request.url);
  const company = toCompany(rows[0]);
  void reply.header('ETag', `"${company.version}"`);
  return company;
});
app.get('/health', async () => ({ status: 'ok' }));

const stop = async () => {
  await app.close();
  await pool.end();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

await app.listen({ port: Number(PORT), host: HOST });
