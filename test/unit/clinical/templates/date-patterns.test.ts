import { describe, expect, it } from 'vitest';
import {
  durationDesignators,
  durationSeconds,
  matchesDateComponents,
  parseDatePattern,
  parseDurationPattern,
} from '../../../../subgraphs/clinical/templates/date-patterns.ts';

describe('ADL 1.4 date/time patterns', () => {
  it.each([
    ['DATE', 'yyyy-mm-dd', 'rrr'],
    ['DATE', 'yyyy-mm-??', 'rro'],
    ['DATE', 'yyyy-??-XX', 'rox'],
    ['DATE', 'YYYY-MM-XX', 'rrx'],
    ['DATE', 'yyyy', 'rxx'],
    ['TIME', 'hh:mm:ss', 'rrr'],
    ['TIME', 'HH:MM:??', 'rro'],
    ['TIME', 'hh:??:XX', 'rox'],
    ['DATE_TIME', 'yyyy-mm-ddTHH:MM:SS', 'rrrrrr'],
    ['DATE_TIME', 'yyyy-mm-ddTHH:??:??', 'rrrroo'],
    ['DATE_TIME', 'yyyy-??-??T??:??:??', 'rooooo'],
    ['DATE_TIME', 'yyyy-mm-dd', 'rrrxxx'],
  ] as const)('%s %s → %s', (kind, pattern, components) => {
    expect(parseDatePattern(kind, pattern)).toBe(components);
  });

  it.each([
    ['DATE', 'dd/mm/yyyy'],
    ['DATE', 'yyyy-mm-dd-hh'],
    ['TIME', 'hh-mm'],
    ['DATE_TIME', 'yyyyTmmTdd'],
  ] as const)('rejects %s %s', (kind, pattern) => expect(parseDatePattern(kind, pattern)).toBeNull());

  it.each([
    ['DATE', 'rrr', '2026-02-03', true],
    ['DATE', 'rrr', '2026-02', false],
    ['DATE', 'rrr', '20260203', true],
    ['DATE', 'rox', '2026', true],
    ['DATE', 'rox', '2026-02', true],
    ['DATE', 'rox', '2026-02-03', false],
    ['TIME', 'rrx', '10:30', true],
    ['TIME', 'rrx', '10:30:00', false],
    ['TIME', 'rrr', '10:30:00.5+01:00', true],
    ['DATE_TIME', 'rrrrrr', '2019-01-28T21:22:49,426+00:00', true],
    ['DATE_TIME', 'rrrrrr', '2019-01-28T21:22Z', false],
    ['DATE_TIME', 'rrrroo', '2019-01-28T21', true],
    ['DATE_TIME', 'rrrroo', '2019-01-28', false],
    ['DATE_TIME', 'rrrxxx', '2019-01-28T10:00', false],
  ] as const)('strict %s %s %s → %s', (kind, components, value, ok) => {
    expect(matchesDateComponents(kind, components, value, true)).toBe(ok);
  });

  it('lenient mode treats XX like ??', () => {
    expect(matchesDateComponents('DATE', 'rox', '2026-02-03', false)).toBe(true);
    expect(matchesDateComponents('DATE', 'rrr', '2026-02', false)).toBe(false);
  });
});

describe('ISO 8601 durations', () => {
  it('patterns list the allowed designators (m = minutes)', () => {
    expect(parseDurationPattern('PYMWDTHMS')).toBe('YMWDHmS');
    expect(parseDurationPattern('PTM')).toBe('m');
    expect(parseDurationPattern('PDTH')).toBe('DH');
    expect(parseDurationPattern('P1D')).toBeNull();
  });

  it('values: designators and nominal seconds', () => {
    expect(durationDesignators('P1Y2M3W4DT5H6M7S')).toBe('YMWDHmS');
    expect(durationDesignators('PT30M')).toBe('m');
    expect(durationDesignators('30 minutes')).toBeNull();
    expect(durationSeconds('PT1H30M')).toBe(5400);
    expect(durationSeconds('-P1D')).toBe(-86400);
    expect(durationSeconds('PT0,5S')).toBe(0.5);
  });
});
