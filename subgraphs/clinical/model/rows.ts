// The shapes of stored clinical data, shared by the store (which reads and writes them), the access
// layer (which decides on them) and the resolvers (which map them to the schema). Types only.
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

/** An uploaded operational template. */
export interface TemplateRow {
  templateId: string;
  concept: string;
  rootArchetypeId: string;
  opt: string;
  contentHash: string;
  compiled: unknown;
  uploadedAt: Date;
}

export interface StoredQueryRow {
  name: string;
  version: string;
  query: string;
  savedAt: Date;
}

/** A version request: `1` → latest 1.x.x, `1.2` → latest 1.2.x, `1.2.3` exactly, none → latest. */
export interface VersionPattern {
  major: number | null;
  minor: number | null;
  patch: number | null;
}
