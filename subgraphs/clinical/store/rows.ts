import type { CanonicalObject } from '../canonical/index.ts';

export type ChangeType = 'CREATION' | 'MODIFICATION' | 'DELETED';
export type LifecycleState = 'COMPLETE' | 'INCOMPLETE' | 'DELETED';

export interface EhrRow {
  id: string;
  /** Organisation that created the EHR. */
  org: string;
  subjectId: string;
  subjectNamespace: string;
  createdAt: Date;
}

/** One stored version of a composition. */
export interface CompositionRow {
  uid: string;
  objectId: string;
  version: number;
  ehrId: string;
  /** Organisation of the EHR, and the organisation that committed this version. */
  ehrOrg: string;
  org: string;
  templateId: string;
  archetypeNodeId: string;
  name: string;
  language: string;
  territory: string;
  category: string;
  startTime: Date | null;
  committedAt: Date;
  changeType: ChangeType;
  lifecycleState: LifecycleState;
  canonical: CanonicalObject;
}

export const EHR_COLUMNS = `id, org, subject_id AS "subjectId", subject_namespace AS "subjectNamespace", created_at AS "createdAt"`;

export const COMPOSITION_COLUMNS = `uid, object_id AS "objectId", version, ehr_id AS "ehrId", ehr_org AS "ehrOrg", org, template_id AS "templateId",
  archetype_node_id AS "archetypeNodeId", name, language, territory, category, start_time AS "startTime",
  committed_at AS "committedAt", change_type AS "changeType", lifecycle_state AS "lifecycleState", canonical`;
