-- AQL (subgraphs/clinical/aql): ISO 8601 dates and date-times compare and sort as exact instants.
-- aql_instant (migration 003) went through timestamptz, which keeps six fractional digits and
-- refuses more: `2025-01-13T16:15:17,9801747` read as NULL and was compared as text. The key here
-- is the instant as exact seconds since 1970-01-01T00:00Z (numeric: any number of fractional
-- digits, `.50` = `.5`), computed with integer calendar arithmetic, so that no date range, time zone
-- setting or rounding is involved.
--
-- Accepted as in subgraphs/clinical/canonical/iso8601.ts: extended or basic format, `.` or `,`
-- fractions, `Z`, `±hh`, `±hhmm`, `±hh:mm` (no designator: UTC), partial dates (`2021`, `2021-03`:
-- the earliest instant they denote), partial times (`T10`, `T10:30`), `24:00:00` (end of day).
-- Anything else reads as NULL; bad data never raises.
CREATE FUNCTION aql_instant_key(v jsonb) RETURNS numeric LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  t text := aql_text(v);
  m text[];
  y int; mo int; d int; h int; mi int; s int;
  offset_minutes int := 0;
  h_offset int; mi_offset int;
  month_days int;
  days bigint;
  era int; yoe int; doy int;
BEGIN
  IF t IS NULL OR length(t) > 64 THEN
    RETURN NULL;
  END IF;
  -- 1 year, 2 month, 3 day, 4 hour, 5 minute, 6 second, 7 fraction, 8 zone
  m := regexp_match(t, '^(\d{4})(?:-(\d\d)(?:-(\d\d)(?:T(\d\d)(?::(\d\d)(?::(\d\d)(?:[.,](\d+))?)?)?(Z|[+-]\d\d(?::?\d\d)?)?)?)?)?$');
  IF m IS NULL THEN
    m := regexp_match(t, '^(\d{4})(\d\d)(\d\d)(?:T(\d\d)(?:(\d\d)(?:(\d\d)(?:[.,](\d+))?)?)?(Z|[+-]\d\d(?::?\d\d)?)?)?$');
  END IF;
  IF m IS NULL THEN
    RETURN NULL;
  END IF;
  y := m[1]::int;
  mo := coalesce(m[2], '1')::int;
  d := coalesce(m[3], '1')::int;
  h := coalesce(m[4], '0')::int;
  mi := coalesce(m[5], '0')::int;
  s := coalesce(m[6], '0')::int;
  IF mo NOT BETWEEN 1 AND 12 OR d < 1 OR mi > 59 OR s > 59 THEN
    RETURN NULL;
  END IF;
  month_days := CASE WHEN mo = 2 THEN CASE WHEN y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0) THEN 29 ELSE 28 END
    WHEN mo IN (4, 6, 9, 11) THEN 30 ELSE 31 END;
  IF d > month_days THEN
    RETURN NULL;
  END IF;
  IF h > 24 OR (h = 24 AND (mi <> 0 OR s <> 0 OR coalesce(m[7], '0') !~ '^0+$')) THEN
    RETURN NULL;
  END IF;
  IF m[8] IS NOT NULL AND m[8] <> 'Z' THEN
    h_offset := substr(m[8], 2, 2)::int;
    mi_offset := coalesce(nullif(right(replace(m[8], ':', ''), -3), ''), '0')::int;
    IF h_offset > 14 OR mi_offset > 59 THEN
      RETURN NULL;
    END IF;
    offset_minutes := h_offset * 60 + mi_offset;
    IF left(m[8], 1) = '-' THEN
      offset_minutes := -offset_minutes;
    END IF;
  END IF;
  -- Days since 1970-01-01 of the proleptic Gregorian date (H. Hinnant's days_from_civil).
  y := y - CASE WHEN mo <= 2 THEN 1 ELSE 0 END;
  era := floor(y / 400.0)::int;
  yoe := y - era * 400;
  doy := (153 * (mo + CASE WHEN mo > 2 THEN -3 ELSE 9 END) + 2) / 5 + d - 1;
  days := era::bigint * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  RETURN days * 86400 + h * 3600 + (mi - offset_minutes) * 60 + s + coalesce(('0.' || m[7])::numeric, 0);
END;
$$;

DROP FUNCTION aql_instant(jsonb);
