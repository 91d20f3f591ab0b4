import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { fromStatus, sendProblem } from './problem-details.filter.js';

/*
 * Some requests are refused before any route, hook or Nest filter sees them; Fastify would answer
 * those with its own JSON. These two handlers answer the same RFC 9457 problem as every other error.
 */

const ROUTER_DETAILS: Record<string, [status: number, detail: string]> = {
  FST_ERR_BAD_URL: [400, 'The URL holds a percent-encoding that is not UTF-8 text.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'A path parameter is too long.'],
};

/** Fastify's `frameworkErrors`: a URL the router cannot decode, an over-long path parameter. */
export function routerErrorHandler(error: Error & { code?: string }, request: FastifyRequest, reply: FastifyReply): void {
  const [status, detail] = ROUTER_DETAILS[error.code ?? ''] ?? [400, 'The URL is not valid.'];
  // No onRequest hook ran for this request: the id header is set here.
  void reply.header('X-Request-Id', request.id);
  sendProblem(reply, request, fromStatus(status, detail));
}

/**
 * Node's HTTP parser refuses a request line and headers over 16 KB (a 100,000-character query
 * string), malformed HTTP and clients too slow to send their headers. There is no request yet, so
 * no request id: the problem is written on the socket.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request line and headers are larger than 16 KB: send long values in a body.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request took too long to arrive.']
        : [400, 'Bad Request', 'The request is not valid HTTP.'];
  const body = JSON.stringify(fromStatus(status, detail));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
