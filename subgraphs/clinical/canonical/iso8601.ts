// ISO 8601 as openEHR uses it: extended and basic formats, `.` or `,` fractions,
// reduced-precision (partial) dates and date-times, `24:00:00` as end of day.

interface DateParts {
  year: number;
  month: number | undefined;
  day: number | undefined;
  basic: boolean;
}
interface TimeParts {
  hour: number;
  minute: number | undefined;
  second: number | undefined;
  fraction: string | undefined;
  offsetMinutes: number | undefined; // undefined = no zone designator
  basic: boolean | undefined; // undefined = `hh` only, compatible with both formats
}

const DATE_EXTENDED = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const DATE_BASIC = /^(\d{4})(\d{2})(\d{2})$/;
const ZONE = '(Z|[+-]\\d{2}(?::?\\d{2})?)?';
const TIME_EXTENDED = new RegExp(`^(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:[.,](\\d+))?)?)?${ZONE}$`);
const TIME_BASIC = new RegExp(`^(\\d{2})(\\d{2})(?:(\\d{2})(?:[.,](\\d+))?)?${ZONE}$`);
const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION = new RegExp(`^-?P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:(T)(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function parseDate(s: string): DateParts | null {
  const basic = DATE_BASIC.exec(s);
  const m = basic ?? DATE_EXTENDED.exec(s);
  if (!m) return null;
  const parts = { year: Number(m[1]), month: num(m[2]), day: num(m[3]), basic: basic !== null };
  if (parts.month !== undefined && (parts.month < 1 || parts.month > 12)) return null;
  if (parts.day !== undefined && parts.month !== undefined) {
    if (parts.day < 1 || parts.day > daysInMonth(parts.year, parts.month)) return null;
  }
  return parts;
}

function parseOffset(zone: string | undefined): number | undefined | null {
  if (zone === undefined) return undefined;
  if (zone === 'Z') return 0;
  const hours = Number(zone.slice(1, 3));
  const minutes = zone.length > 3 ? Number(zone.slice(-2)) : 0;
  if (hours > 14 || minutes > 59) return null;
  return (zone.startsWith('-') ? -1 : 1) * (hours * 60 + minutes);
}

function parseTime(s: string): TimeParts | null {
  const basic = TIME_BASIC.exec(s);
  const m = basic ?? TIME_EXTENDED.exec(s);
  if (!m) return null;
  const offsetMinutes = parseOffset(m[5]);
  if (offsetMinutes === null) return null;
  const t: TimeParts = {
    hour: Number(m[1]),
    minute: num(m[2]),
    second: num(m[3]),
    fraction: m[4],
    offsetMinutes,
    basic: basic !== null ? true : m[2] !== undefined ? false : undefined,
  };
  if ((t.minute ?? 0) > 59 || (t.second ?? 0) > 59) return null;
  if (t.hour === 24) {
    const zeroFraction = t.fraction === undefined || /^0+$/.test(t.fraction);
    if ((t.minute ?? 0) !== 0 || (t.second ?? 0) !== 0 || !zeroFraction) return null;
  } else if (t.hour > 23) return null;
  return t;
}

function parseDateTime(s: string): { date: DateParts; time: TimeParts | null } | null {
  const [datePart, timePart, ...rest] = s.split('T');
  if (datePart === undefined || rest.length > 0) return null;
  const date = parseDate(datePart);
  if (!date) return null;
  if (timePart === undefined) return { date, time: null };
  // A time needs a complete date, written in the same (basic or extended) format.
  if (date.day === undefined) return null;
  const time = parseTime(timePart);
  if (!time || (time.basic !== undefined && time.basic !== date.basic)) return null;
  return { date, time };
}

export function isIsoDate(s: string): boolean {
  return parseDate(s) !== null;
}

export function isIsoTime(s: string): boolean {
  return parseTime(s) !== null;
}

/** Full or partial (openEHR) date-time: `2021`, `2021-03-04T10:30`, `2019-01-28T21:22:19,501+00:00`. */
export function isIsoDateTime(s: string): boolean {
  return parseDateTime(s) !== null;
}

/** `P[nY][nM][nW][nD][T[nH][nM][nS]]`, optional `-` sign; only the last component may be fractional. */
export function isIsoDuration(s: string): boolean {
  const m = DURATION.exec(s);
  if (!m) return false;
  const hasT = m[5] !== undefined;
  // Groups that did not match are undefined, whatever the slice's type says.
  const date: (string | undefined)[] = m.slice(1, 5);
  const time: (string | undefined)[] = m.slice(6, 9);
  if (hasT && time.every((c) => c === undefined)) return false;
  const present = [...date, ...time].filter((c): c is string => c !== undefined);
  if (present.length === 0) return false;
  return present.slice(0, -1).every((c) => !/[.,]/.test(c));
}

/** Parses a (partial) date-time to the earliest instant it denotes; no zone → UTC. Null when invalid. */
export function parseIsoInstant(s: string): Date | null {
  const parsed = parseDateTime(s);
  if (!parsed) return null;
  const { date, time } = parsed;
  const ms = Number(((time?.fraction ?? '') + '000').slice(0, 3));
  const d = new Date(0);
  // setUTCFullYear rather than Date.UTC, which maps years 0..99 to 1900..1999.
  d.setUTCFullYear(date.year, (date.month ?? 1) - 1, date.day ?? 1);
  d.setUTCHours(time?.hour ?? 0, time?.minute ?? 0, time?.second ?? 0, ms);
  return new Date(d.getTime() - (time?.offsetMinutes ?? 0) * 60_000);
}
