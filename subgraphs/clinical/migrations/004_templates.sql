-- Operational templates: the original OPT and its compiled constraint tree (plain JSON).
CREATE TABLE templates (
  template_id text PRIMARY KEY,
  concept text NOT NULL,
  root_archetype_id text NOT NULL,
  opt text NOT NULL,
  content_hash text NOT NULL,
  compiled jsonb NOT NULL,
  uploaded_at timestamptz NOT NULL,
  uploaded_by text NOT NULL
);
-- "is this template used by any composition?" (an overwrite is refused once it is)
CREATE INDEX composition_versions_by_template ON composition_versions (template_id);
