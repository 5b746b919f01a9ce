import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Disclosure, stickyLaplace } from '../../../../subgraphs/clinical/disclosure/noise.ts';
import { CLINICIAN, meanAndSpread, median, RESEARCHER, secret } from './support.ts';

describe('stickyLaplace', () => {
  it('is the same for the same secret and key, and different for another secret or key', () => {
    const a = stickyLaplace(secret(1), ['count', 'rows-1'], 2);
    expect(stickyLaplace(secret(1), ['count', 'rows-1'], 2)).toBe(a);
    expect(stickyLaplace(secret(2), ['count', 'rows-1'], 2)).not.toBe(a);
    expect(stickyLaplace(secret(1), ['count', 'rows-2'], 2)).not.toBe(a);
    // key parts are separated: ['ab', 'c'] is not ['a', 'bc']
    expect(stickyLaplace(secret(1), ['ab', 'c'], 2)).not.toBe(stickyLaplace(secret(1), ['a', 'bc'], 2));
    expect(stickyLaplace(secret(1), ['count', 'rows-1'], 0)).toBe(0);
  });

  it('is Laplace(0, b): mean 0, mean absolute value b, median absolute value b ln 2', () => {
    const draws = Array.from({ length: 20_000 }, (_, i) => stickyLaplace(secret(0), ['draw', String(i)], 3));
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const meanAbs = draws.reduce((sum, x) => sum + Math.abs(x), 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(meanAbs).toBeGreaterThan(2.85);
    expect(meanAbs).toBeLessThan(3.15);
    expect(median(draws.map(Math.abs))).toBeCloseTo(3 * Math.LN2, 0);
  });
});

describe('Disclosure', () => {
  const spread = (ehrCount: number) => ({ stddev: 1.5, ehrCount });

  it('gives exact numbers to callers who are not under disclosure control', () => {
    const exact = new Disclosure(secret(1), CLINICIAN);
    expect([exact.count(7, ['k']), exact.central(6.5, spread(7), ['k']), exact.extreme(9, spread(7), ['k']), exact.percentile(6, spread(7), ['k'])]).toEqual([
      7, 6.5, 9, 6,
    ]);
  });

  it('noises counts to whole numbers, never negative, the same every time', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.string(), fc.integer({ min: 0, max: 50 }), (count, key, i) => {
        const disclosure = new Disclosure(secret(i), RESEARCHER);
        const noised = disclosure.count(count, [key]);
        expect(Number.isInteger(noised) && noised >= 0).toBe(true);
        expect(disclosure.count(count, [key])).toBe(noised);
      }),
    );
  });

  it('withholds min, max and percentiles below orderStatisticsMinimumCellSize EHRs, noises them above', () => {
    const disclosure = new Disclosure(secret(1), RESEARCHER);
    expect([disclosure.extreme(9, spread(19), ['max']), disclosure.percentile(6, spread(19), ['p95'])]).toEqual([null, null]);
    const max = disclosure.extreme(9, spread(20), ['max']);
    expect(max).not.toBeNull();
    expect(max).not.toBe(9);
    expect(disclosure.percentile(6, spread(20), ['p95'])).not.toBe(6);
  });
});

/**
 * The differencing attack of issue 12: two totals whose windows differ by one EHR, the value of
 * that EHR estimated as count₂·mean₂ − count₁·mean₁. The rows differ, so each total has noise of
 * its own (fresh fingerprints), and the estimate is off by the documented amount: with noised
 * counts about countScale·|mean| (median), and even with both counts known exactly about
 * 0.8·valueScale·σ·√n.
 */
describe('the differencing attack against noised cells', () => {
  const cells = fc.record({
    base: fc.array(fc.double({ min: 4, max: 14, noNaN: true }), { minLength: 5, maxLength: 80 }),
    value: fc.double({ min: 4, max: 14, noNaN: true }),
  });

  it('does not recover the added EHR value better than the documented noise', () => {
    fc.assert(
      fc.property(cells, ({ base, value }) => {
        const before = meanAndSpread(base);
        const after = meanAndSpread([...base, value]);
        const n = base.length;
        const noisyCountErrors: number[] = [];
        const exactCountErrors: number[] = [];
        for (let i = 0; i < 200; i += 1) {
          const disclosure = new Disclosure(secret(i), RESEARCHER);
          const c1 = disclosure.count(n, ['ehrs', 'window-1']);
          const c2 = disclosure.count(n + 1, ['ehrs', 'window-2']);
          const m1 = disclosure.central(before.mean, { stddev: before.stddev, ehrCount: n }, ['mean', 'window-1']) as number;
          const m2 = disclosure.central(after.mean, { stddev: after.stddev, ehrCount: n + 1 }, ['mean', 'window-2']) as number;
          noisyCountErrors.push(Math.abs(c2 * m2 - c1 * m1 - value));
          exactCountErrors.push(Math.abs((n + 1) * m2 - n * m1 - value));
        }
        expect(median(noisyCountErrors)).toBeGreaterThan(RESEARCHER.noise.countScale * after.mean * 0.5);
        expect(median(exactCountErrors)).toBeGreaterThan(0.5 * RESEARCHER.noise.valueScale * after.stddev * Math.sqrt(n));
      }),
      { numRuns: 40 },
    );
  });
});
