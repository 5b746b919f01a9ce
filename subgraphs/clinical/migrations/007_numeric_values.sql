-- Numeric ELEMENT values (DV_QUANTITY, DV_COUNT, DV_PROPORTION) of the latest live version of every
-- composition, extracted at commit so that cohort aggregates read narrow rows through an index
-- instead of walking entry JSON.
-- Each row carries the columns the caller's read rules commonly use (entry, composition, EHR), so
-- a cohort statement needs no join. Rows of superseded or deleted versions are removed by the
-- commit that supersedes them (insertVersion): the table only ever describes what is current.

-- The element paths numeric values are found at, by archetype: a small dictionary, so that each
-- value row carries a 4-byte key instead of the archetype id and path (narrow rows are what makes
-- a cohort fast: it reads one row per value).
CREATE TABLE numeric_elements (
  id serial PRIMARY KEY,
  archetype_node_id text NOT NULL,
  element_path text NOT NULL,
  UNIQUE (archetype_node_id, element_path)
);

CREATE TABLE numeric_values (
  object_id uuid NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL,
  element_id integer NOT NULL REFERENCES numeric_elements (id),
  value float8 NOT NULL,
  at timestamptz NOT NULL,
  ehr_id uuid NOT NULL,
  ehr_org text NOT NULL,
  template_id text NOT NULL,
  rm_type text NOT NULL,
  codes text[] NOT NULL,
  composition_org text NOT NULL,
  lifecycle_state text NOT NULL,
  FOREIGN KEY (object_id, version, position) REFERENCES entries (object_id, version, position)
);
CREATE INDEX numeric_values_by_element ON numeric_values (element_id, at);
CREATE INDEX numeric_values_by_code ON numeric_values USING gin (codes);
CREATE INDEX numeric_values_by_object ON numeric_values (object_id);

-- Backfill of the compositions stored before this migration. Commits extract the same rows in
-- TypeScript (store/numeric-value-store.ts: ELEMENT values, the same range rules); the function
-- only serves this backfill and is dropped after it. Paths name `[archetype_node_id]` for every
-- step whose object has one, as the composition summary's element paths do.
CREATE FUNCTION numeric_values_backfill_of(data jsonb) RETURNS TABLE (element_path text, value float8)
LANGUAGE sql IMMUTABLE AS $$
  WITH RECURSIVE walk(path, node) AS (
    SELECT '', data
    UNION ALL
    SELECT w.path || '/' || k.key
        || CASE WHEN jsonb_typeof(child.node -> 'archetype_node_id') = 'string' THEN '[' || (child.node ->> 'archetype_node_id') || ']' ELSE '' END,
      child.node
    FROM walk w
    CROSS JOIN LATERAL jsonb_each(w.node) AS k(key, val)
    CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(k.val) WHEN 'array' THEN k.val ELSE jsonb_build_array(k.val) END) AS child(node)
    WHERE jsonb_typeof(child.node) = 'object'
  ), dv AS (
    SELECT path || '/value' AS path, node -> 'value' AS v FROM walk
    WHERE node ->> '_type' = 'ELEMENT' AND jsonb_typeof(node -> 'value') = 'object'
  ), raw AS (
    SELECT path,
      CASE WHEN v ->> '_type' IN ('DV_QUANTITY', 'DV_COUNT') AND jsonb_typeof(v -> 'magnitude') = 'number'
        THEN (v ->> 'magnitude')::numeric END AS magnitude,
      CASE WHEN v ->> '_type' = 'DV_PROPORTION' AND jsonb_typeof(v -> 'numerator') = 'number' AND jsonb_typeof(v -> 'denominator') = 'number'
        THEN (v ->> 'numerator')::numeric END AS numerator,
      CASE WHEN v ->> '_type' = 'DV_PROPORTION' AND jsonb_typeof(v -> 'numerator') = 'number' AND jsonb_typeof(v -> 'denominator') = 'number'
        THEN (v ->> 'denominator')::numeric END AS denominator
    FROM dv
  ), storable AS (
    -- out of range (|x| >= 1e150) → no value, underflow (|x| < 1e-307) → 0, as in TypeScript
    SELECT path,
      CASE WHEN abs(magnitude) >= 1e150 THEN NULL WHEN abs(magnitude) < 1e-307 THEN 0 ELSE magnitude END AS magnitude,
      CASE WHEN abs(numerator) >= 1e150 THEN NULL WHEN abs(numerator) < 1e-307 THEN 0 ELSE numerator END AS numerator,
      CASE WHEN abs(denominator) >= 1e150 THEN NULL WHEN abs(denominator) < 1e-307 THEN 0 ELSE denominator END AS denominator
    FROM raw
  )
  SELECT path, magnitude::float8 FROM storable WHERE magnitude IS NOT NULL
  UNION ALL
  SELECT path, CASE WHEN abs(numerator / denominator) < 1e-307 THEN 0 ELSE numerator::float8 / denominator::float8 END
  FROM storable
  WHERE numerator IS NOT NULL AND denominator IS NOT NULL AND denominator <> 0 AND abs(numerator / denominator) < 1e150;
$$;

CREATE TEMPORARY TABLE found_values ON COMMIT DROP AS
SELECT n.object_id, n.version, n.position, n.archetype_node_id, v.element_path, v.value,
  COALESCE(c.start_time, c.committed_at) AS at, n.ehr_id, n.ehr_org, n.template_id, n.rm_type, n.codes,
  c.org AS composition_org, c.lifecycle_state
FROM composition_versions c
JOIN entries n ON n.object_id = c.object_id AND n.version = c.version
CROSS JOIN LATERAL numeric_values_backfill_of(n.data) AS v
WHERE c.is_latest AND c.lifecycle_state <> 'DELETED';

INSERT INTO numeric_elements (archetype_node_id, element_path)
SELECT DISTINCT archetype_node_id, element_path FROM found_values ORDER BY 1, 2;

INSERT INTO numeric_values (object_id, version, position, element_id, value, at, ehr_id, ehr_org, template_id,
  rm_type, codes, composition_org, lifecycle_state)
SELECT f.object_id, f.version, f.position, e.id, f.value, f.at, f.ehr_id, f.ehr_org, f.template_id, f.rm_type,
  f.codes, f.composition_org, f.lifecycle_state
FROM found_values f
JOIN numeric_elements e ON e.archetype_node_id = f.archetype_node_id AND e.element_path = f.element_path
ORDER BY f.at;

DROP TABLE found_values;
DROP FUNCTION numeric_values_backfill_of(jsonb);
