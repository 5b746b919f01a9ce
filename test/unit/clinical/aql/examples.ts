// The queries of test/fixtures/openehr/aql-examples.md, `${…}` placeholders filled in.
const AT8 = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0008]';
const AT10 = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0010]';
const CONF = 'FROM OBSERVATION o[openEHR-EHR-OBSERVATION.conformance_observation.v0]';
const MIN_ITEM = 'data[at0001]/events[at0002]/data[at0003]/items[at0004]/value/value';
const SYMPTOM = 'o/data[at0001]/events[at0002]/data[at0003]/items[at0022]';

export interface Ids {
  ehr1: string;
  ehr2: string;
  c1: string;
  c2: string;
}

export const PLACEHOLDER_IDS: Ids = {
  ehr1: '7d44b88c-4199-4bad-97dc-d78268e01398',
  ehr2: '2a1f0e10-8bd1-4bb6-9cbb-7b3c6a1c0f11',
  c1: 'a4b5c6d7-1111-4e2f-9a0b-0c1d2e3f4a5b::test.aql::1',
  c2: 'b5c6d7e8-2222-4e2f-9a0b-0c1d2e3f4a5b::test.aql::1',
};

export const example = {
  max8: `SELECT MAX(${AT8}/value/magnitude) ${CONF}`,
  max10: `SELECT MAX(${AT10}/value/magnitude) ${CONF}`,
  sum8: `SELECT SUM(${AT8}/value/magnitude) ${CONF}`,
  sum10: `SELECT SUM(${AT10}/value/magnitude) ${CONF}`,
  avg8: `SELECT AVG(${AT8}/value/magnitude) ${CONF}`,
  avg10: `SELECT AVG(${AT10}/value/magnitude) ${CONF}`,
  countStar: `SELECT COUNT(*) ${CONF}`,
  countMagnitude: `SELECT COUNT(${AT8}/value/magnitude) ${CONF}`,
  countNullFlavour: `SELECT COUNT(${AT8}/null_flavour/value) ${CONF}`,
  countItem: `SELECT COUNT(${AT8}) ${CONF}`,
  countEhr: 'SELECT COUNT(e/ehr_id/value) FROM EHR e CONTAINS COMPOSITION',
  countDistinctEhr: 'SELECT COUNT(DISTINCT e/ehr_id/value) FROM EHR e CONTAINS COMPOSITION',
  whereOrdered: (op: string) => `SELECT ${AT8}/value/magnitude ${CONF} WHERE ${AT8}/value ${op} 82.0`,
  whereExists: `SELECT ${AT8}/value/magnitude FROM OBSERVATION o [openEHR-EHR-OBSERVATION.conformance_observation.v0] WHERE EXISTS ${AT8}/value`,
  whereNotExists: `SELECT ${AT8}/value/magnitude FROM OBSERVATION o [openEHR-EHR-OBSERVATION.conformance_observation.v0] WHERE NOT EXISTS ${AT8}/value`,
  whereAnd: (ids: Ids) =>
    `SELECT e/ehr_id/value, c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE (e/ehr_id/value = '${ids.ehr1}' and c/uid/value = '${ids.c1}')`,
  whereOr: (ids: Ids) =>
    `SELECT e/ehr_id/value, c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE (e/ehr_id/value = '${ids.ehr1}' or c/uid/value = '${ids.c1}')`,
  whereAndUids: (ids: Ids) =>
    `SELECT e/ehr_id/value, c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE (c/uid/value = '${ids.c1}' and c/uid/value = '${ids.c2}')`,
  matches: (ids: Ids) => `SELECT e/ehr_id/value, c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE e/ehr_id/value MATCHES {'${ids.ehr1}', '${ids.ehr2}'}`,
  like: (pattern: string) => `SELECT c/name/value, c/uid/value FROM EHR e CONTAINS COMPOSITION c WHERE c/name/value LIKE ${pattern}`,
  parameter: `SELECT ${AT8}/value/magnitude FROM COMPOSITION c CONTAINS OBSERVATION o WHERE ${AT8}/value/magnitude = $param`,
  ehrStatus: 'SELECT l/name/value FROM EHR e CONTAINS EHR_STATUS CONTAINS ELEMENT l',
  elementAt13: 'SELECT l/name/value FROM EHR e CONTAINS ELEMENT l[at0013]',
  element: 'SELECT l/name/value FROM EHR e CONTAINS ELEMENT l',
  orderByDate: (dir: 'ASC' | 'DESC') => `SELECT ec/start_time/value FROM EHR e CONTAINS COMPOSITION c CONTAINS EVENT_CONTEXT ec ORDER BY ec/start_time ${dir}`,
  limitOffset: (limit: number, offset: number) => `SELECT c FROM COMPOSITION c LIMIT ${limit} OFFSET ${offset}`,
  distinct: (paging: string) =>
    `SELECT DISTINCT ${SYMPTOM}/items[at0004]/value/value FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.symptom_sign_screening.v0] WHERE ${SYMPTOM}/items[at0005]/value/value = 'Vorhanden' ORDER BY ${SYMPTOM}/items[at0004]/value/value ASC${paging}`,
  versionEhr:
    'SELECT e/ehr_id/value, c/archetype_details/template_id/value, cv/uid/value, cv/commit_audit/time_committed/value FROM EHR e CONTAINS VERSION cv[LATEST_VERSION] CONTAINS COMPOSITION c ORDER BY cv/commit_audit/time_committed',
  version:
    'SELECT cv/uid/value, cv/contribution/id/value, cv/commit_audit/time_committed/value FROM VERSION cv[LATEST_VERSION] CONTAINS COMPOSITION c[openEHR-EHR-COMPOSITION.conformance_composition_.v0] ORDER BY cv/commit_audit/time_committed ASC',
  allEhrs: 'SELECT e/ehr_id/value FROM EHR e',
  minimalFirst: `SELECT c FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION obs [openEHR-EHR-OBSERVATION.minimal.v1] WHERE obs/${MIN_ITEM} = 'first value'`,
  minimalParameter: `SELECT c FROM EHR e CONTAINS COMPOSITION c CONTAINS OBSERVATION obs [openEHR-EHR-OBSERVATION.minimal.v1] WHERE obs/${MIN_ITEM} = $value`,
  minimalEhr: (ehr: string) =>
    `SELECT c/uid/value, o/name/value, o/data[at0001]/origin/value, o/data[at0001]/events[at0002]/time/value, o/${MIN_ITEM} FROM EHR e[ehr_id/value='${ehr}'] CONTAINS COMPOSITION c[openEHR-EHR-COMPOSITION.minimal.v1] CONTAINS OBSERVATION o[openEHR-EHR-OBSERVATION.minimal.v1]`,
  minimalAction:
    'SELECT e/ehr_id/value as uid FROM EHR e CONTAINS COMPOSITION c[openEHR-EHR-COMPOSITION.minimal.v1] CONTAINS ACTION action [openEHR-EHR-ACTION.minimal_2.v1]',
  minimalEntry: (ehr: string) =>
    `SELECT entry FROM EHR e[ehr_id/value='${ehr}'] CONTAINS COMPOSITION c[openEHR-EHR-COMPOSITION.minimal.v1] CONTAINS ENTRY entry [openEHR-EHR-OBSERVATION.minimal.v1] WHERE entry/${MIN_ITEM} = 'first value'`,
  timewindow: 'SELECT c FROM COMPOSITION c TIMEWINDOW PT12H/2019-10-24',
  storedBloodPressure:
    'SELECT c FROM EHR e CONTAINS COMPOSITION c[openEHR-EHR-COMPOSITION.encounter.v1] CONTAINS OBSERVATION obs[openEHR-EHR-OBSERVATION.blood_pressure.v1] WHERE obs/data[at0001]/events[at0006]/data[at0003]/items[at0004]/value/magnitude >= $systolic_bp',
};

/** Every example as [number, text], placeholders filled with PLACEHOLDER_IDS. */
export function allExamples(): [string, string][] {
  const ids = PLACEHOLDER_IDS;
  const e = example;
  return [
    ['1', e.max8],
    ['2', e.max10],
    ['3', e.sum8],
    ['4', e.sum10],
    ['5', e.avg8],
    ['6', e.avg10],
    ['7 COUNT(*)', e.countStar],
    ['7 COUNT(magnitude)', e.countMagnitude],
    ['7 COUNT(null_flavour)', e.countNullFlavour],
    ['7 COUNT(item)', e.countItem],
    ['8', e.countEhr],
    ['8 DISTINCT', e.countDistinctEhr],
    ['9 =', e.whereOrdered('=')],
    ['9 >', e.whereOrdered('>')],
    ['9 <', e.whereOrdered('<')],
    ['10 EXISTS', e.whereExists],
    ['10 NOT EXISTS', e.whereNotExists],
    ['11 and', e.whereAnd(ids)],
    ['11 or', e.whereOr(ids)],
    ['11 and uids', e.whereAndUids(ids)],
    ['12', e.matches(ids)],
    ['13 exact', e.like("'type_repetition_conformance_ehrbase.org'")],
    ['13 ?*', e.like("'type?repetition?conformance?ehrbase*'")],
    ['13 *', e.like("'*ehrbase*'")],
    ['14', e.parameter],
    ['15', e.ehrStatus],
    ['16', e.elementAt13],
    ['17', e.element],
    ['18 ASC', e.orderByDate('ASC')],
    ['18 DESC', e.orderByDate('DESC')],
    ['19 4/2', e.limitOffset(4, 2)],
    ['19 4/4', e.limitOffset(4, 4)],
    ['19 10/1', e.limitOffset(10, 1)],
    ['20', e.distinct(' LIMIT 1 OFFSET 1')],
    ['20 unpaged', e.distinct('')],
    ['21', e.versionEhr],
    ['22', e.version],
    ['23', e.allEhrs],
    ['24', e.minimalFirst],
    ['25', e.minimalParameter],
    ['26', e.minimalEhr(ids.ehr1)],
    ['27', e.minimalAction],
    ['28', e.minimalEntry(ids.ehr1)],
    ['29', e.timewindow],
    ['30', e.storedBloodPressure],
  ];
}
