-- Every patient has a managing organisation (the `org` of the caller who registered it); policies
-- scope patients by it. Patients from before this migration belong to no organisation: no
-- organisation-bound rule matches them.
ALTER TABLE patients ADD COLUMN org text NOT NULL DEFAULT '';
ALTER TABLE patients ALTER COLUMN org DROP DEFAULT;
CREATE INDEX patients_by_org ON patients (org);

-- An identifier is unique within one organisation: two organisations may each register the same
-- national id, and a duplicate is only ever reported against the caller's own organisation.
ALTER TABLE patient_identifiers ADD COLUMN org text NOT NULL DEFAULT '';
UPDATE patient_identifiers i SET org = p.org FROM patients p WHERE p.id = i.patient_id;
ALTER TABLE patient_identifiers ALTER COLUMN org DROP DEFAULT;
ALTER TABLE patient_identifiers DROP CONSTRAINT patient_identifiers_value_index_key;
ALTER TABLE patient_identifiers ADD CONSTRAINT patient_identifiers_one_per_organisation UNIQUE (org, value_index);
CREATE INDEX patient_identifiers_by_value ON patient_identifiers (value_index);
