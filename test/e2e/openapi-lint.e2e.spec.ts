import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDiagnostics, lintOpenApi, SPECTRAL_ERROR } from '../support/openapi-lint.js';
import { TestSystem } from '../support/system.js';

// Spectral lints the whole document in ~10 s on an idle 2-core machine, over 30 s when it is busy.
const SPECTRAL_TIMEOUT_MS = 120_000;

/** The served OpenAPI document against Spectral's `oas` ruleset and the OWASP API security ruleset. */
describe('OpenAPI document lint', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await TestSystem.start({ services: [] });
  });
  afterAll(() => system?.close());

  it('should have zero Spectral errors when /api/docs-json is linted with the oas and OWASP rulesets', async () => {
    const response = await system.http.get('/api/docs-json');
    expect(response.status).toBe(200);
    const diagnostics = await lintOpenApi(response.body);
    // The rulesets ran: warnings (kept on purpose, such as a 500 answer per route) are there to count.
    expect(diagnostics.length).toBeGreaterThan(0);
    const errors = diagnostics.filter((diagnostic) => diagnostic.severity === SPECTRAL_ERROR);
    expect(errors, describeDiagnostics(errors)).toEqual([]);
  }, SPECTRAL_TIMEOUT_MS);

  it('should report an error when a string has no maxLength, so that the check can fail', async () => {
    const response = await system.http.get('/api/docs-json');
    const document = structuredClone(response.body);
    document.components.schemas.ProblemDoc.properties.title = { type: 'string' };
    const errors = (await lintOpenApi(document)).filter((diagnostic) => diagnostic.severity === SPECTRAL_ERROR);
    expect(errors.map((error) => error.code)).toContain('owasp:api4:2023-string-limit');
  }, SPECTRAL_TIMEOUT_MS);
});
