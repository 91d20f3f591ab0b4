// The architecture's floor: the full path's hops (HTTP → gateway process → NATS request → service
// process → PostgreSQL → NATS reply → HTTP) with nothing else: no Nest, no JWT, no envelope, no
// validation, no logs, no metrics. Its throughput is what any code with these hops could reach on this
// machine; the distance from it to the full path is what Nest and filon's policies cost.
//   node bench/floor-hops.mjs service   (NATS_URL, DATABASE_URL)
//   node bench/floor-hops.mjs gateway   (NATS_URL, PORT, BENCH_ORGANIZATION_ID)
// Started by scripts/bench.mjs; see bench/RESULTS.md.
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { TextEncoder } from 'node:util';
import { createPool, notFound, readCompany } from './company-read.mjs';

const SUBJECT = 'bench.floor.company.get';
const { NATS_URL, DATABASE_URL, PORT = '3901', HOST = '127.0.0.1', BENCH_ORGANIZATION_ID } = process.env;
const role = process.argv[2];
if (!NATS_URL || !['service', 'gateway'].includes(role)) {
  console.error('floor-hops: usage `node bench/floor-hops.mjs service|gateway` with NATS_URL set');
  process.exit(1);
}

// The same connection options the services' NATS client uses where they matter for speed.
const nats = await connect({ servers: NATS_URL, noAsyncTraces: true, name: `bench-floor-${role}` });
const encoder = new TextEncoder();
let stop;

if (role === 'service') {
  if (!DATABASE_URL) throw new Error('floor-hops service: DATABASE_URL is required');
  const pool = createPool(DATABASE_URL, 'bench-floor');
  nats.subscribe(SUBJECT, {
    queue: 'bench-floor',
    callback: (error, message) => {
      if (error) return;
      const { organizationId, id } = message.json();
      readCompany(pool, organizationId, id).then(
        (company) => message.respond(encoder.encode(JSON.stringify(company))),
        () => message.respond(encoder.encode('null')),
      );
    },
  });
  stop = async () => {
    await nats.drain();
    await pool.end();
  };
} else {
  if (!BENCH_ORGANIZATION_ID) throw new Error('floor-hops gateway: BENCH_ORGANIZATION_ID is required');
  const app = Fastify({ logger: false });
  app.get('/api/v1/companies/:id', async (request, reply) => {
    const answer = await nats.request(SUBJECT, encoder.encode(JSON.stringify({ organizationId: BENCH_ORGANIZATION_ID, id: request.params.id })), { timeout: 5000 });
    const company = answer.json();
    if (!company) return notFound(reply, request.url);
    void reply.header('ETag', `"${company.version}"`);
    return company;
  });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ port: Number(PORT), host: HOST });
  stop = async () => {
    await app.close();
    await nats.drain();
  };
}

const exit = () => void stop().finally(() => process.exit(0));
process.on('SIGTERM', exit);
process.on('SIGINT', exit);
