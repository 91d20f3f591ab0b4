import { CampaignsProblem, CommonProblem, ConventionsProblem, SIZE_BANDS } from '@app/contracts';
import { expectEventually, newSiret } from '@app/testing';
import { connect } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createOrganization, type TestOrganization } from '../support/fixtures.js';
import { TestSystem } from '../support/system.js';
import { fullConventionBody } from '../support/valid-bodies.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const BODY_LIMIT = 10 * 1024 * 1024;

/** Every error is an RFC 9457 problem naming the path and the request id it answered. */
function expectProblem(response: Response, status: number, type?: string, path?: string): Record<string, unknown> {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.text) as Record<string, unknown>;
  expect(body).toMatchObject({ status, type: expect.any(String), title: expect.any(String) });
  if (type) expect(body.type).toBe(type);
  expect(body.instance).toBe(path ?? response.request.url.replace(/^https?:\/\/[^/]+/, '').split('?')[0]);
  expect(body.requestId).toBe(response.headers['x-request-id']);
  expect(body.requestId).toEqual(expect.any(String));
  return body;
}

/** A body padded with an unknown field to about `bytes` bytes of JSON. */
const paddedBody = (bytes: number): string => {
  const shell = JSON.stringify({ name: '', padding: '' });
  return JSON.stringify({ name: '', padding: 'x'.repeat(bytes - shell.length) });
};

describe('errors through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    // Debug: the services' line for each handled message (the request id check reads it).
    system = await TestSystem.start({ env: { LOG_LEVEL: 'debug' } });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  describe('400', () => {
    it('should answer a 400 problem when the JSON body is malformed', async () => {
      const response = await system.http
        .post('/api/v1/companies')
        .set(bearer(org.manager.token))
        .set('Content-Type', 'application/json')
        .send('{"name": "Boulangerie", ');
      const problem = expectProblem(response, 400, CommonProblem.MalformedRequest, '/api/v1/companies');
      expect(problem.detail).toEqual(expect.any(String));
    });

    it('should list an unknown field by name when the body carries one', async () => {
      const response = await system.http
        .post('/api/v1/companies')
        .set(bearer(org.manager.token))
        .send({ name: 'Boulangerie Inconnue', siret: newSiret(), favouriteCake: 'éclair' });
      const problem = expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect(problem.errors).toEqual([{ field: 'favouriteCake', code: 'unknownField', message: expect.any(String) }]);
    });

    it('should list every invalid field when several are invalid', async () => {
      const response = await system.http
        .post('/api/v1/companies')
        .set(bearer(org.manager.token))
        .send({ name: '', siret: '123', sizeBand: 'huge', address: { postalCode: 'abc' }, hiringPotential: 101, doNotCall: 'yes' });
      const problem = expectProblem(response, 400, CommonProblem.ValidationFailed);
      const fields = new Set((problem.errors as { field: string }[]).map((error) => error.field));
      expect([...fields].sort()).toEqual(['address.postalCode', 'doNotCall', 'hiringPotential', 'name', 'siret', 'sizeBand']);
    });
  });

  describe('field error codes and params', () => {
    const errorsOf = (problem: Record<string, unknown>) => problem.errors as { field: string; code: string; params?: Record<string, unknown>; message: string }[];

    it("should code the gateway's own checks with the params of their limits and allowed values", async () => {
      const created = await system.http
        .post('/api/v1/campaigns')
        .set(bearer(org.manager.token))
        .send({ name: 'x'.repeat(201), startsOn: '2027-02-30', goal: { companiesToContact: 0 }, colour: 'bleu' });
      expect(errorsOf(expectProblem(created, 400, CommonProblem.ValidationFailed)).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        { field: 'colour', code: 'unknownField', message: 'colour is not a known field' },
        { field: 'goal.companiesToContact', code: 'tooSmall', params: { min: 1 }, message: expect.stringContaining('goal.companiesToContact') },
        { field: 'name', code: 'lengthBetween', params: { min: 1, max: 200 }, message: expect.stringContaining('name') },
        { field: 'startsOn', code: 'invalidDate', message: 'startsOn must be a real calendar day' },
      ]);

      const searched = await system.http.get('/api/v1/companies').query({ sizeBand: 'huge', naf: 'boulangerie', limit: 500 }).set(bearer(org.manager.token));
      expect(errorsOf(expectProblem(searched, 400, CommonProblem.ValidationFailed, '/api/v1/companies'))).toEqual(
        expect.arrayContaining([
          { field: 'sizeBand', code: 'notOneOf', params: { allowed: [...SIZE_BANDS] }, message: expect.any(String) },
          { field: 'naf', code: 'nafFilterFormat', message: 'naf must be NAF codes or prefixes such as 10.71C, 10.71 or 47' },
          { field: 'limit', code: 'tooLarge', params: { max: 200 }, message: expect.any(String) },
        ]),
      );
    });

    it("should carry the companies service's nomenclature codes back through NATS, with the gateway's format codes in the same 400", async () => {
      const both = await system.http
        .post('/api/v1/companies')
        .set(bearer(org.manager.token))
        .send({ name: '', siret: '123', nafCode: '9999Z', address: { postalCode: '59140', city: 'Gravelines' } });
      expect(errorsOf(expectProblem(both, 400, CommonProblem.ValidationFailed)).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        { field: 'address.city', code: 'cityNotServed', params: { postalCode: '59140', communes: ['DUNKERQUE'] }, message: expect.stringContaining('DUNKERQUE') },
        { field: 'nafCode', code: 'unknownNafCode', params: { code: '99.99Z' }, message: expect.stringContaining('99.99Z') },
        { field: 'name', code: 'lengthBetween', params: { min: 1, max: 200 }, message: expect.any(String) },
        { field: 'siret', code: 'siretFormat', message: 'siret must be 14 digits' },
      ]);

      // Valid for the gateway: the service's own normaliser answers the 400.
      const siret = newSiret();
      const wrongKey = `${siret.slice(0, 13)}${(Number(siret[13]) + 1) % 10}`;
      const service = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send({ name: 'Boulangerie Clé', siret: wrongKey, address: { postalCode: '59380' } });
      expect(errorsOf(expectProblem(service, 400, CommonProblem.ValidationFailed)).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        { field: 'address.city', code: 'cityRequired', params: { postalCode: '59380', communes: expect.arrayContaining(['BERGUES']) }, message: expect.any(String) },
        { field: 'siret', code: 'invalidSiret', message: expect.stringContaining('check digit') },
      ]);
    });

    it('should code the field a business rule names in a 422', async () => {
      const campaign = await system.http.post('/api/v1/campaigns').set(bearer(org.manager.token)).send({ name: 'Campagne partagée', conventionId: randomUUID() });
      expect(errorsOf(expectProblem(campaign, 422, CampaignsProblem.NotAParty))).toEqual([{ field: 'conventionId', code: 'notYourConvention', message: expect.any(String) }]);

      const convention = await system.http
        .post('/api/v1/conventions')
        .set(bearer(org.manager.token))
        .send(fullConventionBody([], [org.id]));
      expect(errorsOf(expectProblem(convention, 422, ConventionsProblem.SignatoryRequired))).toEqual([{ field: 'parties', code: 'signatoryRequired', message: expect.any(String) }]);
    });
  });

  describe('401, 403, 404', () => {
    it('should answer 401 when no token is sent', async () => {
      const response = await system.http.get('/api/v1/companies');
      expectProblem(response, 401, CommonProblem.Unauthenticated);
    });

    it('should answer 403 when a volunteer creates a company', async () => {
      const response = await system.http.post('/api/v1/companies').set(bearer(org.volunteer.token)).send({ name: 'Boulangerie Bénévole', siret: newSiret() });
      expectProblem(response, 403, CommonProblem.Forbidden);
    });

    it('should answer 404 when the route does not exist', async () => {
      const response = await system.http.get('/api/v1/nope').set(bearer(org.viewer.token));
      expectProblem(response, 404, CommonProblem.NotFound);
    });

    it('should answer 404 when the company id is unknown', async () => {
      const id = randomUUID();
      const response = await system.http.get(`/api/v1/companies/${id}`).set(bearer(org.viewer.token));
      const problem = expectProblem(response, 404, undefined, `/api/v1/companies/${id}`);
      expect(problem.type).toMatch(/\/not-found$/);
    });
  });

  describe('413 and 415', () => {
    it('should answer 413 when the body is over 10 MB', async () => {
      const body = paddedBody(BODY_LIMIT + 1024);
      const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set('Content-Type', 'application/json').send(body);
      expectProblem(response, 413, CommonProblem.PayloadTooLarge);
    });

    it('should check the fields rather than the size when the body is just under 10 MB', async () => {
      const body = paddedBody(BODY_LIMIT - 1024);
      expect(Buffer.byteLength(body)).toBeLessThan(BODY_LIMIT);
      const response = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).set('Content-Type', 'application/json').send(body);
      const problem = expectProblem(response, 400, CommonProblem.ValidationFailed);
      expect((problem.errors as { field: string }[]).map((error) => error.field).sort()).toEqual(['name', 'padding']);
    });

    it.each(['text/plain', 'application/xml'])('should answer 415 when the body is sent as %s', async (contentType) => {
      const response = await system.http
        .post('/api/v1/companies')
        .set(bearer(org.manager.token))
        .set('Content-Type', contentType)
        .send(contentType === 'text/plain' ? 'name=Boulangerie' : '<company><name>Boulangerie</name></company>');
      expectProblem(response, 415, CommonProblem.UnsupportedMediaType);
    });
  });

  describe('X-Request-Id', () => {
    it('should generate a UUID when the client sends no request id', async () => {
      const response = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token));
      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it("should echo the client's request id and log it in the companies service when the client sends one", async () => {
      const requestId = `req-abc-123-${randomUUID()}`;
      const response = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token)).set('X-Request-Id', requestId);
      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toBe(requestId);
      // 'message completed' is the service's line for a handled NATS message: the id went through NATS into its log.
      await expectEventually(() =>
        expect(system.logs.forRequest(requestId)).toContainEqual(expect.objectContaining({ service: 'companies', msg: 'message completed' })),
      );
    });

    it.each([
      ['300 characters long', 'r'.repeat(300)],
      ['containing spaces', 'req abc 123'],
    ])('should replace the request id with a generated one when it is %s', async (_label, given) => {
      const response = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token)).set('X-Request-Id', given);
      expect(response.status).toBe(200);
      expect(response.headers['x-request-id']).toMatch(UUID);
    });

    it('should carry the request id into an error answer when the request fails', async () => {
      const requestId = `req-error-${randomUUID()}`;
      const response = await system.http.get(`/api/v1/companies/${randomUUID()}`).set(bearer(org.viewer.token)).set('X-Request-Id', requestId);
      expect(expectProblem(response, 404).requestId).toBe(requestId);
    });
  });

  describe('5xx', () => {
    it('should answer 503 when no instance of the companies service is running', async () => {
      await system.stopService('companies');
      try {
        const response = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token));
        expectProblem(response, 503, CommonProblem.ServiceUnavailable);
      } finally {
        await system.startService('companies');
      }
      const again = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token));
      expect(again.status).toBe(200);
    });

    it('should answer a bare 500 and log the error with the request id when the service fails unexpectedly', async () => {
      await system.database.query('ALTER TABLE companies.company RENAME COLUMN name TO name_broken');
      let response: Response;
      try {
        response = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token));
      } finally {
        await system.database.query('ALTER TABLE companies.company RENAME COLUMN name_broken TO name');
      }
      expectProblem(response, 500, CommonProblem.Internal);
      for (const secret of ['column', 'SELECT', 'companies.company', 'name_broken', 'QueryFailedError', 'node_modules']) expect(response.text).not.toContain(secret);
      expect(response.text).not.toMatch(/\bat \S+ \(/);
      const requestId = response.headers['x-request-id'] as string;
      // The full error, hidden from the client, is in the service's log under the same request id.
      await expectEventually(() => {
        const errors = system.logs.forRequest(requestId).filter((line) => line.service === 'companies' && line.level === 50);
        expect(JSON.stringify(errors)).toMatch(/QueryFailedError|DatabaseError/);
        expect(JSON.stringify(errors)).toContain('company.name does not exist');
      });
    });
  });
});

describe('timeouts through the gateway', () => {
  let system: TestSystem;
  let org: TestOrganization;

  beforeAll(async () => {
    system = await TestSystem.start({ services: ['contacts', 'campaigns', 'conventions'], env: { NATS_REQUEST_TIMEOUT_MS: '300' } });
    org = await createOrganization(system);
  });
  afterAll(() => system?.close());

  it('should answer 504 when the companies service never replies', async () => {
    const silent = await connect({ servers: system.nats.url });
    try {
      // Takes the requests in the companies queue group and never answers them.
      silent.subscribe('companies.v1.company.list', { queue: 'companies' });
      await silent.flush();
      const response = await system.http.get('/api/v1/companies').set(bearer(org.viewer.token));
      expectProblem(response, 504, CommonProblem.Timeout);
    } finally {
      await silent.close();
    }
  });
});
