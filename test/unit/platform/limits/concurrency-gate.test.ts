import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../../../../platform/limits/concurrency-gate.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyGate', () => {
  it('never runs more than its total, nor more than perKey of one key, and runs every piece of work', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd'), fc.integer({ min: 0, max: 3 })), { maxLength: 40 }),
        async (total, perKey, works) => {
          const gate = new ConcurrencyGate(total, perKey, 60_000, () => new Error('timeout'));
          let running = 0;
          const byKey = new Map<string, number>();
          const done = await Promise.all(
            works.map(([key, ticks]) =>
              gate.run(key, async () => {
                running += 1;
                byKey.set(key, (byKey.get(key) ?? 0) + 1);
                expect(running).toBeLessThanOrEqual(total);
                expect(byKey.get(key)).toBeLessThanOrEqual(perKey);
                for (let i = 0; i < ticks; i++) await tick();
                running -= 1;
                byKey.set(key, (byKey.get(key) ?? 1) - 1);
                return key;
              }),
            ),
          );
          expect(done).toEqual(works.map(([key]) => key));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a caller at their own limit does not hold up another caller', async () => {
    const gate = new ConcurrencyGate(3, 1, 60_000, () => new Error('timeout'));
    let release: (value: unknown) => void = () => undefined;
    const first = gate.run('a', () => new Promise((resolve) => (release = resolve)));
    const second = gate.run('a', async () => 'a again');
    expect(await gate.run('b', async () => 'b')).toBe('b');
    release(undefined);
    await first;
    expect(await second).toBe('a again');
  });

  it('refuses with onTimeout when no turn comes in time, and gives up the place when the signal aborts', async () => {
    const gate = new ConcurrencyGate(1, 1, 20, () => new Error('no turn'));
    let release: (value: unknown) => void = () => undefined;
    const holder = gate.run('a', () => new Promise((resolve) => (release = resolve)));
    await expect(gate.run('b', async () => 'never')).rejects.toThrow('no turn');
    const gone = new AbortController();
    const waiting = gate.run('c', async () => 'never', gone.signal);
    gone.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    release(undefined);
    await holder;
    expect(await gate.run('d', async () => 'd')).toBe('d');
  });
});
