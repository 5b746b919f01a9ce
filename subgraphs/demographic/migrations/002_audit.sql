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
