import fastifyCors from '@fastify/cors';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet from 'helmet';
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
  // helmet itself, built once: @fastify/helmet built helmet's middleware again for every request
  // (re-parsing the CSP each time: 5.4 % of the gateway's CPU on the read path, bench/RESULTS.md).
  const applyHelmetHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: STRICT_CSP },
    frameguard: { action: 'deny' },
    // HSTS over plain HTTP would be ignored by browsers at best; it is for deployments behind TLS.
    strictTransportSecurity: env.HSTS ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    crossOriginResourcePolicy: { policy: 'same-site' },
  });
  app.getHttpAdapter().getInstance().addHook('onRequest', (request, reply, next) =>
    applyHelmetHeaders(request.raw, reply.raw, (error?: unknown) => next(error as Error | undefined)),
  );
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
  const fastify = app.getHttpAdapter().getInstance();
  const docsPolicy = serializeCsp(DOCS_CSP);
  fastify.addHook('onSend', async (request, reply) => {
    if (DOCS_PATH.test(request.url)) {
      void reply.header('Content-Security-Policy', docsPolicy);
    } else if (!(isWebAppPath(request.url) && reply.statusCode < 400)) {
      // The web app's files set their own caching (web-app.ts): they hold no personal data.
      void reply.header('Cache-Control', 'no-store');
    }
  });
}

/** A CSP header value from helmet-style directives (camelCase names, lists of sources). */
function serializeCsp(directives: Record<string, string[]>): string {
  return Object.entries(directives)
    .map(([name, sources]) => [name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), ...sources].join(' '))
    .join(';');
}
