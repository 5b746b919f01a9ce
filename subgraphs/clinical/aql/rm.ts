/** The RM classes the FROM clause supports, and what each may CONTAIN. */
export const ENTRY_TYPES = ['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION', 'ADMIN_ENTRY'] as const;
export type EntryType = (typeof ENTRY_TYPES)[number];

/** Abstract entry classes and the concrete types they stand for. */
export const ENTRY_CLASSES: Record<string, readonly EntryType[]> = {
  ...Object.fromEntries(ENTRY_TYPES.map((t) => [t, [t]])),
  ENTRY: ENTRY_TYPES,
  CARE_ENTRY: ['OBSERVATION', 'EVALUATION', 'INSTRUCTION', 'ACTION'],
};

export type VariableKind = 'ehr' | 'version' | 'composition' | 'entry' | 'section' | 'context' | 'node';

export function kindOf(rmType: string): VariableKind | null {
  if (rmType === 'EHR') return 'ehr';
  if (rmType === 'VERSION') return 'version';
  if (rmType === 'COMPOSITION') return 'composition';
  if (rmType in ENTRY_CLASSES) return 'entry';
  if (rmType === 'SECTION') return 'section';
  if (rmType === 'EVENT_CONTEXT') return 'context';
  if (rmType === 'CLUSTER' || rmType === 'ELEMENT') return 'node';
  return null;
}

const INSIDE_COMPOSITION: VariableKind[] = ['composition', 'entry', 'section', 'context', 'node'];

/** What a kind may contain, directly or through implicit intermediate variables. */
export const MAY_CONTAIN: Record<VariableKind, readonly VariableKind[]> = {
  ehr: ['version', ...INSIDE_COMPOSITION],
  version: ['composition'],
  composition: ['entry', 'section', 'context', 'node'],
  section: ['entry', 'section', 'node'],
  entry: ['node'],
  context: ['node'],
  node: ['node'],
};

/** RM attributes holding lists of LOCATABLEs: path steps through them produce one row per item. */
export const MULTIPLE_ATTRIBUTES = new Set([
  'content',
  'items',
  'events',
  'activities',
  'participations',
  'other_participations',
  'links',
  'rows',
  'identifiers',
]);
