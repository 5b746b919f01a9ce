-- The audit trail's table is the same in both services (subgraphs/kit/store/audit-store.ts). Emergency
-- accesses (break the glass) exist only in the clinical service, so here the column stays null.
ALTER TABLE audit_events ADD COLUMN emergency_access_id uuid;
