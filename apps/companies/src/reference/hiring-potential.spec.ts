import { describe, expect, it } from 'vitest';
import { referenceDataDir } from './data-dir.js';
import { hiringPotential, LARGEST_HEAD_COUNT } from './hiring-potential.js';
import { ReferenceData } from './reference-data.js';
import { readReferenceCsv } from './reference-tables.js';

describe('hiringPotential', () => {
  it('should give 56 when it is the README worked example (24,175 bakery hires, most 171,094, 3 employees)', () => {
    // sector = ln(24,176) / ln(171,095) = 0.838; size = ln(4) / ln(10,001) = 0.151; 100 × (0.6 × 0.838 + 0.4 × 0.151) = 56.3
    expect(hiringPotential({ nafHires: 24_175, maxNafHires: 171_094, minEmployees: 3 })).toBe(56);
  });

  it('should give 100 when the company is in the sector that hires most and in the largest size band', () => {
    expect(hiringPotential({ nafHires: 500, maxNafHires: 500, minEmployees: LARGEST_HEAD_COUNT })).toBe(100);
  });

  it('should give 0 when no hire was observed for the sector and the size is unknown', () => {
    expect(hiringPotential({ nafHires: 0, maxNafHires: 500, minEmployees: null })).toBe(0);
  });

  it('should give only the sector part when the company employs nobody', () => {
    expect(hiringPotential({ nafHires: 500, maxNafHires: 500, minEmployees: 0 })).toBe(60);
    expect(hiringPotential({ nafHires: 500, maxNafHires: 500, minEmployees: null })).toBe(60);
  });

  it('should never decrease when the sector hires more or the company is bigger', () => {
    let previous = -1;
    for (const nafHires of [0, 1, 10, 100, 1_000, 10_000, 100_000]) {
      const potential = hiringPotential({ nafHires, maxNafHires: 100_000, minEmployees: 10 });
      expect(potential).toBeGreaterThanOrEqual(previous);
      previous = potential;
    }
    previous = -1;
    for (const minEmployees of [0, 1, 3, 10, 50, 250, 1_000, 10_000, 50_000]) {
      const potential = hiringPotential({ nafHires: 100, maxNafHires: 100_000, minEmployees });
      expect(potential).toBeGreaterThanOrEqual(previous);
      expect(potential).toBeLessThanOrEqual(100);
      previous = potential;
    }
  });
});

describe('ReferenceData.estimateHiringPotential', () => {
  const reference = ReferenceData.fromTables(readReferenceCsv(referenceDataDir()));

  it('should sum the hires of every ROME job for the NAF code when it estimates (the README examples)', () => {
    expect(reference.estimateHiringPotential('10.71C', '02')).toBe(56);
    expect(reference.estimateHiringPotential('10.71C', '21')).toBe(67);
    expect(reference.estimateHiringPotential('56.10A', '02')).toBe(66);
  });

  it('should rank a big restaurant above a small one and above a small bakery when estimating', () => {
    const bigRestaurant = reference.estimateHiringPotential('56.10A', '22')!;
    const smallRestaurant = reference.estimateHiringPotential('56.10A', '01')!;
    expect(bigRestaurant).toBeGreaterThan(smallRestaurant);
    expect(smallRestaurant).toBeGreaterThan(reference.estimateHiringPotential('10.71C', '01')!);
  });

  it('should estimate nothing when the NAF code is missing or unknown', () => {
    expect(reference.estimateHiringPotential(null, '02')).toBeNull();
    expect(reference.estimateHiringPotential('99.99Z', '02')).toBeNull();
  });

  it('should count a non-employer or an unknown size band as no size when estimating', () => {
    expect(reference.estimateHiringPotential('10.71C', 'NN')).toBe(reference.estimateHiringPotential('10.71C', null));
    expect(reference.estimateHiringPotential('10.71C', '00')).toBe(reference.estimateHiringPotential('10.71C', null));
  });
});
