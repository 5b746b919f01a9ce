-- AQL (subgraphs/clinical/aql): how JSON values from canonical documents compare and sort, and
-- whole compositions/sections without the entries a caller may not read. Bad data never raises:
-- a value that is not of the asked kind reads as NULL.

-- Numbers, and DV_QUANTITY/DV_COUNT magnitudes, DV_ORDINAL/DV_SCALE values, DV_PROPORTION ratios.
CREATE FUNCTION aql_number(v jsonb) RETURNS numeric LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(v)
    WHEN 'number' THEN (v #>> '{}')::numeric
    WHEN 'object' THEN CASE
      WHEN jsonb_typeof(v -> 'magnitude') = 'number' THEN (v ->> 'magnitude')::numeric
      WHEN jsonb_typeof(v -> 'value') = 'number' THEN (v ->> 'value')::numeric
      WHEN jsonb_typeof(v -> 'numerator') = 'number' AND jsonb_typeof(v -> 'denominator') = 'number'
        AND (v ->> 'denominator')::numeric <> 0 THEN (v ->> 'numerator')::numeric / (v ->> 'denominator')::numeric
    END
  END
$$;

-- Strings, and the string `value` of DV_TEXT, DV_CODED_TEXT, DV_DATE_TIME, ….
CREATE FUNCTION aql_text(v jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(v)
    WHEN 'string' THEN v #>> '{}'
    WHEN 'object' THEN CASE WHEN jsonb_typeof(v -> 'value') = 'string' THEN v ->> 'value' END
  END
$$;

CREATE FUNCTION aql_boolean(v jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE jsonb_typeof(v)
    WHEN 'boolean' THEN (v #>> '{}')::boolean
    WHEN 'object' THEN CASE WHEN jsonb_typeof(v -> 'value') = 'boolean' THEN (v ->> 'value')::boolean END
  END
$$;

-- ISO 8601 dates and date-times (extended format; `,` fractions, `Z`, `+hhmm`, no seconds) as
-- instants; a date-time without offset is read as UTC. jsonpath's datetime() validates silently.
CREATE FUNCTION aql_instant(v jsonb) RETURNS timestamptz LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN d ~ '[+-]\d\d:\d\d$' THEN d::timestamptz ELSE d::timestamp AT TIME ZONE 'UTC' END
  FROM (
    SELECT jsonb_path_query_first(to_jsonb(n),
      'strict $.datetime() ? (@.type() == "date" || @.type() starts with "timestamp")', '{}', true) #>> '{}' AS d
    FROM (
      SELECT CASE WHEN t ~ '^\d{4}-\d\d-\d\dT' THEN
        regexp_replace(regexp_replace(regexp_replace(regexp_replace(replace(t, ',', '.'),
          'Z$', '+00:00'), '([+-]\d\d)(\d\d)$', '\1:\2'), '([+-]\d\d)$', '\1:00'), 'T(\d\d:\d\d)([+-]|$)', 'T\1:00\2')
        WHEN t ~ '^\d{4}-\d\d-\d\d$' THEN t END AS n
      FROM (SELECT aql_text(v) AS t) AS s
    ) AS normalised
  ) AS parsed
$$;

-- Times of day (DV_TIME), offsets ignored.
CREATE FUNCTION aql_time(v jsonb) RETURNS time LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN t ~ '^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d([.,]\d+)?)?(Z|[+-]\d\d(:?\d\d)?)?$'
    THEN replace(substring(t FROM '^\d\d:\d\d(?::\d\d(?:[.,]\d+)?)?'), ',', '.')::time END
  FROM (SELECT aql_text(v) AS t) AS s
$$;

-- A content/items list without the given entries (deep-equal), SECTIONs traversed.
CREATE FUNCTION aql_without_entries(items jsonb, withheld jsonb[]) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  kept jsonb := '[]'::jsonb;
  item jsonb;
BEGIN
  IF jsonb_typeof(items) IS DISTINCT FROM 'array' THEN
    RETURN items;
  END IF;
  FOR item IN SELECT e.value FROM jsonb_array_elements(items) WITH ORDINALITY AS e(value, n) ORDER BY e.n LOOP
    CONTINUE WHEN item = ANY (withheld);
    IF item ->> '_type' = 'SECTION' AND item ? 'items' THEN
      item := jsonb_set(item, '{items}', aql_without_entries(item -> 'items', withheld));
    END IF;
    kept := kept || jsonb_build_array(item);
  END LOOP;
  RETURN kept;
END;
$$;
