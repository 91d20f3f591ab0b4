// The architecture's floor: the full path's hops (HTTP → gateway process → NATS request → service
// process → PostgreSQL → NATS reply → HTTP) with nothing else: no Nest, no JWT, no envelope, no
// validation, no logs, no metrics. Its throughput is what any code with these hops could reach on this
// machine; the distance from it to the full path is what Nest and filon's policies cost.
//   node bench/floor-hops.mjs service [workload]   (NATS_URL, DATABASE_URL)
//   node bench/floor-hops.mjs gateway [workload]   (NATS_URL, PORT, and BENCH_ORGANIZATION_ID for `companies`)
// Workloads: `companies` (the default: GET /api/v1/companies/{id}, bench/company-read.mjs; started by scripts/bench.mjs,
// see bench/RESULTS.md) and `campaigns` (POST /api/v1/campaigns/{id}/claims and /calls, bench/campaign-writes.mjs behind
// bench/campaign-routes.mjs; started by scripts/bench-campaigns.mjs, see bench/CAMPAIGNS-RESULTS.md).
import { connect } from '@nats-io/transport-node';
import Fastify from 'fastify';
import { TextEncoder } from 'node:util';
import { campaignRoutes } from './campaign-routes.mjs';
import { callAnswer, claimAnswer } from './campaign-writes.mjs';
import { createPool, notFound, readCompany } from './company-read.mjs';

const { NATS_URL, DATABASE_URL, PORT = '3901', HOST = '127.0.0.1', BENCH_ORGANIZATION_ID } = process.env;
const [role, workload = 'companies'] = process.argv.slice(2);

/** Each workload: the service's handlers by subject (payload → answer, as JSON both ways), and the gateway's routes, which `ask` the service. */
const WORKLOADS = {
  companies: {
    service: (pool) => ({ 'bench.floor.company.get': ({ organizationId, id }) => readCompany(pool, organizationId, id) }),
    gateway: (app, ask) => {
      if (!BENCH_ORGANIZATION_ID) throw new Error('floor-hops gateway companies: BENCH_ORGANIZATION_ID is required');
      app.get('/api/v1/companies/:id', async (request, reply) => {
        const company = await ask('bench.floor.company.get', { organizationId: BENCH_ORGANIZATION_ID, id: request.params.id });
        if (!company) return notFound(reply, request.url);
        void reply.header('ETag', `"${company.version}"`);
        return company;
      });
    },
  },
  campaigns: {
    service: (pool) => ({ 'bench.floor.campaign.claim': (input) => claimAnswer(pool, input), 'bench.floor.campaign.call': (input) => callAnswer(pool, input) }),
    gateway: (app, ask) => {
      // null: the service failed (its answer to an exception).
      const answer = async (subject, input) => (await ask(subject, input)) ?? { status: 500, body: { title: 'Failed', status: 500 } };
      campaignRoutes(app, { claim: (input) => answer('bench.floor.campaign.claim', input), call: (input) => answer('bench.floor.campaign.call', input) });
    },
  },
};

if (!NATS_URL || !['service', 'gateway'].includes(role) || !WORKLOADS[workload]) {
  console.error(`floor-hops: usage \`node bench/floor-hops.mjs service|gateway [${Object.keys(WORKLOADS).join('|')}]\` with NATS_URL set`);
  process.exit(1);
}

// The same connection options the services' NATS client uses where they matter for speed.
const nats = await connect({ servers: NATS_URL, noAsyncTraces: true, name: `bench-floor-${role}` });
const encoder = new TextEncoder();
let stop;

if (role === 'service') {
  if (!DATABASE_URL) throw new Error('floor-hops service: DATABASE_URL is required');
  const pool = createPool(DATABASE_URL, 'bench-floor');
  for (const [subject, handle] of Object.entries(WORKLOADS[workload].service(pool))) {
    nats.subscribe(subject, {
      queue: 'bench-floor',
      callback: (error, message) => {
        if (error) return;
        handle(message.json()).then(
          (answer) => message.respond(encoder.encode(JSON.stringify(answer ?? null))),
          () => message.respond(encoder.encode('null')),
        );
      },
    });
  }
  stop = async () => {
    await nats.drain();
    await pool.end();
  };
} else {
  const app = Fastify({ logger: false });
  const ask = async (subject, payload) => (await nats.request(subject, encoder.encode(JSON.stringify(payload)), { timeout: 5000 })).json();
  WORKLOADS[workload].gateway(app, ask);
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
