-- Identities. Identifier values and the patient → EHR link are encrypted (AES-256-GCM) and found
-- through keyed hashes (HMAC-SHA-256 blind indexes); no plaintext of either is stored.
CREATE TABLE patients (
  id uuid PRIMARY KEY,
  given text[] NOT NULL,
  family text NOT NULL,
  birth_date date,
  sex text CHECK (sex IN ('FEMALE', 'MALE', 'OTHER', 'UNKNOWN')),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX patients_by_family ON patients (lower(family) text_pattern_ops, id);
CREATE INDEX patients_by_name_order ON patients (lower(family), given, id);
CREATE INDEX patients_by_birth_date ON patients (birth_date);

CREATE TABLE patient_identifiers (
  patient_id uuid NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
  position integer NOT NULL,
  system text NOT NULL,
  value_encrypted bytea NOT NULL,
  value_index bytea NOT NULL UNIQUE,
  PRIMARY KEY (patient_id, position)
);

CREATE TABLE patient_ehr_links (
  patient_id uuid PRIMARY KEY REFERENCES patients (id) ON DELETE CASCADE,
  ehr_id_encrypted bytea NOT NULL,
  ehr_id_index bytea NOT NULL UNIQUE,
  linked_at timestamptz NOT NULL
);
