-- A subject has at most one EHR per namespace within each organisation (instead of across all of
-- them): creating an EHR never depends on what other organisations hold, and no organisation can
-- claim a subject id for the others.
ALTER TABLE ehrs DROP CONSTRAINT ehrs_one_per_subject;
ALTER TABLE ehrs ADD CONSTRAINT ehrs_one_per_subject UNIQUE (org, subject_id, subject_namespace);
CREATE INDEX ehrs_by_subject ON ehrs (subject_id, subject_namespace);
