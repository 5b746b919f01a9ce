-- The purpose of use (HL7 v3 PurposeOfUse code) each request acted under; null for events from
-- before purposes and for roles the policy lists under no purpose.
ALTER TABLE audit_events ADD COLUMN purpose text;
