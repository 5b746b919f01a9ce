import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InFlight } from '../../../gateway/in-flight.ts';

/** A call that settles only when told to, and records whether it was aborted. */
function pendingCall() {
  let settle: (value: string) => void = () => undefined;
  const call = { started: 0, aborted: false, settle: (value: string) => settle(value) };
  const run = (signal: AbortSignal) => {
    call.started += 1;
    signal.addEventListener('abort', () => (call.aborted = true));
    return new Promise<string>((resolve, reject) => {
      settle = resolve;
      signal.addEventListener('abort', () => reject(signal.reason as Error));
    });
  };
  return { call, run };
}

describe('in-flight sharing with callers that go away', () => {
  it('the shared call is aborted exactly when the last of its callers has gone; the others still get the answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), async (leaves) => {
        const inFlight = new InFlight<string>();
        const { call, run } = pendingCall();
        const callers = leaves.map(() => new AbortController());
        const answers = callers.map((caller) =>
          inFlight.run('key', run, caller.signal).then(
            (value) => value,
            () => 'gone',
          ),
        );
        callers.forEach((caller, i) => leaves[i] && caller.abort(new Error('gone')));
        const everyoneLeft = leaves.every(Boolean);
        expect(call.started).toBe(1);
        expect(call.aborted).toBe(everyoneLeft);
        call.settle('answer');
        expect(await Promise.all(answers)).toEqual(leaves.map((left) => (left ? 'gone' : 'answer')));
      }),
      { numRuns: 200 },
    );
  });

  it('a caller arriving after everyone left starts a fresh call instead of joining the aborted one', async () => {
    const inFlight = new InFlight<string>();
    const first = pendingCall();
    const leaving = new AbortController();
    const left = inFlight.run('key', first.run, leaving.signal).catch(() => 'gone');
    leaving.abort(new Error('gone'));
    const second = pendingCall();
    const answer = inFlight.run('key', second.run, new AbortController().signal);
    second.call.settle('fresh');
    expect([await left, await answer, first.call.aborted, second.call.started]).toEqual(['gone', 'fresh', true, 1]);
  });

  it('a caller already gone is refused before anything starts', async () => {
    const { call, run } = pendingCall();
    const gone = AbortSignal.abort(new Error('gone'));
    expect(() => new InFlight<string>().run('key', run, gone)).toThrow('gone');
    expect(call.started).toBe(0);
  });
});
