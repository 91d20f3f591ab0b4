// The campaign benchmark's bare process: the claim and the call of bench/campaign-writes.mjs behind the
// same routes as the gateway (bench/campaign-routes.mjs), in one Fastify + pg process (pool of 10, like a
// service's DataSource): no JWT, no NATS hop, no validation, no logs, no metrics. Started by scripts/bench-campaigns.mjs.
//   DATABASE_URL, PORT (3902), HOST (127.0.0.1)
import Fastify from 'fastify';
import { createPool } from './company-read.mjs';
import { campaignRoutes } from './campaign-routes.mjs';
import { callAnswer, claimAnswer } from './campaign-writes.mjs';
import { serve } from './serve.mjs';

const { DATABASE_URL } = process.env;
if (!DATABASE_URL) {
  console.error('campaign-bare-server: DATABASE_URL is required');
  process.exit(1);
}

const pool = createPool(DATABASE_URL, 'bench-campaigns-bare');
const app = Fastify({ logger: false });
campaignRoutes(app, { claim: (input) => claimAnswer(pool, input), call: (input) => callAnswer(pool, input) });
await serve(app, pool, 3902);
