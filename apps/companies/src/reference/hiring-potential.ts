/**
 * The hiring potential estimate (0–100) when none is imported: 60 points for how much the company's
 * sector hires, 40 points for how big the company is, both on a logarithmic scale (README.md,
 * "Hiring potential", has a worked example):
 *
 *   sector = ln(1 + hires observed for its NAF code, summed over every ROME job) / ln(1 + the most any NAF code has)
 *   size   = ln(1 + the smallest head count of its size band) / ln(1 + 10,000)
 *   potential = round(100 × (0.6 × sector + 0.4 × size))
 *
 * No NAF code: no estimate (null). A NAF code with no observed hire scores 0 for its sector; no size
 * band (or NN, a non-employer) scores 0 for size: the estimate only credits what is known.
 */
export const SECTOR_WEIGHT = 0.6;
export const SIZE_WEIGHT = 0.4;
/** The head count that scores the whole size weight: INSEE's largest band starts there. */
export const LARGEST_HEAD_COUNT = 10_000;

export interface HiringInputs {
  /** Hires observed for the company's NAF code (summed over ROME jobs); 0 when none. */
  nafHires: number;
  /** The most hires any NAF code has. */
  maxNafHires: number;
  /** The smallest head count of the company's size band; null when unknown or a non-employer. */
  minEmployees: number | null;
}

export function hiringPotential({ nafHires, maxNafHires, minEmployees }: HiringInputs): number {
  const sector = maxNafHires > 0 ? Math.log1p(nafHires) / Math.log1p(maxNafHires) : 0;
  const size = minEmployees === null ? 0 : Math.min(1, Math.log1p(minEmployees) / Math.log1p(LARGEST_HEAD_COUNT));
  return Math.round(100 * (SECTOR_WEIGHT * sector + SIZE_WEIGHT * size));
}
