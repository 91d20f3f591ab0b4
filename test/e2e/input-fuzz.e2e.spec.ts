import { expectEventually, newSiret, uniqueSuffix } from '@app/testing';
import type { Test } from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, bearer, createOrganization, PASSWORD, type TestOrganization } from '../support/fixtures.js';
import { storedState } from '../support/stored-state.js';
import { TestSystem } from '../support/system.js';
import { fullActionBody, fullCampaignBody, fullCompanyBody, fullContactBody, fullConventionBody, fullIndicatorBody } from '../support/valid-bodies.js';

/**
 * Generated from the OpenAPI document the gateway serves: for every operation, every body property
 * (nested ones included), every query parameter and every path parameter, the odd values a client
 * may send. Each body starts from a valid one, so that a value the checks let through would reach
 * the database. Nothing may answer 5xx, every refusal is a problem document, no write succeeds, and
 * the stored rows are exactly the same afterwards.
 */

interface Schema {
  $ref?: string;
  type?: string | string[];
  anyOf?: Schema[];
  nullable?: boolean;
  enum?: unknown[];
  properties?: Record<string, Schema>;
  items?: Schema;
}
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}
interface OpenApi {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

/** Raw JSON put in place of a marker string: values JSON.stringify cannot write (1e999) or would take long to build. */
const RAW = {
  deep: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  deepArray: `${'['.repeat(10_000)}${']'.repeat(10_000)}`,
  overflowing: '1e999',
  hugeInteger: '123456789012345678901234567890',
  hugeNegative: '-1.7976931348623157e308',
};
const rawMarker = (name: keyof typeof RAW): string => `\u0001raw:${name}\u0001`;

/** The odd values for a property of this kind, by name; null only where the contract does not allow it. */
function oddValues(kind: string, nullable: boolean): Record<string, unknown> {
  const scalar = kind !== 'array' && kind !== 'object';
  return {
    nul: 'a\u0000b',
    'lone surrogate': 'a\ud800b',
    'lone low surrogate': '\udc00',
    ...(nullable ? {} : { null: null }),
    'wrong type': kind === 'string' ? 12345 : kind === 'boolean' ? 'yes' : 'text',
    'boolean for text': kind === 'boolean' ? 1 : true,
    '100,000 characters': 'a'.repeat(100_000),
    'an array': scalar ? ['a', 'b'] : [['a']],
    'an object': { $ne: 1 },
    'deep nesting': rawMarker('deep'),
    'deep arrays': rawMarker('deepArray'),
    'an overflowing number': rawMarker('overflowing'),
    'a huge integer': rawMarker('hugeInteger'),
    'a huge negative number': rawMarker('hugeNegative'),
  };
}

/** Query and path values, already URL-encoded. */
const ODD_URL_VALUES: Record<string, string> = {
  nul: 'a%00b',
  'encoded lone surrogate (CESU-8)': '%ED%A0%80',
  'truncated UTF-8': '%F0%9F',
  'malformed escape': '%E0%A4%A',
  null: 'null',
  'wrong type': 'abc',
  'a huge integer': '123456789012345678901234567890',
  'an overflowing number': '1e999',
  negative: '-1',
  empty: '',
  // Over Fastify's 100-character limit for a path parameter, under Node's 16 KB for the request line.
  '1,000 characters': 'a'.repeat(1_000),
  '100,000 characters': 'a'.repeat(100_000),
};

const toJson = (body: unknown): string =>
  JSON.stringify(body).replace(/"\\u0001raw:(\w+)\\u0001"/g, (_match, name: keyof typeof RAW) => RAW[name]);

/** Runs the tasks, `limit` at a time. */
async function inBatches<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await tasks[index]();
      }
    }),
  );
  return results;
}

interface Case {
  operation: string;
  what: string;
  write: boolean;
  send: () => Test;
}

interface Outcome {
  operation: string;
  what: string;
  status: number;
  fault?: string;
}

describe('input fuzzing generated from the OpenAPI document', () => {
  let system: TestSystem;
  let org: TestOrganization;
  let admin: string;
  let document: OpenApi;
  const ids: Record<string, string> = {};
  const etags: Record<string, string> = {};

  const company = fullCompanyBody;
  const contact = fullContactBody;
  // The organisation's own convention: a campaign names only one its organisation is a party of.
  const campaign = () => fullCampaignBody(ids.conventionId!);

  /**
   * A valid body for each operation that takes JSON: the odd value replaces one field of it, and each
   * must then answer 400. An operation missing here is still fuzzed, from an empty body.
   */
  const VALID_BODIES: Record<string, () => Record<string, unknown>> = {
    'POST /api/v1/auth/login': () => ({ email: org.manager.email, password: PASSWORD, organizationId: org.id }),
    'POST /api/v1/organizations': () => ({ name: `Club ${uniqueSuffix()}`, kind: 'club' }),
    'POST /api/v1/organizations/{orgId}/members': () => ({ email: `fuzz.${uniqueSuffix()}@example.test`, name: 'Nadia Benali', role: 'volunteer', password: PASSWORD }),
    'PATCH /api/v1/organizations/{orgId}/members/{userId}': () => ({ role: 'volunteer' }),
    'POST /api/v1/companies': company,
    'PATCH /api/v1/companies/{id}': () => ({ ...company(), siret: undefined }),
    'POST /api/v1/companies/{companyId}/contacts': contact,
    'PATCH /api/v1/contacts/{id}': contact,
    'POST /api/v1/campaigns': campaign,
    'PATCH /api/v1/campaigns/{id}': campaign,
    'POST /api/v1/campaigns/{id}/targets': () => ({ companyIds: [ids.companyId] }),
    'POST /api/v1/campaigns/{id}/calls': () => ({
      companyId: ids.companyId,
      outcome: 'interested',
      notes: 'Rappeler en septembre',
      durationSeconds: 120,
      offers: [{ title: 'Apprenti boulanger', contractType: 'apprenticeship', positions: 1, romeCode: 'D1102', description: 'CAP en alternance' }],
    }),
    'PATCH /api/v1/campaigns/{id}/calls/{callId}': () => ({ notes: 'Gérante intéressée' }),
    'PATCH /api/v1/offers/{id}': () => ({ status: 'filled', title: 'Apprentie boulangère', positions: 2, romeCode: 'D1102', description: 'Pourvu' }),
    'POST /api/v1/conventions': () => fullConventionBody([org.id]),
    'PATCH /api/v1/conventions/{id}': () => fullConventionBody([org.id]),
    'POST /api/v1/conventions/{id}/actions': () => fullActionBody(org.id),
    'PATCH /api/v1/conventions/{id}/actions/{actionId}': () => fullActionBody(org.id),
    'POST /api/v1/conventions/{id}/indicators': () => fullIndicatorBody(),
    'PATCH /api/v1/conventions/{id}/indicators/{indicatorId}': () => ({ value: 3, label: 'Contrats signés', target: 10 }),
  };
  // Operations whose body is not JSON (a CSV file): the import tests cover them.
  const NOT_JSON = new Set(['POST /api/v1/companies/imports']);

  const tokenFor = (key: string): string | undefined =>
    key === 'POST /api/v1/auth/login' ? undefined : key.startsWith('POST /api/v1/organizations') && !key.includes('members') ? admin : org.manager.token;

  const pathOf = (key: string, path: string, override?: [name: string, value: string]): string =>
    path.replace(/\{(\w+)\}/g, (_match, name: string) => (override && override[0] === name ? override[1] : ids[`${key}:${name}`] ?? ids[name]));

  function request(key: string, method: string, url: string, body?: string): Test {
    let test = system.http[method as 'get'](url);
    const token = tokenFor(key);
    if (token) test = test.set(bearer(token));
    if (method === 'patch') test = test.set('If-Match', etags[key] ?? '"1"');
    if (body !== undefined) test = test.set('Content-Type', 'application/json').send(body);
    return test;
  }

  const resolve = (schema: Schema): { schema: Schema; nullable: boolean } => {
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.split('/').at(-1)!]);
    if (schema.anyOf) {
      const nullable = schema.anyOf.some((option) => option.type === 'null');
      const [real] = schema.anyOf.filter((option) => option.type !== 'null');
      return { schema: resolve(real).schema, nullable };
    }
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    return { schema, nullable: schema.nullable === true || types.includes('null') || (schema.enum ?? []).includes(null) };
  };
  const kindOf = (schema: Schema): string => (Array.isArray(schema.type) ? schema.type.find((type) => type !== 'null')! : (schema.type ?? 'object'));

  /** Every property path of a body schema, nested objects' properties included. */
  function propertyPaths(schema: Schema, parent: string[] = []): { path: string[]; kind: string; nullable: boolean }[] {
    return Object.entries(resolve(schema).schema.properties ?? {}).flatMap(([name, property]) => {
      const { schema: resolved, nullable } = resolve(property);
      const path = [...parent, name];
      const own = { path, kind: kindOf(resolved), nullable };
      return resolved.properties ? [own, ...propertyPaths(resolved, path)] : [own];
    });
  }

  function withValue(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
    const copy = structuredClone(body);
    let node = copy;
    for (const key of path.slice(0, -1)) {
      if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
      node = node[key] as Record<string, unknown>;
    }
    node[path.at(-1)!] = value;
    return copy;
  }

  function casesOf(path: string, method: string, operation: Operation): Case[] {
    const key = `${method.toUpperCase()} ${path}`;
    const write = method !== 'get';
    const cases: Case[] = [];
    const json = operation.requestBody?.content['application/json']?.schema;
    const valid = VALID_BODIES[key] ?? (() => ({}));
    if (operation.requestBody && !NOT_JSON.has(key)) {
      expect(json, `${key} takes JSON`).toBeDefined();
      for (const property of propertyPaths(json!)) {
        for (const [name, value] of Object.entries(oddValues(property.kind, property.nullable))) {
          cases.push({ operation: key, what: `${property.path.join('.')} = ${name}`, write, send: () => request(key, method, pathOf(key, path), toJson(withValue(valid(), property.path, value))) });
        }
      }
      for (const [name, body] of Object.entries({ null: 'null', array: '[]', string: '"text"', number: '1e999', 'deep arrays': RAW.deepArray, 'deep objects': RAW.deep })) {
        cases.push({ operation: key, what: `the body is ${name}`, write, send: () => request(key, method, pathOf(key, path), body) });
      }
    }
    const body = operation.requestBody && !NOT_JSON.has(key) ? () => toJson(valid()) : () => undefined;
    // Every read, those without declared inputs too, gets a parameter it does not declare (a write
    // would ignore it and go through with its valid body).
    for (const [name, value] of write ? [] : Object.entries(ODD_URL_VALUES)) {
      cases.push({ operation: key, what: `?undeclared = ${name}`, write, send: () => request(key, method, `${pathOf(key, path)}?undeclared=${value}`, body()) });
    }
    for (const parameter of operation.parameters ?? []) {
      for (const [name, value] of Object.entries(ODD_URL_VALUES)) {
        if (parameter.in === 'query') {
          for (const [form, query] of [
            ['', `${parameter.name}=${value}`],
            [' (repeated)', `${parameter.name}=${value}&${parameter.name}=${value}`],
            [' (bracketed)', `${parameter.name}[x]=${value}`],
          ]) {
            cases.push({ operation: key, what: `?${parameter.name} = ${name}${form}`, write, send: () => request(key, method, `${pathOf(key, path)}?${query}`, body()) });
          }
        }
        if (parameter.in === 'path') {
          cases.push({ operation: key, what: `{${parameter.name}} = ${name}`, write, send: () => request(key, method, pathOf(key, path, [parameter.name, value]), body()) });
        }
      }
    }
    return cases;
  }

  beforeAll(async () => {
    // Thousands of requests on one token in seconds: budgets far above what the fuzzing spends, so a
    // 429 never hides how an input would have been answered (the budgets have their own tests).
    system = await TestSystem.start({ env: { RATE_LIMIT_READS: '100000', RATE_LIMIT_WRITES: '100000', RATE_LIMIT_IMPORTS: '100000', RATE_LIMIT_AUTH: '100000' } });
    org = await createOrganization(system);
    admin = await adminToken(system);
    document = (await system.http.get('/api/docs-json')).body as OpenApi;
    const created = await system.http.post('/api/v1/companies').set(bearer(org.manager.token)).send(company());
    expect(created.status, created.text).toBe(201);
    const added = await system.http.post(`/api/v1/companies/${created.body.id}/contacts`).set(bearer(org.manager.token)).send(contact());
    expect(added.status, added.text).toBe(201);
    // A convention of the organisation with an action and a manual indicator: the conventions routes' ids.
    const convention = await system.http.post('/api/v1/conventions').set(bearer(org.manager.token)).send(fullConventionBody([org.id]));
    expect(convention.status, convention.text).toBe(201);
    ids.conventionId = convention.body.id;
    // The campaigns service learns the convention's parties from its events.
    await expectEventually(async () => expect(await system.database.query(`SELECT 1 FROM campaigns.convention_party WHERE convention_id = $1`, [convention.body.id])).toHaveLength(1));
    const started = await system.http.post('/api/v1/campaigns').set(bearer(org.manager.token)).send(campaign());
    expect(started.status, started.text).toBe(201);
    const imported = await system.http.post('/api/v1/companies/imports').set(bearer(org.manager.token)).set('Content-Type', 'text/csv').send(`siret,name\n${newSiret()},Fuzz\n`);
    expect(imported.status, imported.text).toBe(202);
    // The job must be over before the stored rows are compared.
    await expectEventually(async () => {
      const job = await system.http.get(`/api/v1/companies/imports/${imported.body.id}`).set(bearer(org.manager.token));
      expect(job.body.status).toBe('done');
    }, 30_000);
    Object.assign(ids, { orgId: org.id, userId: org.viewer.userId, companyId: created.body.id, id: created.body.id });
    ids['GET /api/v1/companies/imports/{id}:id'] = imported.body.id;
    for (const key of ['GET', 'PATCH', 'DELETE'].flatMap((method) => [`${method} /api/v1/contacts/{id}`, `${method} /api/v1/contacts/{id}/export`])) ids[`${key}:id`] = added.body.id;
    const campaignRoutes = ['GET /api/v1/campaigns/{id}', 'PATCH /api/v1/campaigns/{id}', 'POST /api/v1/campaigns/{id}/targets', 'GET /api/v1/campaigns/{id}/targets'];
    for (const key of campaignRoutes) ids[`${key}:id`] = started.body.id;
    etags['PATCH /api/v1/campaigns/{id}'] = started.headers.etag;
    await callAndOffer(created.body.id);
    const action = await system.http.post(`/api/v1/conventions/${convention.body.id}/actions`).set(bearer(org.manager.token)).send(fullActionBody(org.id));
    expect(action.status, action.text).toBe(201);
    const indicator = await system.http
      .post(`/api/v1/conventions/${convention.body.id}/indicators`)
      .set(bearer(org.manager.token))
      .send({ label: 'Contrats signés', metric: 'manual', target: 10 });
    expect(indicator.status, indicator.text).toBe(201);
    Object.assign(ids, { actionId: action.body.id, indicatorId: indicator.body.id });
    for (const key of Object.keys(VALID_BODIES).concat(['GET /api/v1/conventions/{id}', 'GET /api/v1/conventions/{id}/progress', 'GET /api/v1/conventions/{id}/report'])) {
      if (key.includes('/conventions/{id}')) ids[`${key}:id`] = convention.body.id;
    }
    etags['PATCH /api/v1/conventions/{id}'] = convention.headers.etag;
    etags['PATCH /api/v1/conventions/{id}/actions/{actionId}'] = action.headers.etag;
    etags['PATCH /api/v1/conventions/{id}/indicators/{indicatorId}'] = indicator.headers.etag;
    etags['PATCH /api/v1/companies/{id}'] = created.headers.etag;
    etags['PATCH /api/v1/contacts/{id}'] = added.headers.etag;
    // The viewer's membership changed when they accepted their invitation: PATCH names its version now.
    const members = await system.http.get(`/api/v1/organizations/${org.id}/members?limit=200`).set(bearer(org.manager.token));
    const viewer = (members.body.items as { userId: string; version: number }[]).find((member) => member.userId === org.viewer.userId)!;
    etags['PATCH /api/v1/organizations/{orgId}/members/{userId}'] = `"${viewer.version}"`;
  });
  afterAll(() => system?.close());

  /**
   * An active campaign whose target is `companyId` (the valid call body logs on it), and a call with
   * an offer on another target: the ids of the calls and offers routes.
   */
  async function callAndOffer(companyId: string): Promise<void> {
    const token = org.manager.token;
    const called = await system.http.post('/api/v1/companies').set(bearer(token)).send({ name: 'Garage Fuzz', siret: newSiret() });
    const campaign = await system.http.post('/api/v1/campaigns').set(bearer(token)).send({ name: 'Campagne fuzz' });
    expect((await system.http.post(`/api/v1/campaigns/${campaign.body.id}/targets`).set(bearer(token)).send({ companyIds: [companyId, called.body.id] })).status).toBe(200);
    expect((await system.http.patch(`/api/v1/campaigns/${campaign.body.id}`).set(bearer(token)).set('If-Match', campaign.headers.etag).send({ status: 'active' })).status).toBe(200);
    const call = await system.http
      .post(`/api/v1/campaigns/${campaign.body.id}/calls`)
      .set(bearer(token))
      .send({ companyId: called.body.id, outcome: 'offer', offers: [{ title: 'Mécanicien', contractType: 'cdi' }] });
    expect(call.status, call.text).toBe(201);
    for (const key of ['POST /api/v1/campaigns/{id}/calls', 'GET /api/v1/campaigns/{id}/calls', 'GET /api/v1/campaigns/{id}/calls/{callId}', 'PATCH /api/v1/campaigns/{id}/calls/{callId}']) {
      ids[`${key}:id`] = campaign.body.id;
    }
    ids.callId = call.body.id;
    for (const key of ['GET /api/v1/offers/{id}', 'PATCH /api/v1/offers/{id}']) ids[`${key}:id`] = call.body.offers[0].id;
  }

  it('should answer every odd value without a 5xx, refuse it with a problem document, and store nothing', async () => {
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    const cases = operations.flatMap(({ path, method, operation }) => casesOf(path, method, operation));
    expect(cases.length).toBeGreaterThan(1_000);
    const before = await storedState(system);

    const outcomes = await inBatches(
      cases.map((testCase) => async (): Promise<Outcome> => {
        const response = await testCase.send();
        const outcome: Outcome = { operation: testCase.operation, what: testCase.what, status: response.status };
        if (response.status >= 500) outcome.fault = `answered ${response.status}: ${response.text.slice(0, 200)}`;
        else if (testCase.write && response.status < 400) outcome.fault = `a write accepted it (${response.status})`;
        else if (response.status >= 400) {
          const problem = (() => {
            try {
              return JSON.parse(response.text) as Record<string, unknown>;
            } catch {
              return undefined;
            }
          })();
          if (!/^application\/problem\+json/.test(response.headers['content-type'] ?? '')) outcome.fault = `not a problem document: ${response.headers['content-type']}`;
          else if (!problem || problem.status !== response.status || typeof problem.type !== 'string' || typeof problem.title !== 'string') outcome.fault = `malformed problem: ${response.text.slice(0, 200)}`;
          else if (/QueryFailedError|invalid byte sequence|URIError|RangeError|at .+\.js:\d+/i.test(response.text)) outcome.fault = `leaks internals: ${response.text.slice(0, 200)}`;
        }
        return outcome;
      }),
      4,
    );

    // 429 would mean a rate budget refused requests before their input was looked at.
    expect(outcomes.filter((outcome) => outcome.status === 429).length, 'requests refused by a rate budget: raise it for this test').toBe(0);
    const faults = outcomes.filter((outcome) => outcome.fault).map((outcome) => `${outcome.operation} ${outcome.what}: ${outcome.fault}`);
    expect(faults).toEqual([]);
    // Every operation was reached, and body odd values were refused as invalid (400), not by accident.
    const reached = new Set(outcomes.map((outcome) => outcome.operation));
    expect(operations.map(({ path, method }) => `${method.toUpperCase()} ${path}`).filter((key) => !reached.has(key) && !NOT_JSON.has(key))).toEqual([]);
    const bodyOutcomes = outcomes.filter((outcome) => outcome.operation in VALID_BODIES && !outcome.what.startsWith('?') && !outcome.what.startsWith('{'));
    expect(bodyOutcomes.filter((outcome) => outcome.status !== 400).map((outcome) => `${outcome.operation} ${outcome.what}: ${outcome.status}`)).toEqual([]);
    expect(await storedState(system)).toEqual(before);
  }, 240_000);

  it('should accept every valid body the fuzzing started from (so the refusals came from the odd values)', async () => {
    for (const [key, valid] of Object.entries(VALID_BODIES)) {
      const [method, path] = key.split(' ');
      const response = await request(key, method.toLowerCase(), pathOf(key, path), toJson(valid()));
      expect(response.status, `${key}: ${response.text}`).toBeLessThan(300);
    }
  });
});
