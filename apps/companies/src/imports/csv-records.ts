import { parse } from 'csv-parse';
import { Readable } from 'node:stream';

/** One record of the file and the physical line where it starts (the header is line 1). */
export interface CsvRecord {
  fields: string[];
  line: number;
}

/** The file cannot be read as CSV (unclosed quote, oversized record…): the job fails with this message. */
export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

// A company row is a few hundred bytes: a longer record is an unclosed quote swallowing the file.
const MAX_RECORD_BYTES = 64 * 1024;
// How much of the file we look at to find the end of the header line.
const HEADER_SCAN_BYTES = 64 * 1024;

/** `;` or `,`: whichever the header line holds more of (French Excel writes `;`, most tools `,`). */
export function detectDelimiter(headerLine: string): ';' | ',' {
  const count = (character: string) => headerLine.split(character).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/**
 * Streams the records of a UTF-8 CSV file (with or without BOM, LF or CRLF, quoted fields holding
 * separators, quotes and line breaks), pulling chunks only as fast as the caller consumes records.
 */
export async function* readCsvRecords(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<CsvRecord> {
  const iterator = chunks[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  // Read until the end of the first line to choose the delimiter.
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = Buffer.from(next.value.buffer, next.value.byteOffset, next.value.byteLength);
    head.push(chunk);
    headBytes += chunk.length;
    if (chunk.includes(0x0a) || chunk.includes(0x0d) || headBytes >= HEADER_SCAN_BYTES) break;
  }
  const start = Buffer.concat(head);
  const firstLine = start.subarray(0, HEADER_SCAN_BYTES).toString('utf8').split(/\r?\n|\r/, 1)[0];
  // No `info` (it costs a third of the parsing time, and counts a quoted CRLF as two lines) and no
  // skip_empty_lines: an empty line comes as a blank record, so lines are counted here.
  const parser = parse({
    delimiter: detectDelimiter(firstLine),
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  const rest = (async function* () {
    yield start;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  })();
  const source = Readable.from(rest, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);

  // Each record starts on the line after the previous one ended; line breaks inside quoted fields
  // (LF or CRLF, one line each) push the next record down.
  let line = 1;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      yield { fields: record, line };
      line++;
      for (const field of record) if (field.length > 0 && field.indexOf('\n') >= 0) line += countOf(field, '\n');
    }
  } catch (error) {
    if (isCsvParseError(error)) throw new CsvFormatError(describeCsvError(error));
    throw error;
  } finally {
    source.destroy();
  }
}

function countOf(text: string, search: string): number {
  let count = 0;
  for (let index = text.indexOf(search); index >= 0; index = text.indexOf(search, index + search.length)) count++;
  return count;
}

function isCsvParseError(error: unknown): error is Error & { code: string; lines?: number } {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('CSV_');
}

function describeCsvError(error: Error & { code: string; lines?: number }): string {
  const near = error.lines ? ` near line ${error.lines}` : '';
  if (error.code === 'CSV_MAX_RECORD_SIZE') return `The file is not valid CSV${near}: a row is longer than ${MAX_RECORD_BYTES} bytes (an unclosed quote?).`;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') return `The file is not valid CSV${near}: a quote is never closed.`;
  return `The file is not valid CSV${near}: ${error.message}`;
}
