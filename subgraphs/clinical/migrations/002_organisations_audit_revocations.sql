-- The organisation (token `org`) that created each EHR and committed each version, for policy rules.
-- Rows from before this migration belong to no organisation: no organisation-bound rule matches them.
ALTER TABLE ehrs ADD COLUMN org text NOT NULL DEFAULT '';
ALTER TABLE ehrs ALTER COLUMN org DROP DEFAULT;
ALTER TABLE composition_versions ADD COLUMN org text NOT NULL DEFAULT '';
ALTER TABLE composition_versions ALTER COLUMN org DROP DEFAULT;
ALTER TABLE contributions ADD COLUMN org text;
CREATE INDEX ehrs_by_org ON ehrs (org);

-- Append-only record of every authorisation decision that touched data. No names or identifiers.
CREATE TABLE audit_events (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  request_id text,
  sub text NOT NULL,
  org text,
  roles text[] NOT NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_ids text[] NOT NULL,
  allowed boolean NOT NULL,
  reason text NOT NULL
);
CREATE INDEX audit_events_by_time ON audit_events (at DESC, id DESC);

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END;
$$;
CREATE TRIGGER audit_events_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Revoked tokens; the list every service consults (shared through Redis when configured).
CREATE TABLE revoked_tokens (
  jti text PRIMARY KEY,
  revoked_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  revoked_by text NOT NULL
);

-- Copies of immutable attributes that list and query filters need on the row itself.
ALTER TABLE composition_versions ADD COLUMN ehr_org text NOT NULL DEFAULT '';
UPDATE composition_versions c SET ehr_org = e.org FROM ehrs e WHERE e.id = c.ehr_id;
ALTER TABLE composition_versions ALTER COLUMN ehr_org DROP DEFAULT;
ALTER TABLE entries ADD COLUMN template_id text NOT NULL DEFAULT '';
ALTER TABLE entries ADD COLUMN ehr_org text NOT NULL DEFAULT '';
UPDATE entries n SET template_id = c.template_id, ehr_org = c.ehr_org
  FROM composition_versions c WHERE c.object_id = n.object_id AND c.version = n.version;
ALTER TABLE entries ALTER COLUMN template_id DROP DEFAULT;
ALTER TABLE entries ALTER COLUMN ehr_org DROP DEFAULT;
