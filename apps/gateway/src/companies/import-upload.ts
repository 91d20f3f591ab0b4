import { PayloadTooLargeError, UnsupportedMediaTypeError, ValidationFailedError } from '@app/platform';
import fastifyMultipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyRequest } from 'fastify';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';

/** The one route that takes a file. */
export const IMPORT_ROUTE = '/api/v1/companies/imports';
const FILE_FIELD = 'file';
// A multipart body is the file plus boundaries and part headers.
const MULTIPART_OVERHEAD_BYTES = 64 * 1024;
const RAW_BODY = Symbol('importBody');
const CSV_TYPES = ['text/csv', 'application/csv'];

type WithRawBody = FastifyRequest & { [RAW_BODY]?: Readable };

/** An upload being received: its bytes, and a check to run once they are all read. */
export interface Upload {
  stream: Readable;
  filename?: string;
  /** Throws the 413 problem when the file was cut at the size limit. */
  assertComplete(): void;
}

/**
 * Teaches Fastify the import bodies without reading them: `text/csv` is handed over as the raw
 * stream and `multipart/form-data` parsed lazily by @fastify/multipart, so a 200 MB file flows
 * through to the object store in small chunks. Both are refused (415) on every other route, which
 * keep the JSON-only rule and the global body limit.
 */
export async function registerImportBodies(app: NestFastifyApplication): Promise<void> {
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('preParsing', async (request) => {
    if (request.routeOptions.url === IMPORT_ROUTE) return;
    const type = mediaType(request);
    if (type === 'multipart/form-data' || CSV_TYPES.includes(type)) {
      throw Object.assign(new Error('Unsupported media type'), { statusCode: 415, code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE' });
    }
  });
  fastify.addContentTypeParser(CSV_TYPES, (request, payload, done) => {
    (request as WithRawBody)[RAW_BODY] = payload as Readable;
    done(null, undefined);
  });
  // Limits are given per request (IMPORT_BODY_LIMIT_BYTES) when the file is read.
  await app.register(fastifyMultipart as never, { limits: { files: 1, parts: 20 } });
}

/** Opens the uploaded file of an import request, or answers 413 / 415 / 400 as the request deserves. */
export async function openUpload(request: FastifyRequest, limitBytes: number): Promise<Upload> {
  const type = mediaType(request);
  const multipart = type === 'multipart/form-data';
  if (!multipart && !CSV_TYPES.includes(type)) {
    throw new UnsupportedMediaTypeError('Send the CSV file as the body with Content-Type: text/csv, or as the multipart/form-data field "file".');
  }
  const declared = Number(request.headers['content-length']);
  if (declared > limitBytes + (multipart ? MULTIPART_OVERHEAD_BYTES : 0)) throw tooLarge(limitBytes);
  if (!multipart) {
    // pipeline, not pipe: a client that goes away must fail the upload, not leave it waiting.
    const stream = pipeline((request as WithRawBody)[RAW_BODY] ?? request.raw, new ByteLimit(limitBytes), () => undefined);
    return { stream, filename: filenameOf(request.headers['content-disposition']), assertComplete: () => undefined };
  }
  const part = await request.file({ limits: { fileSize: limitBytes, files: 1 } });
  if (!part || part.fieldname !== FILE_FIELD) {
    part?.file.resume();
    throw new ValidationFailedError([{ field: FILE_FIELD, code: 'required', message: 'is required' }], `Send the CSV file in the multipart field "${FILE_FIELD}".`);
  }
  request.raw.once('close', () => {
    if (!request.raw.complete) part.file.destroy(new Error('The client closed the connection during the upload'));
  });
  return {
    stream: part.file,
    filename: part.filename || undefined,
    assertComplete: () => {
      // busboy stops the file at the limit and marks it truncated.
      if (part.file.truncated) throw tooLarge(limitBytes);
    },
  };
}

/** True when an error from reading the upload is our size limit. */
export function isTooLarge(error: unknown): error is PayloadTooLargeError {
  return error instanceof PayloadTooLargeError;
}

export function tooLarge(limitBytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`An import file may be at most ${limitBytes} bytes.`);
}

function mediaType(request: FastifyRequest): string {
  return (request.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
}

/** `attachment; filename="x.csv"` → `x.csv`. */
export function filenameOf(disposition: string | undefined): string | undefined {
  const match = disposition ? /filename="?([^";]+)"?/i.exec(disposition) : null;
  const name = match?.[1].trim().slice(0, 255);
  return name ? name : undefined;
}

/** Passes bytes through and fails with the 413 problem past `limit`. */
class ByteLimit extends Transform {
  private seen = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    if (this.seen > this.limit) callback(tooLarge(this.limit));
    else callback(null, chunk);
  }
}
