/** The GraphQL documents the scenarios send. */

/** A list shows each composition's entries, not their elements. */
const LISTED_COMPOSITION = `uid name committedAt entries { path rmType name codes }`;
/** A composition opened on its own, down to each element's value. */
const FULL_COMPOSITION = `uid name committedAt entries { path rmType name codes elements { path name value { rmType } } }`;
const EHR_FIELDS = `id compositions(first: 5) { edges { node { ${LISTED_COMPOSITION} } } }`;

/** Scenarios 1 and 5, through a gateway: the first `$first` patients → EHR → 5 compositions → entries. */
export const PATIENT_HISTORIES = `query PatientHistories($first: Int!) {
  patients(first: $first) { edges { node { id ehr { ${EHR_FIELDS} } } } }
}`;

/** Scenario 1, on the clinical subgraph alone: the same EHRs → compositions → entries, one aliased field per EHR. */
export function ehrHistories(ehrIds: string[]): { query: string; variables: Record<string, string> } {
  const parameters = ehrIds.map((_, i) => `$e${i}: UUID!`).join(', ');
  const fields = ehrIds.map((_, i) => `e${i}: ehr(id: $e${i}) { ${EHR_FIELDS} }`).join('\n  ');
  return {
    query: `query EhrHistories(${parameters}) {\n  ${fields}\n}`,
    variables: Object.fromEntries(ehrIds.map((id, i) => [`e${i}`, id])),
  };
}

/** Scenarios 2 and 3: one composition version by uid, with its entries. */
export const COMPOSITION_BY_UID = `query CompositionByUid($uid: String!) { composition(uid: $uid) { ${FULL_COMPOSITION} withheldEntryCount } }`;

/** Scenario 4. */
export const COMMIT = `mutation Commit($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`;

/** What the gateway asks of the demographic subgraph for scenario 1 (its floors answer the same). */
export const DEMOGRAPHIC_PATIENTS = `query Patients($first: Int!) { patients(first: $first) { edges { node { id ehr { __typename id } } } } }`;
