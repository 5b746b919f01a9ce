/** The SQL column list of a PatientRecord (model/rows.ts). */
export const PATIENT_COLUMNS = `id, org, given, family, to_char(birth_date, 'YYYY-MM-DD') AS "birthDate", sex,
  created_at AS "createdAt", updated_at AS "updatedAt"`;
