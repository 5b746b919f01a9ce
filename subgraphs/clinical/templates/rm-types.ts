// The slice of the openEHR RM type hierarchy needed to match composition `_type`s against template rm types.

/** Direct parent of each RM type (single inheritance is enough for the types templates constrain). */
const PARENT: Record<string, string> = {
  DV_CODED_TEXT: 'DV_TEXT',
  DV_TEXT: 'DATA_VALUE',
  DV_QUANTITY: 'DV_AMOUNT',
  DV_COUNT: 'DV_AMOUNT',
  DV_PROPORTION: 'DV_AMOUNT',
  DV_DURATION: 'DV_AMOUNT',
  DV_AMOUNT: 'DV_QUANTIFIED',
  DV_DATE: 'DV_TEMPORAL',
  DV_TIME: 'DV_TEMPORAL',
  DV_DATE_TIME: 'DV_TEMPORAL',
  DV_TEMPORAL: 'DV_ABSOLUTE_QUANTITY',
  DV_ABSOLUTE_QUANTITY: 'DV_QUANTIFIED',
  DV_QUANTIFIED: 'DV_ORDERED',
  DV_ORDINAL: 'DV_ORDERED',
  DV_SCALE: 'DV_ORDERED',
  DV_ORDERED: 'DATA_VALUE',
  DV_MULTIMEDIA: 'DV_ENCAPSULATED',
  DV_PARSABLE: 'DV_ENCAPSULATED',
  DV_ENCAPSULATED: 'DATA_VALUE',
  DV_EHR_URI: 'DV_URI',
  DV_URI: 'DATA_VALUE',
  DV_BOOLEAN: 'DATA_VALUE',
  DV_IDENTIFIER: 'DATA_VALUE',
  DV_INTERVAL: 'DATA_VALUE',
  DV_STATE: 'DATA_VALUE',
  POINT_EVENT: 'EVENT',
  INTERVAL_EVENT: 'EVENT',
  ITEM_TREE: 'ITEM_STRUCTURE',
  ITEM_LIST: 'ITEM_STRUCTURE',
  ITEM_SINGLE: 'ITEM_STRUCTURE',
  ITEM_TABLE: 'ITEM_STRUCTURE',
  ITEM_STRUCTURE: 'DATA_STRUCTURE',
  ELEMENT: 'ITEM',
  CLUSTER: 'ITEM',
  OBSERVATION: 'CARE_ENTRY',
  EVALUATION: 'CARE_ENTRY',
  INSTRUCTION: 'CARE_ENTRY',
  ACTION: 'CARE_ENTRY',
  CARE_ENTRY: 'ENTRY',
  ADMIN_ENTRY: 'ENTRY',
  ENTRY: 'CONTENT_ITEM',
  SECTION: 'CONTENT_ITEM',
  GENERIC_ENTRY: 'CONTENT_ITEM',
  PARTY_RELATED: 'PARTY_IDENTIFIED',
  PARTY_IDENTIFIED: 'PARTY_PROXY',
  PARTY_SELF: 'PARTY_PROXY',
  HIER_OBJECT_ID: 'UID_BASED_ID',
  OBJECT_VERSION_ID: 'UID_BASED_ID',
  UID_BASED_ID: 'OBJECT_ID',
  GENERIC_ID: 'OBJECT_ID',
  ARCHETYPE_ID: 'OBJECT_ID',
  TEMPLATE_ID: 'OBJECT_ID',
  TERMINOLOGY_ID: 'OBJECT_ID',
  PARTY_REF: 'OBJECT_REF',
  LOCATABLE_REF: 'OBJECT_REF',
};

/** LOCATABLE types: instances carry `archetype_node_id`, so they are matched to template nodes by node id. */
const LOCATABLE = new Set([
  'COMPOSITION',
  'SECTION',
  'OBSERVATION',
  'EVALUATION',
  'INSTRUCTION',
  'ACTION',
  'ADMIN_ENTRY',
  'GENERIC_ENTRY',
  'CONTENT_ITEM',
  'ENTRY',
  'CARE_ENTRY',
  'ACTIVITY',
  'HISTORY',
  'EVENT',
  'POINT_EVENT',
  'INTERVAL_EVENT',
  'ITEM_STRUCTURE',
  'ITEM_TREE',
  'ITEM_LIST',
  'ITEM_SINGLE',
  'ITEM_TABLE',
  'ITEM',
  'CLUSTER',
  'ELEMENT',
  'FOLDER',
  'EHR_STATUS',
  'EHR_ACCESS',
]);

/** Abstract (or generic) template types → the concrete type an example instance uses. */
const CONCRETE: Record<string, string> = {
  EVENT: 'POINT_EVENT',
  ITEM_STRUCTURE: 'ITEM_TREE',
  PARTY_PROXY: 'PARTY_SELF',
  DATA_VALUE: 'DV_TEXT',
  DV_ORDERED: 'DV_COUNT',
  DV_QUANTIFIED: 'DV_COUNT',
  DV_AMOUNT: 'DV_COUNT',
  DV_TEMPORAL: 'DV_DATE_TIME',
  DV_ENCAPSULATED: 'DV_PARSABLE',
  ITEM: 'ELEMENT',
  CONTENT_ITEM: 'SECTION',
  ENTRY: 'ADMIN_ENTRY',
  CARE_ENTRY: 'EVALUATION',
  OBJECT_ID: 'GENERIC_ID',
  UID_BASED_ID: 'HIER_OBJECT_ID',
};

const ANCESTORS = new Map<string, Set<string>>();
for (const type of Object.keys(PARENT)) {
  const chain = new Set<string>([type]);
  for (let t = PARENT[type]; t !== undefined; t = PARENT[t]) chain.add(t);
  ANCESTORS.set(type, chain);
}

/** `DV_INTERVAL<DV_COUNT>` → `DV_INTERVAL`. */
export function baseType(rmType: string): string {
  const i = rmType.indexOf('<');
  return i < 0 ? rmType : rmType.slice(0, i);
}

/** Whether an instance of `actual` may stand where the template expects `expected`. */
export function conformsTo(actual: string, expected: string): boolean {
  const wanted = baseType(expected);
  if (actual === wanted) return true;
  return ANCESTORS.get(baseType(actual))?.has(wanted) ?? false;
}

export function isLocatable(rmType: string): boolean {
  return LOCATABLE.has(baseType(rmType));
}

export function concreteType(rmType: string): string {
  const base = baseType(rmType);
  return CONCRETE[base] ?? base;
}

/** `DV_INTERVAL<DV_COUNT>` → `DV_COUNT`; undefined for non-generic types. */
export function typeParameter(rmType: string): string | undefined {
  const m = /<([A-Z_]+)>$/.exec(rmType);
  return m?.[1];
}
