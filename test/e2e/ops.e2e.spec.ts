import { CommonProblem } from '@app/contracts';
import { expectEventually, newSiret } from '@app/testing';
import supertest from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GatewayOpsServer } from '../../apps/gateway/src/ops/ops-server.js';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';

const PROBLEM_REF = '#/components/schemas/ProblemDoc';
const HEALTH_CHECKS = ['database', 'nats', 'companies', 'contacts', 'campaigns', 'conventions'];

/** Every route the gateway serves under /api/v1 (/metrics is on OPS_PORT, not in the document). */
const ROUTES = [
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/refresh',
  'POST /api/v1/auth/logout',
  'GET /api/v1/me',
  'POST /api/v1/me/password',
  'GET /api/v1/me/invitations',
  'POST /api/v1/me/invitations/{orgId}/accept',
  'POST /api/v1/me/invitations/{orgId}/decline',
  'POST /api/v1/organizations',
  'GET /api/v1/organizations',
  'POST /api/v1/organizations/{orgId}/members',
  'GET /api/v1/organizations/{orgId}/members',
  'PATCH /api/v1/organizations/{orgId}/members/{userId}',
  'DELETE /api/v1/organizations/{orgId}/members/{userId}',
  'POST /api/v1/companies',
  'GET /api/v1/companies',
  'GET /api/v1/companies/{id}',
  'PATCH /api/v1/companies/{id}',
  'DELETE /api/v1/companies/{id}',
  'POST /api/v1/companies/imports',
  'GET /api/v1/companies/imports/{id}',
  'POST /api/v1/companies/{companyId}/contacts',
  'GET /api/v1/companies/{companyId}/contacts',
  'GET /api/v1/contacts/{id}',
  'PATCH /api/v1/contacts/{id}',
  'DELETE /api/v1/contacts/{id}',
  'GET /api/v1/contacts/{id}/export',
  'GET /api/v1/audit',
  'POST /api/v1/campaigns',
  'GET /api/v1/campaigns',
  'GET /api/v1/campaigns/{id}',
  'PATCH /api/v1/campaigns/{id}',
  'POST /api/v1/campaigns/{id}/targets',
  'GET /api/v1/campaigns/{id}/targets',
  'POST /api/v1/campaigns/{id}/claims',
  'DELETE /api/v1/campaigns/{id}/claims/{claimId}',
  'GET /api/v1/me/callbacks',
  'POST /api/v1/campaigns/{id}/calls',
  'GET /api/v1/campaigns/{id}/calls',
  'GET /api/v1/campaigns/{id}/calls/{callId}',
  'PATCH /api/v1/campaigns/{id}/calls/{callId}',
  'GET /api/v1/offers',
  'GET /api/v1/offers/{id}',
  'PATCH /api/v1/offers/{id}',
  'GET /api/v1/campaigns/{id}/dashboard',
  'GET /api/v1/dashboard',
  'GET /api/v1/campaigns/{id}/export.csv',
  'GET /api/v1/companies/{id}/timeline',
  'POST /api/v1/conventions',
  'GET /api/v1/conventions',
  'GET /api/v1/conventions/{id}',
  'PATCH /api/v1/conventions/{id}',
  'POST /api/v1/conventions/{id}/actions',
  'PATCH /api/v1/conventions/{id}/actions/{actionId}',
  'POST /api/v1/conventions/{id}/indicators',
  'PATCH /api/v1/conventions/{id}/indicators/{indicatorId}',
  'GET /api/v1/conventions/{id}/progress',
  'GET /api/v1/conventions/{id}/report',
  'GET /api/v1/health/live',
  'GET /api/v1/health/ready',
];
// Routes that take a CSV file instead of JSON.
const FILE_ROUTES = ['POST /api/v1/companies/imports'];
// Actions named by their path alone, without a body.
const BODYLESS_ROUTES = ['POST /api/v1/me/invitations/{orgId}/accept', 'POST /api/v1/me/invitations/{orgId}/decline', 'POST /api/v1/campaigns/{id}/claims'];
const PUBLIC_ROUTES = ['POST /api/v1/auth/login', 'POST /api/v1/auth/refresh', 'GET /api/v1/health/live', 'GET /api/v1/health/ready'];

interface MediaType {
  schema?: { $ref?: string; type?: string };
}
interface Operation {
  responses: Record<string, { content?: Record<string, MediaType> }>;
  requestBody?: { content?: Record<string, MediaType> };
  security?: Record<string, string[]>[];
  parameters?: { name: string; in: string; required?: boolean }[];
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
}

/** `METHOD /path` of every operation in the document. */
const operationsOf = (document: OpenApiDocument): [string, Operation][] =>
  Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]): [string, Operation] => [`${method.toUpperCase()} ${path}`, operation]),
  );

/** `name{labels} value` lines of one Prometheus metric. */
const samples = (text: string, metric: string): string[] => text.split('\n').filter((line) => line.startsWith(`${metric}{`));
/** The sum of the values of sample lines. */
const total = (lines: string[]): number => lines.reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);

describe('operations endpoints', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ gateway: false });
    await system.startGateway({ OPS_PORT: '0' });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('liveness and readiness', () => {
    it.each(['/health/live', '/api/v1/health/live'])('should answer 200 ok when %s is asked', async (path) => {
      const response = await system.http.get(path);
      expect(response.status).toBe(200);
      expect(response.body.status).toBe('ok');
    });

    it.each(['/health/ready', '/api/v1/health/ready'])('should report PostgreSQL, NATS and every service up when %s is asked', async (path) => {
      const response = await system.http.get(path);
      expect(response.status, response.text).toBe(200);
      expect(response.body.status).toBe('ok');
      for (const check of HEALTH_CHECKS) expect(response.body.details[check], check).toMatchObject({ status: 'up' });
    });
  });

  describe('metrics', () => {
    it('should expose route and subject latencies in Prometheus format when OPS_PORT /metrics is scraped', async () => {
      const scrape = () => supertest(`http://127.0.0.1:${system.gateway!.get(GatewayOpsServer).port}`).get('/metrics');
      // Counts are per process, and a test worker runs several files one after the other: compare with before.
      const getCompany = (line: string) => line.includes('route="/api/v1/companies/:id"') && line.includes('method="GET"') && line.includes('status="200"');
      const companyGet = (line: string) => line.includes('subject="companies.v1.company.get"');
      const before = await scrape();
      const created = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ name: 'Boulangerie Métrique', siret: newSiret() });
      expect(created.status).toBe(201);
      const read = await system.http.get(`/api/v1/companies/${created.body.id}`).set(bearer(org.viewer.token));
      expect(read.status).toBe(200);

      const response = await scrape();
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const buckets = samples(response.text, 'filon_http_request_duration_seconds_bucket');
      expect(buckets.some(getCompany)).toBe(true);
      // The id is never a label: one series per route template, not per company.
      expect(response.text).not.toContain(created.body.id);
      const httpCount = (text: string) => total(samples(text, 'filon_http_request_duration_seconds_count').filter(getCompany));
      expect(httpCount(response.text) - httpCount(before.text)).toBe(1);
      const natsBuckets = samples(response.text, 'filon_nats_request_duration_seconds_bucket');
      expect(natsBuckets.some(companyGet)).toBe(true);
      const natsCount = (text: string) => total(samples(text, 'filon_nats_request_duration_seconds_count').filter(companyGet));
      expect(natsCount(response.text) - natsCount(before.text)).toBeGreaterThanOrEqual(1);
    });
  });

  describe('OpenAPI document', () => {
    let document: OpenApiDocument;

    beforeAll(async () => {
      const response = await system.http.get('/api/docs-json');
      expect(response.status).toBe(200);
      document = response.body as OpenApiDocument;
    });

    it('should be OpenAPI 3.1 when /api/docs-json is read', () => {
      expect(document.openapi).toBe('3.1.0');
    });

    it('should describe exactly the routes the gateway serves when compared with its router', () => {
      const fastify = system.gateway!.getHttpAdapter().getInstance();
      for (const route of ROUTES) {
        const [method, path] = route.split(' ') as [string, string];
        expect(fastify.hasRoute({ method: method as 'GET', url: path.replace(/\{(\w+)\}/g, ':$1') }), route).toBe(true);
      }
      expect(operationsOf(document).map(([route]) => route).sort()).toEqual([...ROUTES].sort());
    });

    it('should give every route a success answer with a schema when it returns a body', () => {
      for (const [route, operation] of operationsOf(document)) {
        const successes = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
        expect(successes.length, route).toBeGreaterThan(0);
        for (const [status, response] of successes) {
          if (status === '204') continue;
          // JSON, or a file (the CSV export): every media type the route answers with has a schema.
          const media = Object.entries(response.content ?? {});
          expect(media.length, `${route} ${status}`).toBeGreaterThan(0);
          for (const [type, { schema }] of media) expect(schema?.$ref ?? schema?.type, `${route} ${status} ${type}`).toBeDefined();
        }
      }
    });

    it('should document every error answer as a ProblemDoc in application/problem+json', () => {
      for (const [route, operation] of operationsOf(document)) {
        const errors = Object.entries(operation.responses).filter(([status]) => /^[45]\d\d$/.test(status));
        for (const [status, response] of errors) {
          expect(Object.keys(response.content ?? {}), `${route} ${status}`).toEqual(['application/problem+json']);
          expect(response.content!['application/problem+json']!.schema?.$ref, `${route} ${status}`).toBe(PROBLEM_REF);
        }
      }
    });

    it('should document a bearer token and a 401 when a route needs a token', () => {
      for (const [route, operation] of operationsOf(document)) {
        if (PUBLIC_ROUTES.includes(route)) continue;
        expect(operation.security, route).toEqual(expect.arrayContaining([expect.objectContaining({ bearer: [] })]));
        expect(Object.keys(operation.responses), route).toContain('401');
      }
    });

    it('should describe the JSON body when a route takes one', () => {
      for (const [route, operation] of operationsOf(document)) {
        if (!/^(POST|PATCH) /.test(route) || FILE_ROUTES.includes(route) || BODYLESS_ROUTES.includes(route)) continue;
        expect(operation.requestBody?.content?.['application/json']?.schema?.$ref, route).toMatch(/^#\/components\/schemas\//);
      }
    });

    it('should document a required If-Match header and a 428 when a route changes a versioned resource (PATCH)', () => {
      const patches = operationsOf(document).filter(([route]) => route.startsWith('PATCH '));
      expect(patches.length).toBeGreaterThan(0);
      for (const [route, operation] of patches) {
        expect(operation.parameters, route).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'If-Match', in: 'header', required: true })]));
        expect(Object.keys(operation.responses), route).toEqual(expect.arrayContaining(['412', '428']));
      }
    });

    it('should describe the file body as text/csv or multipart when a route takes a file', () => {
      for (const route of FILE_ROUTES) {
        const operation = operationsOf(document).find(([name]) => name === route)![1];
        expect(Object.keys(operation.requestBody?.content ?? {}).sort(), route).toEqual(['multipart/form-data', 'text/csv']);
      }
    });

    it('should name the schemas after what they hold when contract classes share a name', () => {
      const schemas = document.components.schemas;
      expect(Object.keys(schemas)).toEqual(expect.arrayContaining(['Company', 'ProblemDoc', 'LoginBody', 'FieldErrorDoc']));
      // Every contract has a `Request` and a `Response` class: left unnamed, two would overwrite each other.
      expect(Object.keys(schemas)).not.toContain('Request');
      expect(Object.keys(schemas)).not.toContain('Response');
      expect(Object.keys(schemas.ProblemDoc!.properties ?? {})).toEqual(
        expect.arrayContaining(['type', 'title', 'status', 'detail', 'instance', 'requestId', 'errors']),
      );
      const list = document.paths['/api/v1/companies']!.get!.responses['200']!.content!['application/json']!.schema!.$ref!;
      expect(schemas[list.split('/').at(-1)!]!.properties).toMatchObject({ items: { type: 'array', items: { $ref: '#/components/schemas/Company' } } });
    });

    it('should serve Swagger UI when /api/docs is opened', async () => {
      const response = await system.http.get('/api/docs');
      expect(response.status).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/html/);
      expect(response.text).toContain('Swagger UI');
      // Its scripts come from @fastify/static, which SwaggerModule loads on Fastify: the dependency is needed.
      const script = await system.http.get('/api/docs/swagger-ui-bundle.js');
      expect(script.status).toBe(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    });
  });

  // Last: it stops a service (and starts it again).
  describe('readiness when a service is down', () => {
    it('should answer a 503 problem naming the stopped service when one service does not answer', async () => {
      await system.stopService('conventions');
      try {
        const response = await system.http.get('/health/ready');
        expect(response.status, response.text).toBe(503);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.body).toMatchObject({ type: CommonProblem.ServiceUnavailable, status: 503, instance: '/api/v1/health/ready' });
        expect(response.body.checks).toEqual({ database: 'up', nats: 'up', companies: 'up', contacts: 'up', campaigns: 'up', conventions: 'down' });
      } finally {
        await system.startService('conventions');
      }
      await expectEventually(async () => expect((await system.http.get('/health/ready')).status).toBe(200));
    });
  });
});
