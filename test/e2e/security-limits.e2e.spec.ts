import { CommonProblem } from '@app/contracts';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayOpsServer } from '../../apps/gateway/src/ops/ops-server.js';
import { adminToken, bearer, createOrganization, login, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const READS_PER_MINUTE = 5;
const APP_ORIGIN = 'https://app.example.org';
const RATE_LIMIT = /^"reads";r=(\d+);t=(\d+)$/;

/** Rate budgets, security headers, CORS and the metrics port, on a gateway with a small read budget. */
describe('security headers and rate limits', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ services: [], gateway: false });
    await system.startGateway({ RATE_LIMIT_READS: String(READS_PER_MINUTE), CORS_ORIGINS: `${APP_ORIGIN}, http://localhost:5173`, OPS_PORT: '0' });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('rate budgets', () => {
    it('should spend one request of the token budget and say so in RateLimit and RateLimit-Policy when a route is read', async () => {
      const first = await system.http.get('/api/v1/me').set(bearer(org.manager.token));
      expect(first.status).toBe(200);
      expect(first.headers['ratelimit-policy']).toBe(`"reads";q=${READS_PER_MINUTE};w=60`);
      const [, remaining, reset] = RATE_LIMIT.exec(first.headers.ratelimit ?? '') ?? [];
      expect(Number(remaining)).toBe(READS_PER_MINUTE - 1);
      expect(Number(reset)).toBeGreaterThanOrEqual(1);
      expect(Number(reset)).toBeLessThanOrEqual(60);

      const second = await system.http.get('/api/v1/me').set(bearer(org.manager.token));
      expect(RATE_LIMIT.exec(second.headers.ratelimit ?? '')?.[1]).toBe(String(READS_PER_MINUTE - 2));
    });

    it('should answer 429 with Retry-After when the token has spent its budget, also to a new token of the same member, and leave another member untouched', async () => {
      const token = org.volunteer.token;
      for (let request = 0; request < READS_PER_MINUTE; request++) {
        expect((await system.http.get('/api/v1/me').set(bearer(token))).status).toBe(200);
      }
      const refused = await system.http.get('/api/v1/me').set(bearer(token));
      expect(refused.status).toBe(429);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body).toMatchObject({ type: CommonProblem.TooManyRequests, status: 429, instance: '/api/v1/me' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(refused.headers.ratelimit).toMatch(/^"reads";r=0;t=\d+$/);

      // Logging in again (or refreshing) gives a new token, not a new budget: it is the holder's.
      const again = await login(system, org.volunteer.email, PASSWORD, org.id);
      expect((await system.http.get('/api/v1/me').set(bearer(again))).status).toBe(429);

      const other = await system.http.get('/api/v1/me').set(bearer(org.viewer.token));
      expect(other.status).toBe(200);
      expect(RATE_LIMIT.exec(other.headers.ratelimit ?? '')?.[1]).toBe(String(READS_PER_MINUTE - 1));

      // Writes have their own budget: the spent reads do not block them.
      const write = await system.http.post(`/api/v1/organizations/${org.id}/members`).set(bearer(token)).send({});
      expect(write.status).not.toBe(429);
      expect(write.headers['ratelimit-policy']).toMatch(/^"writes";q=\d+;w=60$/);
    });

    it('should count calls without a valid token against their address and still send the headers when they are refused', async () => {
      const anonymous = await system.http.get('/api/v1/companies');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers['ratelimit-policy']).toBe(`"reads";q=${READS_PER_MINUTE};w=60`);
      const left = Number(RATE_LIMIT.exec(anonymous.headers.ratelimit ?? '')?.[1]);
      expect(left).toBeLessThan(READS_PER_MINUTE);

      // A made-up token buys no fresh budget: it spends the same address budget.
      const forged = await system.http.get('/api/v1/companies').set(bearer('made.up.token'));
      expect(forged.status).toBe(401);
      expect(RATE_LIMIT.exec(forged.headers.ratelimit ?? '')?.[1]).toBe(String(left - 1));
    });

    it('should give /auth a budget per address when someone logs in', async () => {
      const response = await system.http.post('/api/v1/auth/login').send({ email: org.viewer.email, password: 'not-the-password' });
      expect(response.status).toBe(401);
      expect(response.headers['ratelimit-policy']).toMatch(/^"auth";q=\d+;w=60$/);
    });
  });

  describe('security headers', () => {
    it('should send nosniff, frame denial, a strict CSP and no-store when an API route answers, found, unknown or refused', async () => {
      const malformedBody = await system.http.post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":');
      expect(malformedBody.status).toBe(400);
      for (const response of [await system.http.get('/api/v1/organizations').set(bearer(await adminToken(system))), await system.http.get('/api/v1/nowhere'), malformedBody]) {
        expect(response.headers['x-content-type-options']).toBe('nosniff');
        expect(response.headers['x-frame-options']).toBe('DENY');
        const csp = response.headers['content-security-policy'] ?? '';
        expect(csp).toContain("default-src 'self'");
        expect(csp).toContain("script-src 'self'");
        expect(csp).toContain("frame-ancestors 'none'");
        expect(csp).not.toContain('unsafe');
        expect(response.headers['cache-control']).toBe('no-store');
        // Off by default: HSTS is only for deployments behind TLS (HSTS=true).
        expect(response.headers['strict-transport-security']).toBeUndefined();
      }
    });

    it('should let Swagger UI use its inline styles, and only it, when /api/docs is opened', async () => {
      const response = await system.http.get('/api/docs');
      expect(response.status).toBe(200);
      expect(response.headers['ratelimit-policy']).toBe(`"reads";q=${READS_PER_MINUTE};w=60`);
      expect(response.headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
      expect(response.headers['content-security-policy']).toContain("script-src 'self';");
      expect(response.headers['cache-control']).not.toBe('no-store');
    });
  });

  describe('CORS', () => {
    it('should allow a configured origin when a browser sends a preflight', async () => {
      const response = await system.http
        .options('/api/v1/companies')
        .set('Origin', APP_ORIGIN)
        .set('Access-Control-Request-Method', 'PATCH')
        .set('Access-Control-Request-Headers', 'authorization, content-type, if-match');
      expect(response.status).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(response.headers['access-control-allow-methods']).toContain('PATCH');
      expect(response.headers['access-control-allow-headers']).toContain('If-Match');
      expect(response.headers['access-control-allow-credentials']).toBeUndefined();
    });

    it('should let the configured origin read the RateLimit headers when it calls the API', async () => {
      const response = await system.http.get('/api/v1/me').set('Origin', APP_ORIGIN).set(bearer(org.manager.token));
      expect(response.headers['access-control-allow-origin']).toBe(APP_ORIGIN);
      expect(response.headers['access-control-expose-headers']).toContain('RateLimit');
    });

    it('should not allow an origin that is not configured', async () => {
      const response = await system.http.options('/api/v1/companies').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'GET');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('metrics', () => {
    it('should not serve /metrics on the API port, not even to a token', async () => {
      const token = await adminToken(system);
      for (const path of ['/metrics', '/api/v1/metrics']) {
        const response = await system.http.get(path).set(bearer(token));
        expect(response.status, path).toBe(404);
        expect(response.text).not.toContain('filon_http_request_duration_seconds');
      }
    });

    it('should serve /metrics in Prometheus format on OPS_PORT', async () => {
      const port = system.gateway!.get(GatewayOpsServer).port;
      expect(port).toBeGreaterThan(0);
      const response = await supertest(`http://127.0.0.1:${port}`).get('/metrics');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(response.text).toContain('filon_http_request_duration_seconds_bucket{');
      expect((await supertest(`http://127.0.0.1:${port}`).get('/api/v1/me')).status).toBe(404);
    });
  });

  // Last: it restarts the gateway with the defaults plus HSTS.
  describe('defaults', () => {
    it('should keep CORS closed and send HSTS when no origin is configured and HSTS=true', async () => {
      await system.stopGateway();
      await system.startGateway({ HSTS: 'true' });
      const preflight = await system.http.options('/api/v1/companies').set('Origin', APP_ORIGIN).set('Access-Control-Request-Method', 'GET');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      const response = await system.http.get('/api/v1/health/live');
      expect(response.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      expect(response.headers['access-control-allow-origin']).toBeUndefined();
      expect(response.headers['ratelimit-policy']).toBe('"reads";q=1200;w=60');
    });
  });
});
