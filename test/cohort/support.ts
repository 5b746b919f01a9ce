/**
 * Data of the cohort tests, committed through the API, and the expected numbers computed here from
 * the same list (not by the service's SQL). Org-a allows research use, org-b does not; both are in
 * the care network `north`.
 */
import { expect } from 'vitest';
import { ANCA, bloodPressureComposition, HBA1C, labReportComposition, type LabTest } from '../../scripts/demo/compositions.ts';
import type { GraphQLClient } from '../kit/graphql-client.ts';
import { commit, createEhr, DELETE, update } from '../security/support.ts';
import type { Headers } from '../kit/tokens.ts';
import type { Cell, Fact, Group } from './expected.ts';

export const LAB = 'openEHR-EHR-OBSERVATION.laboratory_test_result.v1';
export const RESULT_VALUE = '/data[at0001]/events[at0002]/data[at0003]/items[at0001]/value';
export const BLOOD_PRESSURE = 'openEHR-EHR-OBSERVATION.blood_pressure.v2';
export const SYSTOLIC = '/data[at0001]/events[at0002]/data[at0003]/items[at0004]/value';
export const HBA1C_CODE = 'LOINC::4548-4';
export const ANCA_CODE = 'LOINC::17351-8';

interface Lab {
  ehr: string;
  time: string;
  hba1c: number;
  anca?: number;
  then?: { update: number } | 'delete';
}

// Per month, EHRs of org-a with HbA1c: January 8, February 6, March 2, April 5.
const LABS: Lab[] = [
  { ehr: 'A0', time: '2025-01-10T09:00:00Z', hba1c: 5.4, anca: 40 },
  { ehr: 'A1', time: '2025-01-11T09:00:00Z', hba1c: 6.1, anca: 80 },
  { ehr: 'A2', time: '2025-01-12T09:00:00Z', hba1c: 6.8 },
  { ehr: 'A3', time: '2025-01-13T09:00:00Z', hba1c: 7.2, then: { update: 7.9 } },
  { ehr: 'A4', time: '2025-01-14T09:00:00Z', hba1c: 5.9 },
  { ehr: 'A5', time: '2025-01-15T09:00:00Z', hba1c: 8.3 },
  { ehr: 'A6', time: '2025-01-16T09:00:00Z', hba1c: 6.5 },
  { ehr: 'A7', time: '2025-01-17T09:00:00Z', hba1c: 7.0 },
  { ehr: 'B0', time: '2025-01-18T09:00:00Z', hba1c: 6.2, anca: 1 },
  { ehr: 'B1', time: '2025-01-31T23:30:00-02:00', hba1c: 9.1 }, // February in UTC
  { ehr: 'B2', time: '2025-01-20T09:00:00Z', hba1c: 5.6 },
  { ehr: 'B3', time: '2025-01-21T09:00:00Z', hba1c: 7.7 },
  { ehr: 'A0', time: '2025-02-03T09:00:00Z', hba1c: 5.5 },
  { ehr: 'A0', time: '2025-02-20T09:00:00Z', hba1c: 5.7 },
  { ehr: 'A1', time: '2025-02-04T09:00:00Z', hba1c: 6.0 },
  { ehr: 'A2', time: '2025-02-05T09:00:00Z', hba1c: 6.9, anca: 160 },
  { ehr: 'A3', time: '2025-02-06T09:00:00Z', hba1c: 7.4 },
  { ehr: 'A4', time: '2025-02-07T09:00:00Z', hba1c: 6.3 },
  { ehr: 'A5', time: '2025-02-08T09:00:00Z', hba1c: 8.0 },
  { ehr: 'A0', time: '2025-03-03T09:00:00Z', hba1c: 5.8 },
  { ehr: 'A1', time: '2025-03-04T09:00:00Z', hba1c: 6.4 },
  { ehr: 'A5', time: '2025-03-05T09:00:00Z', hba1c: 8.8, then: 'delete' },
  { ehr: 'A0', time: '2025-04-01T09:00:00Z', hba1c: 5.3 },
  { ehr: 'A1', time: '2025-04-02T09:00:00Z', hba1c: 6.6 },
  { ehr: 'A2', time: '2025-04-03T09:00:00Z', hba1c: 7.1 },
  { ehr: 'A3', time: '2025-04-04T09:00:00Z', hba1c: 7.5 },
  { ehr: 'A4', time: '2025-04-05T09:00:00Z', hba1c: 6.2 },
];

/** Blood pressure: [EHR, time, systolic, diastolic]. */
const PRESSURES: [string, string, number, number][] = [
  ['A0', '2025-01-06T08:00:00Z', 120, 80],
  ['A1', '2025-01-06T17:00:00Z', 135, 85],
  ['A2', '2025-01-07T08:00:00Z', 142, 91],
  ['A3', '2025-01-12T08:00:00Z', 118, 76],
  ['A4', '2025-01-13T08:00:00Z', 128, 82],
  ['B0', '2025-01-13T09:00:00Z', 110, 70],
];

export interface Dataset {
  /** Letter-number label → EHR id. */
  ehrIds: Record<string, string>;
  subjectIds: string[];
  labs: Fact[];
  pressures: (Fact & { diastolic: number })[];
}

const orgOf = (label: string) => (label.startsWith('A') ? 'org-a' : 'org-b');

/** Creates the EHRs (each by a clinician of its organisation) and commits every composition. */
export async function seed(client: GraphQLClient, clinicians: Record<string, Headers>): Promise<Dataset> {
  const labels = [...new Set([...LABS.map((lab) => lab.ehr), ...PRESSURES.map(([ehr]) => ehr)])].sort();
  const ehrIds: Record<string, string> = {};
  const subjectIds: string[] = [];
  for (const label of labels) {
    const ehr = await createEhr(client, clinicians[orgOf(label)] as Headers);
    ehrIds[label] = ehr.id;
    subjectIds.push(ehr.subjectId);
  }
  const as = (label: string) => clinicians[orgOf(label)] as Headers;
  const labs: Fact[] = [];
  for (const lab of LABS) {
    const tests = (hba1c: number): LabTest[] => [HBA1C(hba1c), ...(lab.anca === undefined ? [] : [ANCA(lab.anca)])];
    const { uid } = await commit(client, as(lab.ehr), ehrIds[lab.ehr] as string, labReportComposition(tests(lab.hba1c), lab.time));
    if (lab.then === 'delete') {
      const response = await client.request(DELETE, { p: uid }, as(lab.ehr));
      expect(response.errors).toBeUndefined();
      continue;
    }
    const hba1c = lab.then ? lab.then.update : lab.hba1c;
    if (lab.then) await update(client, as(lab.ehr), uid, labReportComposition(tests(hba1c), lab.time));
    const fact = { ehr: lab.ehr, org: orgOf(lab.ehr), at: new Date(lab.time) };
    labs.push({ ...fact, code: HBA1C_CODE, value: hba1c });
    if (lab.anca !== undefined) labs.push({ ...fact, code: ANCA_CODE, value: lab.anca });
  }
  const pressures: Dataset['pressures'] = [];
  for (const [ehr, time, systolic, diastolic] of PRESSURES) {
    await commit(client, as(ehr), ehrIds[ehr] as string, bloodPressureComposition(systolic, diastolic, time));
    pressures.push({ ehr, org: orgOf(ehr), at: new Date(time), code: '', value: systolic, diastolic });
  }
  return { ehrIds, subjectIds, labs, pressures };
}

/** What `COHORT` answers. */
export interface CohortAnswer {
  groups: Group[];
  total: Cell;
  minimumCellSize: number | null;
  suppressionApplied: boolean;
}

export const COHORT = `query($q: CohortQuery!) { cohort(query: $q) {
  groups { key cell { suppressed ehrCount valueCount min max mean p25 median p75 p95 } }
  total { suppressed ehrCount valueCount min max mean p25 median p75 p95 }
  minimumCellSize suppressionApplied } }`;
