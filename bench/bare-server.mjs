// The benchmark's baseline: `GET /api/v1/companies/{id}` served by one bare process, Fastify and pg
// only (no Nest, no NATS). It does the read the full path does (check the id, the SELECT scoped by
// organisation and id, the same JSON and ETag) and skips the architecture: no JWT verification (the
// organisation comes from BENCH_ORGANIZATION_ID), no envelope or payload validation, no NATS hop,
// no logs, no metrics, no request ids. Started by scripts/bench.mjs; see bench/RESULTS.md.
import Fastify from 'fastify';
import { createPool, notFound, readCompany } from './company-read.mjs';
import { serve } from './serve.mjs';

const { DATABASE_URL, BENCH_ORGANIZATION_ID } = process.env;
if (!DATABASE_URL || !BENCH_ORGANIZATION_ID) {
  console.error('bare-server: DATABASE_URL and BENCH_ORGANIZATION_ID are required');
  process.exit(1);
}

const pool = createPool(DATABASE_URL, 'bench-bare');

const app = Fastify({ logger: false });
app.get('/api/v1/companies/:id', async (request, reply) => {
  const company = await readCompany(pool, BENCH_ORGANIZATION_ID, request.params.id);
  if (!company) return notFound(reply, request.url);
  void reply.header('ETag', `"${company.version}"`);
  return company;
});
await serve(app, pool, 3900);
