import { buffer, text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { csvStream, neutraliseFormula } from './csv-writer.js';

interface Row {
  name: string | null;
  count: number;
}
const COLUMNS = [
  { header: 'name', value: (row: Row) => row.name },
  { header: 'count', value: (row: Row) => row.count },
];
const write = (rows: Row[]) => text(csvStream(COLUMNS, rows, () => undefined));

describe('csvStream', () => {
  it('should start with a UTF-8 BOM and a header, and end every record with CRLF', async () => {
    // Read as bytes: a text decoder would drop the BOM.
    const bytes = await buffer(csvStream(COLUMNS, [{ name: 'a', count: 1 }], () => undefined));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('name,count\r\na,1\r\n');
  });

  it('should quote commas, quotes, line breaks and semicolons, and keep accents', async () => {
    const file = await write([
      { name: 'Dupont, père & fils', count: 1 },
      { name: 'Le "Fournil"', count: 2 },
      { name: 'deux\nlignes', count: 3 },
      { name: 'a;b', count: 4 },
      { name: 'Œuvre à côté', count: 5 },
      { name: null, count: 6 },
    ]);
    expect(file.split('\r\n').slice(1)).toEqual(['"Dupont, père & fils",1', '"Le ""Fournil""",2', '"deux\nlignes",3', '"a;b",4', 'Œuvre à côté,5', ',6', '']);
  });

  it('should neutralise text cells that a spreadsheet would run as a formula, but not numbers', async () => {
    const file = await write([
      { name: '=HYPERLINK("http://x")', count: -1 },
      { name: '@SUM(A1)', count: 0 },
    ]);
    expect(file.split('\r\n').slice(1, 3)).toEqual([`"'=HYPERLINK(""http://x"")",-1`, "'@SUM(A1),0"]);
  });

  it('should end in error when the rows fail, so that a cut-short file never looks complete', async () => {
    const errors: Error[] = [];
    async function* failing() {
      yield { name: 'a', count: 1 };
      throw new Error('page 2 failed');
    }
    await expect(text(csvStream(COLUMNS, failing(), (error) => errors.push(error)))).rejects.toThrow('page 2 failed');
    expect(errors.map((error) => error.message)).toEqual(['page 2 failed']);
  });
});

describe('neutraliseFormula', () => {
  it.each(['=1+1', '+33 6 12', '-2', '@cmd', '\tx', '\rx'])('should prefix %j with a quote', (cell) => {
    expect(neutraliseFormula(cell)).toBe(`'${cell}`);
  });

  it.each(['Boulangerie', '', ' =1', "l'atelier"])('should leave %j as it is', (cell) => {
    expect(neutraliseFormula(cell)).toBe(cell);
  });
});
