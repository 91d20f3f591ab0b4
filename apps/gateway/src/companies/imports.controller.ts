import { GetImport, ImportJob, StartImport } from '@app/contracts';
import { ValidationFailedError } from '@app/platform';
import { Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { Roles } from '../auth/auth.decorators.js';
import { DEFAULT_IMPORT_BODY_LIMIT_BYTES, GatewayEnv } from '../config/gateway.env.js';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';
import { IdParam } from '../rpc/id-param.js';
import { NatsRpcClient } from '@app/platform';
import { ImportFiles } from './import-files.js';
import { IMPORT_ROUTE, openUpload } from './import-upload.js';

@ApiTags('Companies')
@ApiBearerAuth()
@Controller('companies/imports')
export class ImportsController {
  constructor(
    private readonly services: NatsRpcClient,
    private readonly files: ImportFiles,
    private readonly env: GatewayEnv,
  ) {}

  /**
   * The file goes to the object store as it arrives (a NATS message is limited to 1 MB), then the
   * companies service records the queued job. Whatever fails after the upload removes the file.
   */
  @Post()
  @HttpCode(202)
  @Roles('manager')
  @ApiOperation({
    summary: 'Import companies from a CSV file (ours or INSEE SIRENE columns); follow the job at Location',
    description:
      'Body: the file itself (`Content-Type: text/csv`, optional `Content-Disposition: attachment; filename="…"`) or `multipart/form-data` with the field `file`. Up to 200 MB (IMPORT_BODY_LIMIT_BYTES). Rows are upserted by SIRET.',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'string', format: 'binary', maxLength: DEFAULT_IMPORT_BODY_LIMIT_BYTES, description: 'text/csv: the file' },
        { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', maxLength: DEFAULT_IMPORT_BODY_LIMIT_BYTES } } },
      ],
    },
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key and the same file returns the first job' })
  @ApiAcceptedResponse({ type: ImportJob, description: 'Queued; Location names the job' })
  @ApiServiceProblems(413, 415, 422)
  async start(@Req() request: FastifyRequest, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<ImportJob> {
    const upload = await openUpload(request, this.env.IMPORT_BODY_LIMIT_BYTES);
    const importId = randomUUID();
    try {
      const stored = await this.files.put(importId, upload.stream);
      upload.assertComplete();
      if (stored.size === 0) throw emptyFile();
      // The body was streamed, not parsed: the Idempotency-Key fingerprint covers the file's digest instead.
      const idempotency = caller.idempotency && {
        key: caller.idempotency.key,
        fingerprint: createHash('sha256').update(`POST ${IMPORT_ROUTE}\n${caller.actor.userId}\n${stored.digest}`).digest('hex'),
      };
      const job = await this.services.request(StartImport, { importId, objectName: importId, filename: upload.filename, size: stored.size }, { ...caller, idempotency });
      // A retry with a used Idempotency-Key gets the first job: this upload is not needed.
      if (job.id !== importId) await this.removeFile(importId);
      void reply.header('Location', `${IMPORT_ROUTE}/${job.id}`);
      return job;
    } catch (error) {
      await this.removeFile(importId);
      throw error;
    }
  }

  @Get(':id')
  @ApiOperation({ summary: 'Follow an import: status, counts and the first 1,000 row errors' })
  @ApiOkResponse({ type: ImportJob })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const job = await this.services.requestJson(GetImport, { id }, caller);
    return resourceAnswer(reply, job);
  }

  private async removeFile(name: string): Promise<void> {
    // The bucket's TTL removes what this misses.
    await this.files.delete(name).catch(() => undefined);
  }
}

const emptyFile = () => new ValidationFailedError([{ field: 'file', code: 'emptyFile', message: 'is empty' }], 'The file is empty: its first line must name the columns.');
