-- Anonymous clinical store: no names, birth dates, addresses, sex or identifiers of persons.
CREATE TABLE ehrs (
  id uuid PRIMARY KEY,
  subject_id uuid NOT NULL,
  subject_namespace text NOT NULL,
  created_at timestamptz NOT NULL,
  CONSTRAINT ehrs_one_per_subject UNIQUE (subject_id, subject_namespace)
);

-- One row per commit: who changed what, when, how.
CREATE TABLE contributions (
  id uuid PRIMARY KEY,
  ehr_id uuid NOT NULL REFERENCES ehrs (id),
  change_type text NOT NULL CHECK (change_type IN ('CREATION', 'MODIFICATION', 'DELETED')),
  committer text,
  committed_at timestamptz NOT NULL
);
CREATE INDEX contributions_by_ehr ON contributions (ehr_id, committed_at);

-- Every version of every composition; the canonical JSON is kept as committed (json keeps key order).
CREATE TABLE composition_versions (
  object_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  uid text NOT NULL UNIQUE,
  ehr_id uuid NOT NULL REFERENCES ehrs (id),
  contribution_id uuid NOT NULL REFERENCES contributions (id),
  template_id text NOT NULL,
  archetype_node_id text NOT NULL,
  name text NOT NULL,
  language text NOT NULL,
  territory text NOT NULL,
  category text NOT NULL,
  start_time timestamptz,
  committed_at timestamptz NOT NULL,
  change_type text NOT NULL CHECK (change_type IN ('CREATION', 'MODIFICATION', 'DELETED')),
  lifecycle_state text NOT NULL CHECK (lifecycle_state IN ('COMPLETE', 'INCOMPLETE', 'DELETED')),
  is_latest boolean NOT NULL,
  canonical json NOT NULL,
  PRIMARY KEY (object_id, version)
);
CREATE UNIQUE INDEX composition_versions_one_latest ON composition_versions (object_id) WHERE is_latest;
-- Ehr.compositions: latest live versions of an EHR, newest first, optionally by template.
CREATE INDEX composition_versions_live_by_ehr ON composition_versions (ehr_id, committed_at DESC, object_id DESC)
  WHERE is_latest AND lifecycle_state <> 'DELETED';
CREATE INDEX composition_versions_live_by_ehr_template
  ON composition_versions (ehr_id, template_id, committed_at DESC, object_id DESC)
  WHERE is_latest AND lifecycle_state <> 'DELETED';

-- Entries extracted at commit so that rules and queries can filter in SQL.
CREATE TABLE entries (
  object_id uuid NOT NULL,
  version integer NOT NULL,
  position integer NOT NULL,
  ehr_id uuid NOT NULL REFERENCES ehrs (id),
  path text NOT NULL,
  rm_type text NOT NULL CHECK (rm_type IN ('OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY')),
  archetype_node_id text NOT NULL,
  name text NOT NULL,
  codes text[] NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (object_id, version, position),
  FOREIGN KEY (object_id, version) REFERENCES composition_versions (object_id, version)
);
CREATE INDEX entries_by_archetype ON entries (archetype_node_id);
CREATE INDEX entries_by_code ON entries USING gin (codes);
