import { describe, expect, it } from 'vitest';
import { OutageLog } from '../../../../platform/redis/outage-log.ts';
import { recordingLogger } from '../../../kit/loggers.ts';

describe('outage log', () => {
  it('logs an outage once when it starts, at most once a minute while it lasts, and once when it ends', () => {
    let now = 0;
    const { logger, warnings } = recordingLogger();
    const outage = new OutageLog(logger, 'Redis at 127.0.0.1:1', 'state stays local', () => now);
    expect(outage.recovered()).toBe(false); // nothing to end
    for (; now < 59_000; now += 1000) outage.failed('connect ECONNREFUSED');
    expect(warnings).toEqual(['WARNING: Redis at 127.0.0.1:1 unavailable (connect ECONNREFUSED); state stays local.']);
    for (; now < 125_000; now += 1000) outage.failed('connection lost');
    expect(warnings.slice(1)).toEqual([
      'WARNING: Redis at 127.0.0.1:1 still unavailable (connection lost); state stays local.',
      'WARNING: Redis at 127.0.0.1:1 still unavailable (connection lost); state stays local.',
    ]);
    expect(outage.down).toBe(true);
    expect(outage.recovered()).toBe(true);
    expect(outage.recovered()).toBe(false);
    expect(warnings.slice(3)).toEqual(['Redis at 127.0.0.1:1 is available again.']);
    outage.failed('connect ECONNREFUSED'); // a new outage is logged at once
    expect(warnings).toHaveLength(5);
  });
});
