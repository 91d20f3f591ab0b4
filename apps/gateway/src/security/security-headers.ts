import fastifyCors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayEnv } from '../config/gateway.env.js';
import { isWebAppPath } from '../web/web-app.js';

/** Swagger UI and its files: public, static, and the only pages that need inline styles. */
export const DOCS_PATH = /^\/api\/docs(-json|\/|$)/;

// Ready for a single-page app served by the gateway itself: everything from our own origin, nothing inline.
const STRICT_CSP = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  connectSrc: ["'self'"],
  fontSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  imgSrc: ["'self'", 'data:'],
  objectSrc: ["'none'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
};
// Swagger UI's page holds <style> blocks and style attributes.
const DOCS_CSP = { ...STRICT_CSP, styleSrc: ["'self'", "'unsafe-inline'"] };

// What a browser app may send and read across origins.
const CORS_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'If-Match', 'Idempotency-Key', 'X-Request-Id'];
const CORS_EXPOSED_HEADERS = ['ETag', 'Location', 'RateLimit', 'RateLimit-Policy', 'Retry-After', 'X-Request-Id'];

/** Comma-separated origins of CORS_ORIGINS. */
export const corsOrigins = (env: GatewayEnv): string[] =>
  env.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);

/**
 * The gateway's answer headers: helmet's (nosniff, frame denial, a strict CSP, HSTS when HSTS=true),
 * `Cache-Control: no-store` on every answer but the static docs and the web app's files (answers carry personal data), and
 * CORS closed unless CORS_ORIGINS names origins.
 */
export async function registerSecurityHeaders(app: NestFastifyApplication, env: GatewayEnv): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  const securityHeaders = helmetHeaders({
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    frameguard: { action: 'deny' },
    // HSTS over plain HTTP would be ignored by browsers at best; it is for deployments behind TLS.
    strictTransportSecurity: env.HSTS ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(securityHeaders);
    done();
  });
  const origins = corsOrigins(env);
  await app.register(fastifyCors as never, {
    origin: origins.length > 0 ? origins : false,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_REQUEST_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    // Bearer tokens, no cookies: credentials are never needed.
    credentials: false,
    maxAge: 600,
  });
  const docsPolicy = serializeCsp(DOCS_CSP);
  fastify.addHook('onSend', (request, reply, payload, done) => {
    if (DOCS_PATH.test(request.url)) {
      void reply.header('Content-Security-Policy', docsPolicy);
    } else if (!(isWebAppPath(request.url) && reply.statusCode < 400)) {
      // The web app's files set their own caching (web-app.ts): they hold no personal data.
      void reply.header('Cache-Control', 'no-store');
    }
    done(null, payload);
  });
}

/**
 * The headers helmet sets with these options, computed once at start: they depend on the options only, not
 * on the request. Running helmet's middleware on every request set each header on Node's response one by
 * one, each name and value checked again (5 % of the gateway's CPU on a company read, bench/RESULTS.md);
 * Fastify writes these with the rest of the answer's headers.
 */
export function helmetHeaders(options: Parameters<typeof helmet>[0]): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  let failure: unknown;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    failure = error;
  });
  if (failure) throw failure instanceof Error ? failure : new Error(String(failure));
  return headers;
}

/** A CSP header value from helmet-style directives (camelCase names, lists of sources). */
function serializeCsp(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), ...sources].join(' '))
    .join(';');
}
