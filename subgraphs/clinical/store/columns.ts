/** The SQL column lists of the stored rows (model/rows.ts), and the columns policy rules map to. */
export const EHR_COLUMNS = `id, org, subject_id AS "subjectId", subject_namespace AS "subjectNamespace", created_at AS "createdAt"`;

export const COMPOSITION_COLUMNS = `uid, object_id AS "objectId", version, ehr_id AS "ehrId", ehr_org AS "ehrOrg", org, template_id AS "templateId",
  archetype_node_id AS "archetypeNodeId", name, language, territory, category, start_time AS "startTime",
  committed_at AS "committedAt", change_type AS "changeType", lifecycle_state AS "lifecycleState", canonical`;

/** What identifies a version in a page and orders it: the rest of its row comes from the version cache. */
export const VERSION_KEY_COLUMNS = `uid, object_id AS "objectId", version, committed_at AS "committedAt"`;

/** composition_versions columns of the attributes policy rules may use. */
export const COMPOSITION_RULE_COLUMNS = {
  ehrId: 'ehr_id',
  ehrOrg: 'ehr_org',
  org: 'org',
  templateId: 'template_id',
  archetypeNodeId: 'archetype_node_id',
  lifecycleState: 'lifecycle_state',
} as const;
