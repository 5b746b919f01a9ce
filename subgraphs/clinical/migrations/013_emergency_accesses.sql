-- Break the glass: emergency accesses to one EHR outside the caller's network, with a stated reason,
-- for a bounded time (docs/security.md, "Break the glass"). A grant belongs to one caller: the
-- token's subject, organisation and token id (jti, when the token has one).
CREATE TABLE emergency_accesses (
  id uuid PRIMARY KEY,
  ehr_id uuid NOT NULL REFERENCES ehrs (id),
  -- the EHR's organisation, whose admins see the access
  ehr_org text NOT NULL,
  sub text NOT NULL,
  org text NOT NULL,
  jti text,
  roles text[] NOT NULL,
  reason text NOT NULL,
  started_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CHECK (expires_at > started_at)
);
-- the grants in force for a caller, looked up on every request of a role that may break the glass
CREATE INDEX emergency_accesses_by_caller ON emergency_accesses (sub, org, expires_at);
-- an organisation's recent emergency accesses, newest first (emergencyAccesses)
CREATE INDEX emergency_accesses_by_ehr_org ON emergency_accesses (ehr_org, started_at DESC, id DESC);

-- Every decision an emergency access made names it in the audit trail.
ALTER TABLE audit_events ADD COLUMN emergency_access_id uuid;
CREATE INDEX audit_events_by_emergency_access ON audit_events (emergency_access_id) WHERE emergency_access_id IS NOT NULL;
