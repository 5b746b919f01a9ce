// ADL 1.4 date/time/duration patterns.
//
// C_DATE `yyyy-mm-dd`, C_TIME `hh:mm:ss`, C_DATE_TIME `yyyy-mm-ddThh:mm:ss` (letters in either case): a letter
// component is required, `??` optional, `XX` must not be present; missing trailing components are forbidden.
// C_DURATION patterns (`PYMWDTHMS`, `PTM`, `PDTH` …) list the designators a value may use.
import type { DateComponents } from './types.ts';

type Kind = 'DATE' | 'TIME' | 'DATE_TIME';

const DATE_LETTERS = ['y', 'm', 'd'];
const TIME_LETTERS = ['h', 'm', 's'];

function componentState(part: string | undefined, letter: string | undefined): string | null {
  if (part === undefined) return 'x';
  if (part === '??') return 'o';
  if (/^x+$/i.test(part)) return 'x';
  if (letter !== undefined && part.length >= 2 && [...part.toLowerCase()].every((c) => c === letter)) return 'r';
  return null;
}

function parseParts(text: string, separator: string, letters: string[]): string | null {
  const parts = text === '' ? [] : text.split(separator);
  if (parts.length > letters.length) return null;
  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const state = componentState(parts[i], letters[i]);
    if (state === null) return null;
    out += state;
  }
  return out;
}

/** Pattern → component states (`rrroxx`…), null when it is not an ADL 1.4 date/time pattern. */
export function parseDatePattern(kind: Kind, pattern: string): DateComponents | null {
  if (kind === 'DATE') return parseParts(pattern, '-', DATE_LETTERS);
  if (kind === 'TIME') return parseParts(pattern, ':', TIME_LETTERS);
  const [date, time, ...rest] = pattern.split('T');
  if (date === undefined || rest.length > 0) return null;
  const d = parseParts(date, '-', DATE_LETTERS);
  const t = parseParts(time ?? '', ':', TIME_LETTERS);
  return d === null || t === null ? null : d + t;
}

const ZONE = /(?:Z|[+-]\d{2}(?::?\d{2})?)$/;
const FRACTION = /[.,]\d+$/;
const DASHES = /-/g;
const COLONS = /:/g;

/** Which components a (valid ISO 8601) value has, as a `1`/`0` string in the order of parseDatePattern. */
function presence(kind: Kind, value: string): string {
  const date = (s: string): string => {
    const digits = s.replace(DASHES, '').length;
    return digits >= 8 ? '111' : digits >= 6 ? '110' : '100';
  };
  const time = (s: string): string => {
    const digits = s.replace(ZONE, '').replace(FRACTION, '').replace(COLONS, '').length;
    return digits >= 6 ? '111' : digits >= 4 ? '110' : digits >= 2 ? '100' : '000';
  };
  if (kind === 'DATE') return date(value);
  if (kind === 'TIME') return time(value);
  const t = value.indexOf('T');
  return t < 0 ? `${date(value)}000` : date(value.slice(0, t)) + time(value.slice(t + 1));
}

/**
 * True when the value's components satisfy the pattern states (the value must already be valid ISO 8601).
 * `x` (forbidden) is only enforced when `strict`; otherwise it counts as optional.
 */
export function matchesDateComponents(kind: Kind, components: DateComponents, value: string, strict: boolean): boolean {
  const present = presence(kind, value);
  for (let i = 0; i < components.length; i++) {
    const state = components[i];
    const has = present[i] === '1';
    if ((state === 'r' && !has) || (strict && state === 'x' && has)) return false;
  }
  return true;
}

/** `PYMWDTHMS`-style pattern → allowed designators (`m` = minutes), null when not a duration pattern. */
export function parseDurationPattern(pattern: string): string | null {
  const m = /^P([YMWD]*)(?:T([HMS]*))?$/i.exec(pattern);
  if (!m) return null;
  return (m[1] ?? '').toUpperCase() + (m[2] ?? '').toUpperCase().replace('M', 'm');
}

const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(`^(-)?P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);
const DESIGNATORS = ['Y', 'M', 'W', 'D', 'H', 'm', 'S'];
/** Nominal seconds per designator (openEHR: average Gregorian year and month). */
const SECONDS = [31_556_952, 2_629_746, 604_800, 86_400, 3_600, 60, 1];

/** Designators a duration value uses (`m` = minutes), null when it is not an ISO 8601 duration. */
export function durationDesignators(value: string): string | null {
  const m = DURATION.exec(value);
  if (!m) return null;
  return DESIGNATORS.filter((_, i) => m[i + 2] !== undefined).join('');
}

/** A duration in nominal seconds, null when it is not an ISO 8601 duration. */
export function durationSeconds(value: string): number | null {
  const m = DURATION.exec(value);
  if (!m) return null;
  let total = 0;
  for (let i = 0; i < SECONDS.length; i++) {
    const part = m[i + 2];
    if (part !== undefined) total += Number(part.replace(',', '.')) * (SECONDS[i] ?? 0);
  }
  return m[1] === '-' ? -total : total;
}
