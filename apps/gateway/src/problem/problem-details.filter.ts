import { CommonProblem, type Problem } from '@app/contracts';
import { DomainError, internalProblem, isDatabaseUnavailable, ServiceUnavailableError, UpstreamProblemError } from '@app/platform';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from './http-problem.js';

const TITLES: Record<number, [type: string, title: string]> = {
  400: [CommonProblem.MalformedRequest, 'Malformed request'],
  401: [CommonProblem.Unauthenticated, 'Unauthenticated'],
  403: [CommonProblem.Forbidden, 'Forbidden'],
  404: [CommonProblem.NotFound, 'Not found'],
  405: [CommonProblem.MalformedRequest, 'Method not allowed'],
  409: [CommonProblem.Conflict, 'Conflict'],
  412: [CommonProblem.PreconditionFailed, 'Stale version'],
  413: [CommonProblem.PayloadTooLarge, 'Request body too large'],
  415: [CommonProblem.UnsupportedMediaType, 'Unsupported content type'],
  422: [CommonProblem.BusinessRule, 'Unprocessable request'],
  429: [CommonProblem.TooManyRequests, 'Too many requests'],
  503: [CommonProblem.ServiceUnavailable, 'Service unavailable'],
  504: [CommonProblem.Timeout, 'Upstream timeout'],
};

/** Fastify's own errors (body parsing, size) carry these; their messages are safe to show. */
const FASTIFY_DETAILS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'The body is not valid JSON.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty; send a JSON object.',
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is larger than this route accepts.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send the body as application/json.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Content-Length does not match the body.',
};

/**
 * Turns any error into an RFC 9457 problem, described once for every route: known problems pass
 * through, HTTP and Fastify errors get their type and title, a database that cannot be reached is a
 * 503 with Retry-After, anything else is a bare 500 and its details go to the log with the request
 * id, never to the client.
 */
export function toProblem(exception: unknown, logger: Logger, requestId: string): Problem {
  if (exception instanceof HttpProblem) return exception.problem;
  if (exception instanceof DomainError) return exception.toProblem();
  if (exception instanceof UpstreamProblemError) {
    if (exception.problem.status >= 500) logger.warn({ requestId, problem: exception.problem }, 'Upstream problem');
    return exception.problem;
  }
  if (exception instanceof HttpException) return fromStatus(exception.getStatus(), httpDetail(exception));
  const fastify = exception as { statusCode?: number; code?: string };
  if (typeof fastify.statusCode === 'number' && fastify.statusCode < 500 && typeof fastify.code === 'string') {
    return fromStatus(fastify.statusCode, FASTIFY_DETAILS[fastify.code] ?? undefined);
  }
  if (isDatabaseUnavailable(exception)) {
    logger.warn({ err: exception, requestId }, 'Database unavailable');
    return new ServiceUnavailableError().toProblem();
  }
  logger.error({ err: exception, requestId }, 'Unhandled error');
  return internalProblem();
}

export function fromStatus(status: number, detail?: string): Problem {
  const [type, title] = TITLES[status] ?? (status >= 500 ? [CommonProblem.Internal, 'Internal error'] : [CommonProblem.MalformedRequest, 'Bad request']);
  return { type, title, status, ...(detail ? { detail } : {}) };
}

function httpDetail(exception: HttpException): string | undefined {
  if (exception.getStatus() >= 500) return undefined;
  const response = exception.getResponse();
  if (typeof response === 'string') return response;
  const message = (response as { message?: unknown }).message;
  return typeof message === 'string' ? message : undefined;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: Problem): void {
  const body: Problem = { ...problem, instance: request.url.split('?')[0], requestId: request.id };
  if ((problem.status === 429 || problem.status === 503) && typeof problem.retryAfterSeconds === 'number') reply.header('Retry-After', String(problem.retryAfterSeconds));
  void reply.status(problem.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(JSON.stringify(body));
}

@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    sendProblem(http.getResponse<FastifyReply>(), request, toProblem(exception, this.logger, request.id));
  }
}
