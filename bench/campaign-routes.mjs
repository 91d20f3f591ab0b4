// The campaign routes of the benchmark's baselines, as the gateway exposes them: POST /api/v1/campaigns/{id}/claims and
// /calls. The bare process (bench/campaign-bare-server.mjs) answers them itself; the floor's HTTP process
// (bench/floor-hops.mjs gateway campaigns) asks its service process over NATS. Either way the caller is read from the
// bearer token's payload without checking its signature (no JWT, no roles check at the edge, no validation, no logs).
import { createHash, randomUUID } from 'node:crypto';

/** The organisation, member and role a bearer token names (its payload, unverified: the baselines trust their caller). */
export function callerOf(request) {
  const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  const claims = token ? JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) : {};
  return { organizationId: claims.org, callerId: claims.sub, role: claims.role };
}

/** The Idempotency-Key's fingerprint: what the request was (method, path, caller, body). */
export const fingerprintOf = (path, callerId, rawBody) => createHash('sha256').update(`POST ${path}\n${callerId}\n${rawBody}`).digest('hex');

/** Sends `{ status, body }` (an answer of bench/campaign-writes.mjs): JSON, a problem for 4xx, nothing for 204. */
function send(reply, { status, body }) {
  if (status === 204) return reply.code(204).send();
  if (status >= 400) return reply.code(status).header('content-type', 'application/problem+json; charset=utf-8').send(JSON.stringify(body));
  return reply.code(status).send(body);
}

/**
 * Adds the two routes to the Fastify `app`: `claim(input)` and `call(input)` return `{ status, body }`, the inputs being
 * what claimNext and logCall of bench/campaign-writes.mjs take.
 */
export function campaignRoutes(app, { claim, call }) {
  // The raw body is kept for the Idempotency-Key's fingerprint.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, { raw: body, json: JSON.parse(body) });
    } catch (error) {
      done(error);
    }
  });
  app.post('/api/v1/campaigns/:id/claims', async (request, reply) => {
    const { organizationId, callerId } = callerOf(request);
    return send(reply, await claim({ organizationId, campaignId: request.params.id, callerId }));
  });
  app.post('/api/v1/campaigns/:id/calls', async (request, reply) => {
    const { organizationId, callerId, role } = callerOf(request);
    const key = request.headers['idempotency-key'];
    const input = {
      organizationId,
      campaignId: request.params.id,
      callerId,
      role,
      idempotencyKey: key,
      fingerprint: key ? fingerprintOf(request.url, callerId, request.body.raw) : undefined,
      requestId: request.headers['x-request-id'] ?? randomUUID(),
      body: request.body.json,
    };
    return send(reply, await call(input));
  });
}
