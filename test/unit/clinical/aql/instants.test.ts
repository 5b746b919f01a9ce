// ISO 8601 instants compare exactly at any fractional precision and offset (migration 009's
// aql_instant_key), checked against an independent computation: picoseconds as BigInt from the
// generated components, days from JavaScript's own calendar.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestDatabase } from '../../../kit/databases.ts';
import { parseIsoInstant } from '../../../../subgraphs/clinical/canonical/index.ts';
import { migratedDatabase } from './support.ts';

const PICO = 10n ** 12n;

interface Parts {
  year: number;
  month: number;
  day: number;
  /** How much of the value is written: 1 year … 3 date, 4 hour … 6 seconds. */
  precision: number;
  hour: number;
  minute: number;
  second: number;
  fraction: string;
  /** Offset in minutes, or null for none (UTC) / 'Z'. */
  offset: number | null;
  zulu: boolean;
  basic: boolean;
  comma: boolean;
  colonInOffset: boolean;
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, '0');
const leap = (y: number) => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
const daysIn = (year: number, month: number) => (month === 2 ? (leap(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31);

const parts: fc.Arbitrary<Parts> = fc
  .record({
    year: fc.oneof(fc.integer({ min: 0, max: 9999 }), fc.constantFrom(1969, 1970, 2000, 2024, 2025)),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 31 }),
    precision: fc.integer({ min: 1, max: 6 }),
    hour: fc.integer({ min: 0, max: 24 }),
    minute: fc.integer({ min: 0, max: 59 }),
    second: fc.integer({ min: 0, max: 59 }),
    fraction: fc.oneof(fc.constant(''), fc.stringMatching(/^\d{1,12}$/)),
    offset: fc.oneof(fc.constant(null), fc.integer({ min: -14 * 60, max: 14 * 60 })),
    zulu: fc.boolean(),
    basic: fc.boolean(),
    comma: fc.boolean(),
    colonInOffset: fc.boolean(),
  })
  .map((p) => {
    const day = Math.min(p.day, daysIn(p.year, p.month));
    const end = p.hour === 24;
    const precision = p.basic ? Math.max(p.precision, 3) : p.precision;
    return { ...p, day, precision, minute: end ? 0 : p.minute, second: end ? 0 : p.second, fraction: end ? '' : p.fraction };
  });

function render(p: Parts): string {
  const sep = p.basic ? '' : '-';
  const tsep = p.basic ? '' : ':';
  let s = pad(p.year, 4);
  if (p.precision >= 2) s += sep + pad(p.month);
  if (p.precision >= 3) s += sep + pad(p.day);
  if (p.precision <= 3) return s;
  s += `T${pad(p.hour)}`;
  if (p.precision >= 5) s += tsep + pad(p.minute);
  if (p.precision >= 6) s += tsep + pad(p.second) + (p.fraction ? (p.comma ? ',' : '.') + p.fraction : '');
  if (p.offset === null) return s + (p.zulu ? 'Z' : '');
  const o = Math.abs(p.offset);
  return `${s}${p.offset < 0 ? '-' : '+'}${pad(Math.floor(o / 60))}${o % 60 === 0 && p.zulu ? '' : (p.colonInOffset ? ':' : '') + pad(o % 60)}`;
}

/** The instant in picoseconds since 1970, from the components (unwritten ones are the earliest). */
function picoseconds(p: Parts): bigint {
  const time = p.precision >= 4;
  const d = new Date(0);
  d.setUTCFullYear(p.year, p.precision >= 2 ? p.month - 1 : 0, p.precision >= 3 ? p.day : 1);
  const days = BigInt(Math.round(d.getTime() / 86_400_000));
  const hour = time ? p.hour : 0;
  const minute = p.precision >= 5 ? p.minute : 0;
  const second = p.precision >= 6 ? p.second : 0;
  const fraction = p.precision >= 6 ? BigInt((p.fraction + '0'.repeat(12)).slice(0, 12)) : 0n;
  const offset = time && p.offset !== null ? BigInt(p.offset) : 0n;
  return (days * 86_400n + BigInt(hour * 3600 + minute * 60 + second) - offset * 60n) * PICO + fraction;
}

/** A numeric key as PostgreSQL prints it, in picoseconds. */
function keyPicoseconds(key: string): bigint {
  const negative = key.startsWith('-');
  const [whole = '0', fraction = ''] = key.replace('-', '').split('.');
  const value = BigInt(whole) * PICO + BigInt((fraction + '0'.repeat(12)).slice(0, 12));
  return negative ? -value : value;
}

const floorDiv = (a: bigint, b: bigint) => (a >= 0n ? a / b : -((-a + b - 1n) / b));

describe('exact instants', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await migratedDatabase('aql_instants');
  });
  afterAll(() => t?.drop());

  async function keys(values: string[]): Promise<(string | null)[]> {
    const { rows } = await t.db.query<{ key: string | null }>(
      'SELECT aql_instant_key(to_jsonb(v))::text AS key FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY i',
      [values],
    );
    return rows.map((row) => row.key);
  }

  it('the SQL key is the instant, exactly, for every written form', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(parts, { minLength: 1, maxLength: 40 }), async (list) => {
        const found = await keys(list.map(render));
        list.forEach((p, i) => expect([render(p), keyPicoseconds(found[i] ?? 'null')]).toEqual([render(p), picoseconds(p)]));
      }),
      { numRuns: 60 },
    );
  });

  it('ORDER BY the key sorts as the instants do; equal instants tie whatever their form', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(parts, { minLength: 2, maxLength: 30 }), async (list) => {
        const { rows } = await t.db.query<{ i: string }>(
          'SELECT i::int AS i FROM unnest($1::text[]) WITH ORDINALITY AS u(v, i) ORDER BY aql_instant_key(to_jsonb(v)), i',
          [list.map(render)],
        );
        const expected = list
          .map((p, i) => ({ i: i + 1, at: picoseconds(p) }))
          .sort((a, b) => (a.at === b.at ? a.i - b.i : a.at < b.at ? -1 : 1))
          .map((x) => x.i);
        expect(rows.map((row) => Number(row.i))).toEqual(expected);
      }),
      { numRuns: 40 },
    );
  });

  it('the commit-time instant (parseIsoInstant, cohort windows) is the exact instant floored to the millisecond', () => {
    fc.assert(
      fc.property(parts, (p) => {
        expect(parseIsoInstant(render(p))?.getTime()).toBe(Number(floorDiv(picoseconds(p), 10n ** 9n)));
      }),
      { numRuns: 2000 },
    );
  });

  it('what is not a valid date or date-time reads as NULL, never raises', async () => {
    const invalid = [
      '2025-13-01',
      '2025-04-31',
      '2023-02-29',
      '2025-01-13T25:00',
      '2025-01-13T24:00:01',
      '2025-01-13T10:60',
      '2025-01-13T10:00:60',
      '2025-01-13T10:00+15:00',
      '2025-01-13T10:00+01:60',
      '2025-1-13',
      '2025-01T10:00',
      'T10:00',
      'yesterday',
      '2025-01-13T10:00:00.',
      `2025-01-13T10:00:00.${'9'.repeat(100)}`,
    ];
    expect(await keys(invalid)).toEqual(invalid.map(() => null));
    const { rows } = await t.db.query<{ n: string | null }>(`SELECT aql_instant_key('{"magnitude": 3}'::jsonb)::text AS n`);
    expect(rows).toEqual([{ n: null }]);
  });

  it('the issue’s value: seven fractional digits, later than 17:00 at +02:00', async () => {
    const [late, boundary, micro] = await keys(['2025-01-13T16:15:17,9801747', '2025-01-13T17:00:00+02:00', '2025-01-13T16:15:17.980174Z']);
    expect(keyPicoseconds(late ?? '') > keyPicoseconds(boundary ?? '')).toBe(true);
    expect(keyPicoseconds(late ?? '') - keyPicoseconds(micro ?? '')).toBe(700_000n);
  });
});
