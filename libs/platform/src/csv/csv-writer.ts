import { pipeline, Readable } from 'node:stream';
import { stringify } from 'csv-stringify';

/**
 * What a spreadsheet reads as the start of a formula (OWASP, CSV injection): a cell of text starting
 * with one of these is prefixed with `'`, so that Excel or LibreOffice shows it as text and never
 * runs it (`=HYPERLINK(...)`, `@SUM(...)`, `-2+3`, a tab or carriage return before them).
 */
const FORMULA_STARTS = new Set(['=', '+', '-', '@', '\t', '\r']);

/** `text` as a spreadsheet shows it without evaluating it. Numbers are written as numbers, never through here. */
export function neutraliseFormula(text: string): string {
  return text.length > 0 && FORMULA_STARTS.has(text[0]) ? `'${text}` : text;
}

export interface CsvColumn<Row> {
  header: string;
  /** The cell: text is neutralised, a number written as is, null left empty. */
  value: (row: Row) => string | number | null;
}

/**
 * A CSV file as people open it, streamed as `rows` come: RFC 4180 (comma, CRLF, quotes doubled, a
 * cell with a comma, a quote or a line break quoted), UTF-8 with a byte order mark so that Excel
 * reads accents right, a header line, every text cell neutralised against formula injection. Cells
 * holding `;` are quoted too, so that a spreadsheet set for semicolon-separated files (French
 * Excel) keeps them whole. Rows are pulled only as fast as the file is read.
 *
 * The one writer of every CSV filon produces. `onError` hears a failure of `rows` (the stream
 * then ends in error: an HTTP answer is cut short rather than looking complete).
 */
export function csvStream<Row>(columns: readonly CsvColumn<Row>[], rows: Iterable<Row> | AsyncIterable<Row>, onError: (error: Error) => void): Readable {
  const file = stringify({
    bom: true,
    header: true,
    columns: columns.map((column, index) => ({ key: String(index), header: column.header })),
    record_delimiter: 'windows',
    quoted_match: [';', '\n', '\r'],
    cast: { string: (value, context) => (context.header ? value : neutraliseFormula(value)) },
  });
  async function* records() {
    for await (const row of rows) yield columns.map((column) => column.value(row));
  }
  pipeline(Readable.from(records()), file, (error) => {
    if (error) onError(error);
  });
  return file;
}
