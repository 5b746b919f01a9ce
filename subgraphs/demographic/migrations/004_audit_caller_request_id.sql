-- The request id a caller sent, kept apart from the service's own (request_id, minted by the
-- service from now on). Events recorded before this migration keep whatever request_id they had: the
-- caller's id when it was a plain token, else one minted by the service.
ALTER TABLE audit_events ADD COLUMN caller_request_id text;
CREATE INDEX audit_events_by_caller_request ON audit_events (caller_request_id) WHERE caller_request_id IS NOT NULL;
