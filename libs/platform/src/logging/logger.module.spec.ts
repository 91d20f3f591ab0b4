import Fastify, { type FastifyInstance } from 'fastify';
import { PinoLogger } from 'nestjs-pino';
import { setTimeout as sleep } from 'node:timers/promises';
import { Writable } from 'node:stream';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { pinoHttpOptions } from './logger.module.js';
import { registerRequestLogging } from './request-logging.js';

describe("the gateway's request logging (registerRequestLogging)", () => {
  const lines: Record<string, unknown>[] = [];
  let logger: PinoLogger;
  let app: FastifyInstance | undefined;

  beforeAll(() => {
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    logger = new PinoLogger({ pinoHttp: [pinoHttpOptions({ service: 'gateway', level: 'info' }), destination] });
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** A real Fastify server with the hooks; each request's id is its `x-id` header. Returns the lines written. */
  async function serve(requests: { url: string; id: string; headers?: Record<string, string> }[]): Promise<Record<string, unknown>[]> {
    lines.length = 0;
    app = Fastify({ genReqId: (request) => String(request.headers['x-id']) });
    registerRequestLogging(app, logger, { quiet: (url) => url.startsWith('/health') });
    app.get('/api/v1/companies', async (request) => {
      // After an await, as a handler logs after its NATS call: still in the request's context.
      await sleep(Number((request.query as { wait?: string }).wait ?? 1));
      logger.warn({ step: 'inside' }, 'working');
      return {};
    });
    app.get('/health/live', async () => ({}));
    app.get('/boom', async (_request, reply) => reply.status(502).send({}));
    const base = await app.listen({ port: 0, host: '127.0.0.1' });
    await Promise.all(
      requests.map(async ({ url, id, headers }) => expect((await fetch(`${base}${url}`, { headers: { 'x-id': id, ...headers } })).status).toBeLessThan(600)),
    );
    await sleep(20);
    return [...lines];
  }

  it("should write one access line per request with its id, method, path, user agent, status and time, and bind the id to the handler's lines", async () => {
    const written = await serve([{ url: '/api/v1/companies?limit=1', id: 'req-1', headers: { 'user-agent': 'filon-test' } }]);
    expect(written).toEqual([
      expect.objectContaining({ service: 'gateway', requestId: 'req-1', msg: 'working', step: 'inside' }),
      expect.objectContaining({
        service: 'gateway',
        requestId: 'req-1',
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/companies?limit=1', userAgent: 'filon-test' }),
        res: expect.objectContaining({ statusCode: 200 }),
        responseTime: expect.any(Number),
      }),
    ]);
  });

  it('should keep the ids of concurrent requests apart', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `req-${i}`);
    const written = await serve(ids.map((id, i) => ({ url: `/api/v1/companies?wait=${10 - i}`, id })));
    for (const id of ids) expect(written.filter((line) => line.requestId === id).map((line) => line.msg).sort()).toEqual(['request completed', 'working']);
  });

  it("should never write the caller's token or cookies", async () => {
    const written = await serve([{ url: '/api/v1/companies', id: 'req-2', headers: { authorization: 'Bearer secret-token-abc', cookie: 'session=secret-cookie-xyz' } }]);
    expect(written).toHaveLength(2);
    expect(JSON.stringify(written)).not.toMatch(/secret-token-abc|secret-cookie-xyz/);
    expect(written.find((line) => line.msg === 'request completed')!.req).not.toHaveProperty('headers');
  });

  it('should write no access line for probes, and say that a 5xx answer errored', async () => {
    const written = await serve([
      { url: '/health/live', id: 'probe' },
      { url: '/boom', id: 'boom' },
    ]);
    expect(written.filter((line) => line.requestId === 'probe')).toEqual([]);
    expect(written).toEqual([expect.objectContaining({ requestId: 'boom', msg: 'request errored', res: expect.objectContaining({ statusCode: 502 }) })]);
  });
});
