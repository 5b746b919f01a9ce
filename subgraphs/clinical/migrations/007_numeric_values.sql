-- Numeric element values of the latest live version of every composition, extracted at commit so
-- that cohort aggregates read narrow rows through an index instead of walking entry JSON.
-- Each row carries the columns the caller's read rules use (entry, composition, EHR), so a cohort
-- statement needs no join. Rows of superseded or deleted versions are removed by the commit that
-- supersedes them (insertVersion): the table only ever describes what is current.
CREATE TABLE numeric_values (
  object_id uuid NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL,
  element_path text NOT NULL,
  value float8 NOT NULL,
  at timestamptz NOT NULL,
  ehr_id uuid NOT NULL,
  ehr_org text NOT NULL,
  template_id text NOT NULL,
  rm_type text NOT NULL,
  archetype_node_id text NOT NULL,
  codes text[] NOT NULL,
  composition_org text NOT NULL,
  composition_archetype_node_id text NOT NULL,
  lifecycle_state text NOT NULL,
  FOREIGN KEY (object_id, version, position) REFERENCES entries (object_id, version, position)
);
CREATE INDEX numeric_values_by_element ON numeric_values (archetype_node_id, element_path, at);
CREATE INDEX numeric_values_by_code ON numeric_values USING gin (codes);
CREATE INDEX numeric_values_by_object ON numeric_values (object_id);

-- The numeric data values inside one entry, with their openEHR path: `/<attribute>[<node id>]` for
-- every step whose object has an archetype_node_id, `/<attribute>` otherwise, ending in `/value`
-- (the same steps an element path's lax SQL/JSON path selects). DV_QUANTITY and DV_COUNT give their
-- magnitude, DV_PROPORTION numerator / denominator (denominator not 0).
CREATE FUNCTION numeric_values_of(data jsonb) RETURNS TABLE (element_path text, value float8)
LANGUAGE sql IMMUTABLE AS $$
  WITH RECURSIVE walk(path, node) AS (
    SELECT '', data
    UNION ALL
    SELECT w.path || '/' || k.key || COALESCE('[' || (child.node ->> 'archetype_node_id') || ']', ''), child.node
    FROM walk w
    CROSS JOIN LATERAL jsonb_each(w.node) AS k(key, val)
    CROSS JOIN LATERAL jsonb_array_elements(CASE jsonb_typeof(k.val) WHEN 'array' THEN k.val ELSE jsonb_build_array(k.val) END) AS child(node)
    WHERE jsonb_typeof(w.node) = 'object' AND jsonb_typeof(child.node) = 'object'
  ), numbers AS (
    SELECT path, CASE
      WHEN node ->> '_type' IN ('DV_QUANTITY', 'DV_COUNT') AND jsonb_typeof(node -> 'magnitude') = 'number'
        THEN (node ->> 'magnitude')::float8
      WHEN node ->> '_type' = 'DV_PROPORTION' AND jsonb_typeof(node -> 'numerator') = 'number'
        AND jsonb_typeof(node -> 'denominator') = 'number' AND (node ->> 'denominator')::float8 <> 0
        THEN (node ->> 'numerator')::float8 / (node ->> 'denominator')::float8
    END AS value
    FROM walk
    WHERE path LIKE '%/value'
  )
  SELECT path, value FROM numbers WHERE value IS NOT NULL
$$;

-- What numeric_values holds for a composition version: commits insert a version's rows from it,
-- the backfill below the rows of every latest live version.
CREATE VIEW numeric_values_source AS
SELECT n.object_id, n.version, n.position, v.element_path, v.value, COALESCE(c.start_time, c.committed_at) AS at,
  n.ehr_id, n.ehr_org, n.template_id, n.rm_type, n.archetype_node_id, n.codes, c.org AS composition_org,
  c.archetype_node_id AS composition_archetype_node_id, c.lifecycle_state, c.is_latest
FROM composition_versions c
JOIN entries n ON n.object_id = c.object_id AND n.version = c.version
CROSS JOIN LATERAL numeric_values_of(n.data) AS v
WHERE c.lifecycle_state <> 'DELETED';

INSERT INTO numeric_values (object_id, version, position, element_path, value, at, ehr_id, ehr_org, template_id,
  rm_type, archetype_node_id, codes, composition_org, composition_archetype_node_id, lifecycle_state)
SELECT object_id, version, position, element_path, value, at, ehr_id, ehr_org, template_id,
  rm_type, archetype_node_id, codes, composition_org, composition_archetype_node_id, lifecycle_state
FROM numeric_values_source
WHERE is_latest;
