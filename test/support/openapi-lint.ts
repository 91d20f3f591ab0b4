import { Document, type ISpectralDiagnostic, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import owasp from '@stoplight/spectral-owasp-ruleset';

/** Spectral's severity numbers: 0 error, 1 warning, 2 information, 3 hint. */
export const SPECTRAL_ERROR = 0;

/** Lints an OpenAPI document with Spectral's `oas` ruleset and the OWASP API security ruleset. */
export async function lintOpenApi(document: unknown): Promise<ISpectralDiagnostic[]> {
  const spectral = new Spectral();
  spectral.setRuleset({ extends: [[oas, 'recommended'], [owasp, 'recommended']] } as never);
  return spectral.run(new Document(JSON.stringify(document, null, 2), Json));
}

/** One line per diagnostic: severity, rule, JSON path and message. */
export const describeDiagnostics = (diagnostics: ISpectralDiagnostic[]): string =>
  diagnostics.map((d) => `${d.severity} ${d.code} ${d.path.join('.')}: ${d.message}`).join('\n');
