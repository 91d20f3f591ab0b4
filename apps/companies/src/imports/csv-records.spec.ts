import { describe, expect, it } from 'vitest';
import { CsvFormatError, type CsvRecord, detectDelimiter, readCsvRecords } from './csv-records.js';

async function records(text: string | Buffer, chunkSize = 7): Promise<CsvRecord[]> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  // Small chunks: records, BOM and multi-byte characters straddle chunk boundaries.
  const chunks = (async function* () {
    for (let offset = 0; offset < bytes.length; offset += chunkSize) yield bytes.subarray(offset, offset + chunkSize);
  })();
  const all: CsvRecord[] = [];
  for await (const record of readCsvRecords(chunks)) all.push(record);
  return all;
}

describe('detectDelimiter', () => {
  it.each([
    ['siret;name;city', ';'],
    ['siret,name,city', ','],
    ['siret;name,with comma;city', ';'],
    ['siret', ','],
  ])('should pick the right delimiter when the header is %s', (header, expected) => {
    expect(detectDelimiter(header)).toBe(expected);
  });
});

describe('readCsvRecords', () => {
  it('should strip the BOM and read ; separated CRLF lines when given an Excel export', async () => {
    expect(await records('\uFEFFsiret;name\r\n1;Dupont\r\n2;Été\r\n')).toEqual([
      { fields: ['siret', 'name'], line: 1 },
      { fields: ['1', 'Dupont'], line: 2 },
      { fields: ['2', 'Été'], line: 3 },
    ]);
  });

  it('should keep separators, doubled quotes and line breaks inside quoted fields', async () => {
    expect(await records('siret,name\n1,"Dupont, père et ""fils"""\n2,"Deux\nlignes"\n')).toEqual([
      { fields: ['siret', 'name'], line: 1 },
      { fields: ['1', 'Dupont, père et "fils"'], line: 2 },
      { fields: ['2', 'Deux\nlignes'], line: 3 },
    ]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('should count a line break inside a quoted field once when lines end with %s', async (_label, eol) => {
    const text = ['siret;name', '1;"a', 'b', 'c"', '', '2;x', ''].join(eol);
    const all = await records(text);
    expect(all.map((record) => record.line)).toEqual([1, 2, 5, 6]);
    expect(all[1].fields[1]).toBe(['a', 'b', 'c'].join(eol));
    expect(all[2].fields).toEqual(['']);
  });

  it('should read the last line when the file does not end with a line break', async () => {
    expect((await records('siret,name\n1,a')).map((record) => record.fields)).toEqual([['siret', 'name'], ['1', 'a']]);
  });

  it('should fail with a CsvFormatError when a quote is never closed', async () => {
    await expect(records('siret,name\n1,"never closed\n2,b\n')).rejects.toBeInstanceOf(CsvFormatError);
  });

  it('should fail with a CsvFormatError naming the size when a record grows past 64 KiB', async () => {
    await expect(records(`siret,name\n1,"${'x'.repeat(70_000)}`, 4096)).rejects.toThrow(/longer than/);
  });
});
