import { describe, expect, it } from 'vitest';
import { composition, template } from '../../../kit/template-fixtures.ts';
import { validateAgainstTemplate } from '../../../../subgraphs/clinical/templates/index.ts';

describe('performance', () => {
  it('validates conformance_ehrbase.de.v0_max_v2.json 200 times (median printed; smoke bound 20 ms)', () => {
    const t = template('conformance_ehrbase.de.v0.opt'); // compiled once
    const doc = composition('conformance_ehrbase.de.v0_max_v2.json');
    for (let i = 0; i < 20; i++) validateAgainstTemplate(t, doc); // warm-up
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const start = performance.now();
      const violations = validateAgainstTemplate(t, doc);
      times.push(performance.now() - start);
      expect(violations).toHaveLength(0);
    }
    times.sort((a, b) => a - b);
    const median = times[100] ?? Infinity;
    console.log(`validateAgainstTemplate(max_v2): median ${median.toFixed(3)} ms, p95 ${(times[190] ?? 0).toFixed(3)} ms over 200 runs`);
    expect(median).toBeLessThan(20);
  });
});
