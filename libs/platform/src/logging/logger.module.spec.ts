import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { afterEach, describe, expect, it } from 'vitest';
import { pinoHttpOptions } from './logger.module.js';

describe("the gateway's access log (pinoHttpOptions)", () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** A real HTTP server logging through pino-http with the gateway's options; returns the lines written. */
  async function serveOnce(headers: Record<string, string>): Promise<Record<string, unknown>[]> {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
        done();
      },
    });
    const logger = pinoHttp({ ...pinoHttpOptions({ service: 'gateway', level: 'info', http: { genReqId: () => 'req-1' } }), stream: destination } as never);
    server = createServer((request, response) => {
      logger(request, response);
      response.end('{}');
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect((await fetch(`http://127.0.0.1:${port}/api/v1/companies?limit=1`, { headers })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    return lines;
  }

  it('should write one line per request with its id, method, path, user agent and status', async () => {
    const lines = await serveOnce({ 'user-agent': 'filon-test' });
    expect(lines).toEqual([
      expect.objectContaining({
        service: 'gateway',
        requestId: 'req-1',
        msg: 'request completed',
        req: expect.objectContaining({ method: 'GET', url: '/api/v1/companies?limit=1', userAgent: 'filon-test' }),
        res: expect.objectContaining({ statusCode: 200 }),
      }),
    ]);
  });

  it("should never write the caller's token or cookies", async () => {
    const lines = await serveOnce({ authorization: 'Bearer secret-token-abc', cookie: 'session=secret-cookie-xyz' });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/secret-token-abc|secret-cookie-xyz/);
    expect(lines[0]!.req).not.toHaveProperty('headers');
  });
});
