import type { EntrySummary } from '../canonical/index.ts';
import type { SubjectAttributes } from '../../kit/authz/types.ts';
import type { CompositionRow, EhrRow } from '../model/rows.ts';

/**
 * What policy conditions see of a stored object: only the allow-listed attributes. Stored rows carry
 * them under the same names, so read paths hand rows to the ability as they are (it reads only the
 * allow-listed attributes) rather than building an object per check.
 */
export const ehrAttributes = (ehr: Pick<EhrRow, 'id' | 'org' | 'subjectNamespace'>): SubjectAttributes['Ehr'] => ({
  id: ehr.id,
  org: ehr.org,
  subjectNamespace: ehr.subjectNamespace,
});

export const compositionAttributes = (
  row: Pick<CompositionRow, 'ehrId' | 'ehrOrg' | 'org' | 'templateId' | 'archetypeNodeId' | 'lifecycleState'>,
): SubjectAttributes['Composition'] => ({
  ehrId: row.ehrId,
  ehrOrg: row.ehrOrg,
  org: row.org,
  templateId: row.templateId,
  archetypeNodeId: row.archetypeNodeId,
  lifecycleState: row.lifecycleState,
});

export const entryAttributes = (composition: { ehrId: string; ehrOrg: string; templateId: string }, entry: EntrySummary): SubjectAttributes['Entry'] => ({
  ehrId: composition.ehrId,
  ehrOrg: composition.ehrOrg,
  templateId: composition.templateId,
  rmType: entry.rmType,
  archetypeNodeId: entry.archetypeNodeId,
  codes: entry.codes,
});

/** Audit ids of entries: the version uid and the entry's position. */
export const entryId = (uid: string, entry: EntrySummary) => `${uid}#${entry.position}`;
