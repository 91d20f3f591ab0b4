import { Header } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { etagOf } from './if-match.js';

/**
 * A route that answers the service's reply unchanged: the handler returns the JSON text
 * `NatsRpcClient.requestJson` hands over, which is neither parsed nor serialised again here
 * (the two were a tenth of the gateway's CPU per search; issue 12). Routes that read or add to
 * the reply's resource (an ETag from its version, a Location from its id) return `resourceAnswer`.
 */
export const ServiceJson = (): MethodDecorator => Header('Content-Type', 'application/json; charset=utf-8');

/** `{"id":"…"` at the start of a resource's JSON text: its top-level id (every mapper writes it first). */
const LEADING_ID = /^\{"id":"([^"\\]+)"/;
/** `"version":N}` at its end: its top-level version (every mapper writes it last; a nested one would end in `}}`). */
const TRAILING_VERSION = /"version":(\d+)\}$/;

/**
 * The id and version of a resource the service sent as JSON text, read from the text's two ends without
 * parsing it; parsed when a mapper wrote them elsewhere, so the answer is the same either way.
 */
export function resourceFieldsOf(json: string): { id: string; version: number } {
  const id = LEADING_ID.exec(json);
  const version = TRAILING_VERSION.exec(json);
  if (id && version) return { id: id[1], version: Number(version[1]) };
  const resource = JSON.parse(json) as { id: string; version: number };
  return { id: resource.id, version: resource.version };
}

/**
 * A resource route's answer (with `@ServiceJson()`): the service's JSON text, sent on unchanged, with its
 * ETag (its version) and, for a creation, its Location under `collection`.
 */
export function resourceAnswer(reply: FastifyReply, json: string, collection?: string): string {
  const { id, version } = resourceFieldsOf(json);
  void reply.header('ETag', etagOf(version));
  if (collection !== undefined) void reply.header('Location', `${collection}/${id}`);
  return json;
}
