import { createHmac } from 'node:crypto';
import type { ResearchLimits } from '../../kit/authz/types.ts';

/**
 * Sticky noise (docs/cohorts.md, "Disclosure control"): Laplace noise drawn from an HMAC of the
 * server secret and a key that names the statistic, the canonical query and the data version (a
 * fingerprint of the rows the number is computed from). The same question over the same rows
 * always gets the same noise, so repeating it cannot average the noise away; any change of the
 * rows (a window moved by one EHR, a new commit) draws new noise.
 */
export type NoiseKey = readonly string[];

const TWO_TO_48 = 2 ** 48;

/** Laplace(0, scale), deterministic in (secret, key). */
export function stickyLaplace(secret: string, key: NoiseKey, scale: number): number {
  if (scale === 0) return 0;
  const digest = createHmac('sha256', secret).update(key.join('\u0000')).digest();
  // A uniform number strictly inside (0, 1) from 48 bits of the digest.
  const u = (digest.readUIntBE(0, 6) + 0.5) / TWO_TO_48;
  const centred = u - 0.5;
  return -scale * Math.sign(centred) * Math.log(1 - 2 * Math.abs(centred));
}

/** What a value statistic is computed over: its rows' spread and their distinct EHRs. */
export interface Spread {
  /** Population standard deviation of the cell's values (0 when unknown). */
  stddev: number;
  /** Distinct EHRs of the cell. */
  ehrCount: number;
}

/** The noise of one caller: exact numbers when the caller is not under disclosure control. */
export class Disclosure {
  constructor(
    private readonly secret: string,
    readonly limits: ResearchLimits,
  ) {}

  get applies(): boolean {
    return this.limits.suppressed;
  }

  /** A count with sticky noise, rounded, never negative. */
  count(exact: number, key: NoiseKey): number {
    if (!this.applies) return exact;
    return Math.max(0, Math.round(exact + stickyLaplace(this.secret, ['count', ...key], this.limits.noise.countScale)));
  }

  /** A mean (or percentile): noise of valueScale standard deviations over √n, the order of its own sampling error. */
  central(exact: number | null, spread: Spread, key: NoiseKey): number | null {
    if (!this.applies || exact === null) return exact;
    const scale = (this.limits.noise.valueScale * spread.stddev) / Math.sqrt(Math.max(spread.ehrCount, 1));
    return exact + stickyLaplace(this.secret, ['central', ...key], scale);
  }

  /**
   * Min, max and percentiles are a single EHR's value or close to one: withheld below the policy's
   * threshold of distinct EHRs; above it, min and max get a full standard deviation of noise.
   */
  extreme(exact: number | null, spread: Spread, key: NoiseKey): number | null {
    if (!this.applies || exact === null) return exact;
    if (!this.reportsOrderStatistics(spread)) return null;
    return exact + stickyLaplace(this.secret, ['extreme', ...key], this.limits.noise.valueScale * spread.stddev);
  }

  percentile(exact: number | null, spread: Spread, key: NoiseKey): number | null {
    if (!this.applies || exact === null) return exact;
    return this.reportsOrderStatistics(spread) ? this.central(exact, spread, ['percentile', ...key]) : null;
  }

  private reportsOrderStatistics(spread: Spread): boolean {
    return spread.ehrCount >= this.limits.orderStatisticsMinimumCellSize;
  }
}
