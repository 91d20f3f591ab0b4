import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';

/** Every line any captured app wrote during the run, one file per test process (read after the run). */
export const SUITE_LOG_DIRECTORY = join(process.cwd(), 'test-results', 'logs');

/**
 * Collects JSON log lines written by the apps of a test (see useLogDestination), and appends them
 * to this process's file under SUITE_LOG_DIRECTORY, so that a check after the whole suite can read
 * every line every test produced.
 */
export class LogCapture extends Writable {
  readonly lines: Record<string, unknown>[] = [];
  private readonly file = join(SUITE_LOG_DIRECTORY, `${process.pid}.ndjson`);

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    const text = chunk.toString('utf8');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        this.lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        this.lines.push({ raw: line });
      }
    }
    mkdirSync(SUITE_LOG_DIRECTORY, { recursive: true });
    appendFileSync(this.file, text.endsWith('\n') ? text : `${text}\n`);
    done();
  }

  /** The lines written with this request id, from any process. */
  forRequest(requestId: string): Record<string, unknown>[] {
    return this.lines.filter((line) => line.requestId === requestId);
  }
}
