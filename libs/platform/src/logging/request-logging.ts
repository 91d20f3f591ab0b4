import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PinoLogger } from 'nestjs-pino';

export interface RequestLoggingOptions {
  /** Requests with no access line (probes). Their logging context stays. */
  quiet?: (url: string) => boolean;
}

/**
 * The gateway's per-request logging, as two Fastify hooks: every request runs in a logging context
 * bound to its id (so every line logged while it is handled carries `requestId`), and gets one access
 * line when its response is sent. pino-http, which did this through Nest's middleware, built two
 * child loggers per request, serialising the request into the second one whether or not the access
 * line was written, and added its own response listeners (bench/RESULTS.md: `child`, `asChindings` and
 * the middleware's hops, about 5 % of the gateway). Here one child is built per request, and the
 * access line's fields only when its level is on.
 *
 * The access line says of the request its id, method, URL, client address and user agent: no
 * headers, so no token or cookie can reach a log; of the response its status and the time it took.
 */
export function registerRequestLogging(fastify: FastifyInstance, logger: PinoLogger, { quiet }: RequestLoggingOptions = {}): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    // The id the access line's request serialiser (pino-std-serializers' view of the raw request) reads.
    (request.raw as { id?: string }).id = request.id;
    logger.runInContext(done, { bindings: { requestId: request.id } });
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    if (!quiet?.(request.url)) writeAccessLine(request, reply);
    done();
  });
}

/** Written from the root logger with the id as a field: 'onResponse' may run outside the request's context. */
function writeAccessLine(request: FastifyRequest, reply: FastifyReply): void {
  const line = PinoLogger.root;
  if (!line.isLevelEnabled('info')) return;
  // The root logger's serialisers (pinoHttpOptions) turn the raw request and response into the line's fields.
  const fields = { requestId: request.id, req: request.raw, res: reply.raw, responseTime: Math.round(reply.elapsedTime) };
  if (reply.statusCode >= 500) line.info({ ...fields, err: new Error(`failed with status code ${reply.statusCode}`) }, 'request errored');
  else line.info(fields, 'request completed');
}
