/**
 * Issue 12, section 1: a property test over the identity table. Compositions with a person (or a
 * record stand-in) at any set of table positions are committed by a clinician; a researcher, whose
 * policy hides every category, must find none of them in canonical JSON, entries or AQL results,
 * and every AQL filter testing one of those positions is refused. Over HTTP, direct and through
 * the gateway; and, with many more runs, against the pure table functions.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import { IDENTITY_CATEGORIES } from '../../subgraphs/clinical/privacy/identity-table.ts';
import { aqlPathRefusal, redact } from '../../subgraphs/clinical/privacy/identity.ts';
import { defaultPolicyWithResearch } from '../kit/policies.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import type { Headers } from '../kit/tokens.ts';
import { castHeaders, codesOf, commit, createEhr, type Actor } from './support.ts';

type Json = Record<string, any>;

const party = (name: string) => ({ _type: 'PARTY_IDENTIFIED', name });
const feed = (details: Json) => ({ _type: 'FEEDER_AUDIT', originating_system_audit: { _type: 'FEEDER_AUDIT_DETAILS', system_id: 'FEED', ...details } });
const performer = (name: string) => [{ _type: 'PARTICIPATION', function: { _type: 'DV_TEXT', value: 'assistant' }, performer: party(name) }];

/** One table position: where the marker goes, and an AQL filter (FROM … WHERE) that would test it. */
interface Position {
  name: string;
  place(document: Json, marker: string): void;
  filter: [rmType: string, path: string];
}

const observation = (document: Json): Json => document.content[0].items[0];
const element = (document: Json): Json => observation(document).data.events[0].data.items[1];

const POSITIONS: Position[] = [
  { name: 'composer', place: (d, m) => (d.composer = party(m)), filter: ['COMPOSITION', 'composer/name/value'] },
  { name: 'facility', place: (d, m) => (d.context.health_care_facility = party(m)), filter: ['COMPOSITION', 'context/health_care_facility/name/value'] },
  { name: 'participation', place: (d, m) => (d.context.participations = performer(m)), filter: ['COMPOSITION', 'context/participations/performer/name/value'] },
  { name: 'provider', place: (d, m) => (observation(d).provider = party(m)), filter: ['OBSERVATION', 'provider/name/value'] },
  {
    name: 'other participation',
    place: (d, m) => (observation(d).other_participations = performer(m)),
    filter: ['OBSERVATION', 'other_participations/performer/name/value'],
  },
  {
    name: 'entry feed provider',
    place: (d, m) => (observation(d).feeder_audit = feed({ provider: party(m) })),
    filter: ['OBSERVATION', 'feeder_audit/originating_system_audit/provider/name/value'],
  },
  {
    name: 'element feed location',
    place: (d, m) => (element(d).feeder_audit = feed({ location: party(m) })),
    filter: ['OBSERVATION', 'data/events/data/items/feeder_audit/originating_system_audit/location/name/value'],
  },
  {
    name: 'section feed provider',
    place: (d, m) => (d.content[0].feeder_audit = feed({ provider: party(m) })),
    filter: ['SECTION', 'feeder_audit/originating_system_audit/provider/name/value'],
  },
  { name: 'entry uid', place: (d, m) => (observation(d).uid = { _type: 'HIER_OBJECT_ID', value: m }), filter: ['OBSERVATION', 'uid/value'] },
  {
    name: 'workflow id',
    place: (d, m) =>
      (observation(d).workflow_id = { _type: 'OBJECT_REF', namespace: 'wf', type: 'WORKFLOW', id: { _type: 'GENERIC_ID', value: m, scheme: 'x' } }),
    filter: ['OBSERVATION', 'workflow_id/id/value'],
  },
];

function report(): Json {
  const document: Json = labReportComposition([HBA1C(6.1)], '2026-07-01T10:00:00Z');
  document.content = [
    {
      _type: 'SECTION',
      name: { _type: 'DV_TEXT', value: 'Results' },
      archetype_node_id: 'openEHR-EHR-SECTION.adhoc.v1',
      archetype_details: { _type: 'ARCHETYPED', archetype_id: { _type: 'ARCHETYPE_ID', value: 'openEHR-EHR-SECTION.adhoc.v1' }, rm_version: '1.0.4' },
      items: document.content,
    },
  ];
  return document;
}

/** A composition with a fresh marker at each chosen position. */
const placed = fc.subarray(POSITIONS, { minLength: 1 }).map((positions) => {
  const document = report();
  const markers = positions.map((position) => {
    const marker = randomUUID();
    position.place(document, marker);
    return { position, marker };
  });
  return { document, markers };
});

const ALL_HIDDEN = new Set(IDENTITY_CATEGORIES);

describe('the table functions, for a caller who may see no category', () => {
  it('redact removes every marker and every filter on a marked position is refused', () => {
    fc.assert(
      fc.property(placed, ({ document, markers }) => {
        const text = JSON.stringify(redact(document, 'COMPOSITION', ALL_HIDDEN));
        const refuse = aqlPathRefusal(ALL_HIDDEN);
        for (const { position, marker } of markers) {
          expect(text).not.toContain(marker);
          expect(refuse(...position.filter)).not.toBeNull();
        }
      }),
      { numRuns: 300 },
    );
  });
});

let system: TestSystem;
let cast: Record<Actor, Headers>;
let ehrId: string;

beforeAll(async () => {
  // Row-level AQL allowed to researchers here, so that the identity table is what refuses or redacts.
  system = await startSystem({ subgraphEnv: { POLICY_PATH: defaultPolicyWithResearch({ aggregateOnlyRoles: [] }) } });
  cast = await castHeaders(system);
  ehrId = (await createEhr(system.gateway, cast.clinicianA, randomUUID())).id;
});

afterAll(async () => {
  await system?.stop();
});

const READS = [
  'SELECT o/data, o/protocol, o/name FROM COMPOSITION c CONTAINS SECTION s CONTAINS OBSERVATION o',
  'SELECT c/context, c/name, c/category FROM COMPOSITION c',
  'SELECT s/name, s/archetype_details FROM COMPOSITION c CONTAINS SECTION s',
  'SELECT x/value FROM OBSERVATION o CONTAINS ELEMENT x',
];

describe.each(['gateway', 'clinical'] as const)('%s: no API returns a marked position to a researcher', (target) => {
  it('canonical, entries and AQL reads hold no marker; AQL filters on them are refused', async () => {
    const client = system[target];
    await fc.assert(
      fc.asyncProperty(placed, async ({ document, markers }) => {
        const { uid } = await commit(client, cast.clinicianA, ehrId, document);
        const read = await client.request(`query($u: String!) { composition(uid: $u) { canonical entries { canonical } } }`, { u: uid }, cast.researcher);
        expect(read.errors).toBeUndefined();
        const answers = [read];
        for (const query of READS) {
          const rows = await client.request(`query($q: String!) { aql(query: $q) { rows } }`, { q: query }, cast.researcher);
          expect(rows.errors).toBeUndefined();
          answers.push(rows);
        }
        const text = JSON.stringify(answers);
        for (const { position, marker } of markers) {
          expect(text, position.name).not.toContain(marker);
          const [rmType, path] = position.filter;
          const query = `SELECT COUNT(*) FROM ${rmType} v WHERE v/${path} = $m`;
          const filtered = await client.request(
            `query($q: String!, $p: JSON) { aql(query: $q, parameters: $p) { rows } }`,
            { q: query, p: { m: marker } },
            cast.researcher,
          );
          expect(codesOf(filtered), position.name).toEqual(['BAD_USER_INPUT']);
        }
        const clinician = await client.request(`query($u: String!) { composition(uid: $u) { canonical } }`, { u: uid }, cast.clinicianA);
        for (const { marker } of markers) expect(JSON.stringify(clinician)).toContain(marker);
      }),
      { numRuns: 8 },
    );
  });
});
