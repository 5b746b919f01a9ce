import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture } from '../kit/fixtures.ts';
import { bloodPressureComposition, HBA1C, labReportComposition } from '../../scripts/demo/compositions.ts';
import type { GraphQLResponse } from '../kit/graphql-client.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

let system: TestSystem;
beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await system?.stop();
});

async function newEhr(): Promise<string> {
  const { data } = await system.gateway.request(`mutation { createEhr { id } }`);
  return data.createEhr.id;
}

async function commit(ehrId: string, document: unknown): Promise<{ uid: string; objectId: string }> {
  const { data, errors } = await system.gateway.request(`mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid objectId } }`, {
    e: ehrId,
    c: document,
  });
  expect(errors).toBeUndefined();
  return data.commitComposition;
}

const ELEMENTS = `query($uid: String!) {
  composition(uid: $uid) {
    entries {
      path rmType archetypeNodeId name codes canonical
      elements {
        path name archetypeNodeId nullFlavour
        value {
          __typename rmType canonical
          ... on DvText { value }
          ... on DvCodedText { value terminology code }
          ... on DvQuantity { magnitude units precision }
          ... on DvCount { magnitude }
          ... on DvProportion { numerator denominator proportionKind: type }
          ... on DvOrdinal { ordinal: value symbol { value code terminology } }
          ... on DvBoolean { boolean: value }
          ... on DvTemporal { value }
          ... on DvDuration { value }
          ... on DvIdentifier { id issuer assigner type }
        }
      }
    }
  }
}`;

describe('entries and typed element values', () => {
  it('types every data value of the all-types fixture, with a generic fallback for the rest', async () => {
    const ehrId = await newEhr();
    const { uid } = await commit(ehrId, loadFixture('all_types_systematic_tests.json'));
    const { data, errors } = await system.gateway.request(ELEMENTS, { uid });
    expect(errors).toBeUndefined();
    const entries = data.composition.entries;
    expect(entries.map((entry: { rmType: string }) => entry.rmType).sort()).toEqual(
      expect.arrayContaining(['ACTION', 'ADMIN_ENTRY', 'EVALUATION', 'INSTRUCTION', 'OBSERVATION']),
    );
    const values = entries.flatMap((entry: { elements: { value: { __typename: string; rmType: string } | null }[] }) =>
      entry.elements.map((element) => element.value).filter(Boolean),
    );
    const typeOf = new Map(values.map((value: { rmType: string; __typename: string }) => [value.rmType, value.__typename]));
    expect(Object.fromEntries(typeOf)).toMatchObject({
      DV_BOOLEAN: 'DvBoolean',
      DV_CODED_TEXT: 'DvCodedText',
      DV_COUNT: 'DvCount',
      DV_DATE: 'DvTemporal',
      DV_DATE_TIME: 'DvTemporal',
      DV_TIME: 'DvTemporal',
      DV_DURATION: 'DvDuration',
      DV_IDENTIFIER: 'DvIdentifier',
      DV_ORDINAL: 'DvOrdinal',
      DV_PROPORTION: 'DvProportion',
      DV_QUANTITY: 'DvQuantity',
      DV_TEXT: 'DvText',
      DV_MULTIMEDIA: 'OtherDataValue',
      DV_PARSABLE: 'OtherDataValue',
    });
    // nothing dropped: every value's canonical form is the committed one
    for (const value of values as { canonical: { _type: string }; rmType: string }[]) expect(value.canonical._type).toBe(value.rmType);
  });

  it('reads blood pressure quantities and lab codes as typed values with their paths', async () => {
    const ehrId = await newEhr();
    const bp = await commit(ehrId, loadFixture('ehrbase_blood_pressure_simple.de.v0.json'));
    const { data } = await system.gateway.request(ELEMENTS, { uid: bp.uid });
    const [entry] = data.composition.entries;
    expect(entry).toMatchObject({ rmType: 'OBSERVATION', archetypeNodeId: 'openEHR-EHR-OBSERVATION.sample_blood_pressure.v1' });
    const quantities = entry.elements.filter((element: { value: { __typename: string } }) => element.value?.__typename === 'DvQuantity');
    expect(quantities.length).toBeGreaterThanOrEqual(2);
    for (const quantity of quantities) {
      expect(quantity.value.units).toBe('mm[Hg]');
      expect(typeof quantity.value.magnitude).toBe('number');
      expect(quantity.path).toMatch(
        /^\/content\[openEHR-EHR-OBSERVATION\.sample_blood_pressure\.v1\]\/data\[at0001\]\/events\[.+\]\/data\[.+\]\/items\[at\d+\]$/,
      );
    }

    const lab = await commit(ehrId, labReportComposition([HBA1C(7.2)], '2026-03-01T08:00:00Z'));
    const labRead = await system.gateway.request(ELEMENTS, { uid: lab.uid });
    const labEntry = labRead.data.composition.entries[0];
    expect(labEntry.codes).toContain('LOINC::4548-4');
    expect(labEntry.elements.map((element: { value: unknown }) => element.value)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ __typename: 'DvCodedText', terminology: 'LOINC', code: '4548-4', value: 'Hemoglobin A1c' }),
        expect.objectContaining({ __typename: 'DvQuantity', magnitude: 7.2, units: '%' }),
      ]),
    );
    expect(labEntry.canonical._type).toBe('OBSERVATION');
  });
});

const PAGE = `query($id: UUID!, $first: Int, $after: String, $t: String) {
  ehr(id: $id) { compositions(first: $first, after: $after, templateId: $t) {
    edges { cursor node { uid templateId } } pageInfo { hasNextPage endCursor }
  } }
}`;

describe('Ehr.compositions', () => {
  it('pages through the latest live versions, newest first, without gaps or repeats', async () => {
    const ehrId = await newEhr();
    const committed: string[] = [];
    for (let i = 0; i < 7; i++) {
      const document =
        i % 2 === 0 ? bloodPressureComposition(120 + i, 80, '2026-01-01T10:00:00Z') : labReportComposition([HBA1C(6 + i / 10)], '2026-01-02T10:00:00Z');
      committed.push((await commit(ehrId, document)).objectId);
    }
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      type Page = { ehr: { compositions: { edges: { node: { uid: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } } };
      const response: GraphQLResponse<Page> = await system.gateway.request<Page>(PAGE, { id: ehrId, first: 3, after });
      expect(response.errors).toBeUndefined();
      const connection = response.data!.ehr.compositions;
      seen.push(...connection.edges.map((edge) => edge.node.uid.split('::')[0] as string));
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
      pages++;
    } while (after);
    expect(pages).toBe(3);
    expect(seen).toEqual([...committed].reverse());

    // Cursors are sealed: none shows a composition's id or commit time (they stand in for the record).
    const all = await system.gateway.request(PAGE, { id: ehrId, first: 10 });
    for (const edge of all.data.ehr.compositions.edges as { cursor: string; node: { uid: string } }[]) {
      const objectId = edge.node.uid.split('::')[0] as string;
      expect(Buffer.from(edge.cursor, 'base64url').toString('latin1')).not.toContain(objectId);
      expect(edge.cursor).not.toContain(objectId);
    }
    // A cursor of the old, plain shape for a real key is refused.
    const plain = Buffer.from(JSON.stringify([new Date().toISOString(), committed[0]])).toString('base64url');
    expect((await system.gateway.request(PAGE, { id: ehrId, after: plain })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'after',
    });

    const labs = await system.gateway.request(PAGE, { id: ehrId, first: 10, t: 'demo.laboratory_report.v1' });
    expect(labs.data.ehr.compositions.edges.map((edge: { node: { templateId: string } }) => edge.node.templateId)).toEqual(
      Array(3).fill('demo.laboratory_report.v1'),
    );
  });

  it('lists only the latest version and leaves deleted compositions out', async () => {
    const ehrId = await newEhr();
    const kept = await commit(ehrId, bloodPressureComposition(130, 85, '2026-02-01T10:00:00Z'));
    const gone = await commit(ehrId, bloodPressureComposition(131, 86, '2026-02-02T10:00:00Z'));
    const updated = await system.gateway.request(`mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid } }`, {
      p: kept.uid,
      c: bloodPressureComposition(129, 84, '2026-02-01T10:00:00Z'),
    });
    await system.gateway.request(`mutation($p: String!) { deleteComposition(precedingVersionUid: $p) { uid } }`, { p: gone.uid });
    const { data } = await system.gateway.request(PAGE, { id: ehrId, first: 10 });
    expect(data.ehr.compositions.edges.map((edge: { node: { uid: string } }) => edge.node.uid)).toEqual([updated.data.updateComposition.uid]);
  });

  it.each([
    [{ first: 0 }, 'first'],
    [{ first: 101 }, 'first'],
    [{ after: 'not-a-cursor' }, 'after'],
    [{ after: Buffer.from('["x","y"]').toString('base64url') }, 'after'],
  ])('rejects %o with BAD_USER_INPUT naming the argument', async (variables, argument) => {
    const ehrId = await newEhr();
    const { errors } = await system.gateway.request(PAGE, { id: ehrId, ...variables });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });
});
