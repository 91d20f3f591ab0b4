import { FieldErrorDoc, FieldErrorParamsDoc } from '@app/contracts';
import { httpDuration, registerRequestLogging } from '@app/platform';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger, PinoLogger } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import { TokenService } from './auth/token.service.js';
import { registerImportBodies } from './companies/import-upload.js';
import { GatewayEnv } from './config/gateway.env.js';
import { ProblemDoc } from './problem/api-problems.decorator.js';
import { clientErrorHandler, routerErrorHandler } from './problem/router-errors.js';
import { httpValidationPipe } from './problem/validation.js';
import { documentLimits } from './security/openapi-limits.js';
import { RateBudgets } from './security/rate-budgets.js';
import { registerSecurityHeaders } from './security/security-headers.js';
import { registerWebApp } from './web/web-app.js';

export const API_PREFIX = 'api/v1';
// No `@`: a client's id is written in every log line about the request, and an email must never be.
const REQUEST_ID_PATTERN = /^[\w.:-]{1,200}$/;
// Probes expect these at the root; they are also under /api/v1. /metrics is on OPS_PORT (ops-server.ts).
const ROOT_ALIASES = /^\/(health\/live|health\/ready)(\?.*)?$/;
// Probes get no access line.
const PROBES = /^\/(api\/v1\/)?health/;

/** The Fastify adapter with the gateway's HTTP rules: body limit, request ids, proxy trust. */
export function gatewayAdapter(env: GatewayEnv): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: env.BODY_LIMIT_BYTES,
    // Named proxies only: Fastify 5 takes a hop count as trusting nobody, so it cannot be offered.
    trustProxy: env.TRUSTED_PROXIES || false,
    // A client's X-Request-Id is kept when it is sane; otherwise we make one.
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_PATTERN.test(given) ? given : randomUUID();
    },
    rewriteUrl: (request: { url?: string }) => (request.url && ROOT_ALIASES.test(request.url) ? `/${API_PREFIX}${request.url}` : (request.url ?? '/')),
    return503OnClosing: true,
    // Requests refused before any route (undecodable URL, oversized headers) answer problems too.
    frameworkErrors: routerErrorHandler,
    clientErrorHandler,
  });
}

/**
 * Configures a created gateway app the same way in `main.ts` and in tests: logger, /api/v1,
 * request ids, security headers, the web app at `/`, CORS, rate budgets, metrics, validation and the OpenAPI document. Every error, Fastify's own body errors
 * and unknown routes included, reaches the global ProblemDetailsFilter through Nest's error handler.
 */
export async function configureGateway(app: NestFastifyApplication, env: GatewayEnv, { shutdownHooks = true } = {}): Promise<NestFastifyApplication> {
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(httpValidationPipe());
  if (shutdownHooks) app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // First: every later hook, and the handler, logs inside the request's logging context.
  registerRequestLogging(fastify, await app.resolve(PinoLogger), { quiet: (url) => PROBES.test(url) });
  // Fastify parses text/plain by default; the API takes JSON only, so any other type answers 415.
  fastify.removeContentTypeParser('text/plain');
  // POST /companies/imports alone takes CSV files (text/csv or multipart), streamed, never buffered.
  await registerImportBodies(app);

  fastify.addHook('onRequest', async (request, reply) => {
    void reply.header('X-Request-Id', request.id);
  });
  await registerSecurityHeaders(app, env);
  await registerWebApp(app, env);
  new RateBudgets(env, app.get(TokenService)).register(fastify);
  fastify.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setOpenAPIVersion('3.1.0')
      .setTitle('filon API')
      .setDescription('Prospecting CRM for job-seeker clubs, employment agencies and chambers of trades. Errors are RFC 9457 problem details.')
      .setVersion('1')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'The accessToken from POST /auth/login: a JWT signed with HS256 only, its issuer, audience and expiry checked as RFC8725 advises.',
      })
      .build(),
    { extraModels: [ProblemDoc, FieldErrorDoc, FieldErrorParamsDoc] },
  );
  documentLimits(document);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', useGlobalPrefix: false });
  await app.init();
  await fastify.ready();
  return app;
}
