import { describe, expect, it } from 'vitest';
import { BatchBuilder, type Normalise } from './batch-builder.js';
import { mapHeader } from './column-mapping.js';
import { stagingLine } from './staging.js';

// Only the SIRET and the name: what the builder does with a normalised row is what is tested here.
const normalise: Normalise = (fields) => ({ values: { siret: fields.siret, name: fields.name }, errors: [] });

describe('BatchBuilder', () => {
  it('should stage every good row as its COPY line, in UTF-8, and start afresh after each take', () => {
    const builder = new BatchBuilder(mapHeader(['siret', 'name']), normalise, 0);
    const rows = [
      ['55210055400013', 'Boulangerie Dupont'],
      ['73282932000074', 'Pâtisserie « Étoile » 🥐'],
    ];
    rows.forEach((fields, index) => builder.add({ fields, line: index + 2 }));
    const first = builder.take(2);
    expect(first).toMatchObject({ goodRows: 2, skipped: 0, rejected: 0, recordsRead: 2 });
    const expected = rows.map(([siret, name], index) => stagingLine(index + 2, { siret, name })).join('');
    expect(first.copyText.toString('utf8')).toBe(expected);

    builder.add({ fields: ['55210055400013', 'Encore'], line: 4 });
    const second = builder.take(3);
    expect(second.goodRows).toBe(1);
    expect(second.copyText.toString('utf8')).toBe(stagingLine(4, { siret: '55210055400013', name: 'Encore' }));
    // The first batch, still being written, keeps its own bytes.
    expect(first.copyText.toString('utf8')).toBe(expected);
  });

  it('should keep every byte when a batch outgrows its first buffer', () => {
    const builder = new BatchBuilder(mapHeader(['siret', 'name']), normalise, 0);
    const name = 'é'.repeat(199) + '€';
    const lines: string[] = [];
    for (let line = 2; line < 8_002; line++) {
      builder.add({ fields: ['55210055400013', name], line });
      lines.push(stagingLine(line, { siret: '55210055400013', name }));
    }
    const batch = builder.take(8_000);
    expect(batch.goodRows).toBe(8_000);
    expect(batch.copyText.length).toBeGreaterThan(2 * 1024 * 1024);
    expect(batch.copyText.toString('utf8')).toBe(lines.join(''));
  });
});
