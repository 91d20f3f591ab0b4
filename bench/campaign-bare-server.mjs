// The campaign benchmark's bare process: the claim and the call of bench/campaign-writes.mjs behind the
// same routes as the gateway, in one Fastify + pg process (pool of 10, like a service's DataSource).
// The caller is read from the bearer token's payload without checking its signature: no JWT, no roles,
// no NATS hop, no validation, no logs, no metrics. Started by scripts/bench-campaigns.mjs.
//   DATABASE_URL, PORT (3902), HOST (127.0.0.1)
import Fastify from 'fastify';
import { randomUUID } from 'node:crypto';
import { createPool } from './company-read.mjs';
import { CallRefused, claimNext, fingerprintOf, logCall } from './campaign-writes.mjs';
import { serve } from './serve.mjs';

const { DATABASE_URL } = process.env;
if (!DATABASE_URL) {
  console.error('campaign-bare-server: DATABASE_URL is required');
  process.exit(1);
}

const pool = createPool(DATABASE_URL, 'bench-campaigns-bare');

/** The organisation and member a bearer token names (its payload, unverified: the bare process trusts its caller). */
function callerOf(request) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const claims = token ? JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) : {};
  return { organizationId: claims.org, callerId: claims.sub };
}

const problem = (reply, status, detail) =>
  reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify({ title: 'Refused', status, detail }));

const app = Fastify({ logger: false });
// The raw body is kept for the Idempotency-Key's fingerprint, as the gateway computes it.
app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
  try {
    done(null, { raw: body, json: JSON.parse(body) });
  } catch (error) {
    done(error);
  }
});

app.post('/api/v1/campaigns/:id/claims', async (request, reply) => {
  const { organizationId, callerId } = callerOf(request);
  const claimed = await claimNext(pool, { organizationId, campaignId: request.params.id, callerId });
  if (!claimed) return reply.code(204).send();
  return reply.code(201).send(claimed);
});

app.post('/api/v1/campaigns/:id/calls', async (request, reply) => {
  const { organizationId, callerId } = callerOf(request);
  const key = request.headers['idempotency-key'];
  try {
    const call = await logCall(pool, {
      organizationId,
      campaignId: request.params.id,
      callerId,
      idempotencyKey: key,
      fingerprint: key ? fingerprintOf(request.url, callerId, request.body.raw) : undefined,
      requestId: request.headers['x-request-id'] ?? randomUUID(),
      body: request.body.json,
    });
    return reply.code(201).send(call);
  } catch (error) {
    if (error instanceof CallRefused) return problem(reply, error.status, error.message);
    throw error;
  }
});

await serve(app, pool, 3902);
