import { IsInt, IsOptional, IsString, IsUUID, Length, Min } from 'class-validator';
import { ImportJob } from './import-job.dto.js';

/**
 * Records a queued import of a file already stored in the `filon-imports` object store (the
 * gateway streams the upload there: a NATS message cannot carry 200 MB). Answers the queued job.
 * Honours the Idempotency-Key (same key, same file: the first job; another file: 422).
 */
export const subject = 'companies.v1.import.start';
export class Request {
  /** The job id, chosen by the gateway before the upload so that it can name the object. */
  @IsUUID() importId!: string;
  /** Object name in the `filon-imports` bucket. */
  @IsString() @Length(1, 200) objectName!: string;
  @IsOptional() @IsString() @Length(1, 255) filename?: string;
  @IsInt() @Min(0) size!: number;
}
export class Response extends ImportJob {}
