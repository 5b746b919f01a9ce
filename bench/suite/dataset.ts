import { ANCA, bloodPressureComposition, HBA1C, labReportComposition, type LabTest } from '../../scripts/demo/compositions.ts';
import { graphqlClient } from '../../test/kit/graphql-client.ts';
import type { BenchSystem, Caller } from './system.ts';

/** How much data a run generates. */
export interface DatasetSize {
  patients: number;
  compositionsPerEhr: number;
  /** Distinct compositions per cache variant of scenario 3 (each read once cold). */
  coldCompositions: number;
  /** Entries of scenario 2's single composition. */
  authorizationEntries: number;
  /** EHRs that scenario 4's clients commit to. */
  commitEhrs: number;
}

export interface Dataset {
  size: DatasetSize;
  /** Counts of what was stored, for the report. */
  stored: { patients: number; ehrs: number; compositions: number; entries: number };
  /** EHR ids of the patients in the order the `patients` list returns them (family name). */
  patientEhrIds: string[];
  authorizationUid: string;
  /** Version uids per cache variant, never read before scenario 3. */
  coldUids: { inProcess: string[]; redis: string[] };
  commitEhrIds: string[];
}

/** The caller that loads the data: a clinician and registrar of org-a. */
export const SEEDER: Caller = { sub: 'bench-seed', org: 'org-a', roles: ['clinician', 'registrar'] };

const REGISTER = `mutation($input: PatientInput!) { registerPatient(input: $input) { id } }`;
const CREATE_EHR = `mutation { createEhr { id } }`;
const LINK = `mutation($p: UUID!, $e: UUID!) { linkEhr(patientId: $p, ehrId: $e) { id } }`;
const COMMIT = `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`;

const day = (n: number) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString();
const tests = (count: number, seed: number): LabTest[] =>
  Array.from({ length: count }, (_, i) => (i % 4 === 3 ? ANCA(10 + (seed % 50)) : HBA1C(5 + ((seed + i) % 30) / 10)));

/** A patient's j-th composition: blood pressure (1 entry) or a laboratory report of 3 results (3 entries). */
const patientComposition = (patient: number, j: number) =>
  j % 2 === 0
    ? { document: bloodPressureComposition(110 + ((patient * 7 + j) % 60), 70 + (patient % 20), day(patient + j)), entries: 1 }
    : { document: labReportComposition(tests(3, patient + j), day(patient + j)), entries: 3 };

/**
 * Generates the dataset directly on the subgraphs, as their mutations store it: each patient
 * registered, given an EHR, linked, and given its compositions; then the compositions of scenarios
 * 2 and 3. Scenario 3 restarts the clinical service before it reads, so that the commits here leave
 * nothing in its cache.
 */
export async function generateDataset(system: BenchSystem, size: DatasetSize): Promise<Dataset> {
  const token = await system.token(SEEDER);
  const call = async <T>(url: string, query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const response = await graphqlClient(url).request<T>(query, variables, { authorization: `Bearer ${token}` });
    if (response.errors?.length || !response.data) throw new Error(`dataset: ${JSON.stringify(response.errors ?? response.status)}`);
    return response.data;
  };
  const clinical = <T>(query: string, variables?: Record<string, unknown>) => call<T>(system.clinical.url, query, variables);
  const demographic = <T>(query: string, variables?: Record<string, unknown>) => call<T>(system.demographic.url, query, variables);
  const createEhr = async () => (await clinical<{ createEhr: { id: string } }>(CREATE_EHR)).createEhr.id;
  const commit = async (ehrId: string, document: unknown) =>
    (await clinical<{ commitComposition: { uid: string } }>(COMMIT, { e: ehrId, c: document })).commitComposition.uid;

  let entries = 0;
  const patientEhrIds = await inParallel(size.patients, async (i) => {
    const label = String(i).padStart(4, '0');
    const input = {
      name: { given: ['Bench'], family: `Patient-${label}` },
      birthDate: '1970-01-01',
      sex: 'UNKNOWN',
      identifiers: [{ system: 'urn:bench:mrn', value: `B-${label}` }],
    };
    const patientId = (await demographic<{ registerPatient: { id: string } }>(REGISTER, { input })).registerPatient.id;
    const ehrId = await createEhr();
    await demographic(LINK, { p: patientId, e: ehrId });
    for (let j = 0; j < size.compositionsPerEhr; j++) {
      const { document, entries: count } = patientComposition(i, j);
      await commit(ehrId, document);
      entries += count;
    }
    return ehrId;
  });

  const authorizationEhr = await createEhr();
  const authorizationUid = await commit(authorizationEhr, labReportComposition(tests(size.authorizationEntries, 0), day(0)));
  const commitEhrIds = await inParallel(size.commitEhrs, () => createEhr());
  const coldEhrs = await inParallel(10, () => createEhr());
  const coldSet = () =>
    inParallel(size.coldCompositions, (i) => commit(coldEhrs[i % coldEhrs.length] as string, labReportComposition(tests(5, i), day(i % 365))));
  const coldUids = { inProcess: await coldSet(), redis: await coldSet() };
  entries += size.authorizationEntries + 10 * size.coldCompositions;

  return {
    size,
    stored: {
      patients: size.patients,
      ehrs: size.patients + 1 + size.commitEhrs + coldEhrs.length,
      compositions: size.patients * size.compositionsPerEhr + 1 + 2 * size.coldCompositions,
      entries,
    },
    patientEhrIds,
    authorizationUid,
    coldUids,
    commitEhrIds,
  };
}

/** Runs `work(0…count-1)` with a few requests in flight at once; results in index order. */
async function inParallel<T>(count: number, work: (index: number) => Promise<T>, width = 6): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await work(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, lane));
  return results;
}
