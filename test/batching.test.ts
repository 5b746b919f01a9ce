import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANCA, HBA1C, labReportComposition } from '../scripts/demo/compositions.ts';
import type { GraphQLClient, GraphQLResponse } from './kit/graphql-client.ts';
import { startSystem, type TestSystem } from './kit/system.ts';

/**
 * The cost of a request must not grow with the number of items it touches: every look-up by key
 * is batched per request (DataLoader), so listing 100 patients with their EHR and compositions
 * costs the same number of SQL statements in each subgraph as listing 10.
 */
const PATIENTS = 100;
const FIRST_TEN = 10;
const COMPOSITIONS_PER_EHR = 5;

let system: TestSystem;
/** EHR ids of the 100 patients, in the order the list returns them (family, given, id). */
let ehrIds: string[] = [];

interface Counts {
  clinical: number;
  demographic: number;
  statements: { clinical: string[]; demographic: string[] };
}

/** Runs one request and counts the SQL statements each subgraph ran for it. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; counts: Counts }> {
  const statements = { clinical: [] as string[], demographic: [] as string[] };
  const stops = [system.clinicalDb.observe((sql) => statements.clinical.push(sql)), system.demographicDb.observe((sql) => statements.demographic.push(sql))];
  try {
    const result = await run();
    return { result, counts: { clinical: statements.clinical.length, demographic: statements.demographic.length, statements } };
  } finally {
    for (const stop of stops) stop();
  }
}

function ok<T>(response: GraphQLResponse<T>): T {
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data as T;
}

/** Many mutations of one kind, 25 per request (aliases, within the alias limit), in order: seeding 100 patients stays quick. */
async function aliased(
  client: GraphQLClient,
  fields: string[],
  variables: Record<string, unknown> = {},
  header = 'mutation',
): Promise<{ id?: string; uid?: string }[]> {
  const results: { id?: string; uid?: string }[] = [];
  for (let from = 0; from < fields.length; from += 25) {
    const chunk = fields.slice(from, from + 25).map((field, i) => `m${i}: ${field}`);
    results.push(...Object.values(ok<Record<string, { id?: string; uid?: string }>>(await client.request(`${header} { ${chunk.join('\n')} }`, variables))));
  }
  return results;
}

beforeAll(async () => {
  system = await startSystem();
  // Given name `Ten` for the first ten, so that `patients(name: "Ten")` lists exactly them.
  const registered = await aliased(
    system.gateway,
    Array.from({ length: PATIENTS }, (_, i) => {
      const given = i < FIRST_TEN ? 'Ten' : 'Other';
      return `registerPatient(input: { name: { given: ["${given}"], family: "Batch${String(i).padStart(3, '0')}" } }) { id }`;
    }),
  );
  const patientIds = registered.map((patient) => patient.id as string);
  const created = await aliased(
    system.gateway,
    patientIds.map(() => 'createEhr { id }'),
  );
  ehrIds = created.map((ehr) => ehr.id as string);
  await aliased(
    system.gateway,
    patientIds.map((id, i) => `linkEhr(patientId: "${id}", ehrId: "${ehrIds[i]}") { id }`),
  );
  const document = labReportComposition([HBA1C(6.1), ANCA(20)], '2026-03-01T08:00:00Z');
  const commits = ehrIds.flatMap((ehrId) =>
    Array.from({ length: COMPOSITIONS_PER_EHR }, () => `commitComposition(ehrId: "${ehrId}", composition: $c) { uid }`),
  );
  await aliased(system.gateway, commits, { c: document }, 'mutation($c: JSON!)');
}, 180_000);

afterAll(async () => {
  await system?.stop();
});

const LIST = `query($name: String!) {
  patients(name: $name, first: 100) {
    edges { node {
      id name { family }
      ehr {
        id subjectId
        patient { id }
        compositions(first: ${COMPOSITIONS_PER_EHR}) {
          pageInfo { hasNextPage }
          edges { node { uid templateId ehr { id } entries { name codes elements { path value { rmType } } } } }
        }
      }
    } }
  }
}`;

interface Listed {
  patients: {
    edges: {
      node: {
        id: string;
        ehr: {
          id: string;
          patient: { id: string };
          compositions: { pageInfo: { hasNextPage: boolean }; edges: { node: { uid: string; ehr: { id: string }; entries: { codes: string[] }[] } }[] };
        };
      };
    }[];
  };
}

/** A clinician's request to the clinical subgraph: emergency accesses, EHRs, composition pages, audit. */
const CLINICAL_STATEMENTS = 4;

describe('batching: statements per request do not grow with the list', () => {
  it(`lists ${FIRST_TEN} and ${PATIENTS} patients with EHR, ${COMPOSITIONS_PER_EHR} compositions and entries at the same statement count per subgraph`, async () => {
    const list = async (name: string) => counted(async () => ok<Listed>(await system.gateway.request(LIST, { name })));
    await list('Ten'); // warm-up: the first request of a process may load things once
    const ten = await list('Ten');
    const hundred = await list('Batch');

    for (const [run, size] of [
      [ten, FIRST_TEN],
      [hundred, PATIENTS],
    ] as const) {
      const patients = run.result.patients.edges.map((edge) => edge.node);
      expect(patients).toHaveLength(size);
      for (const patient of patients) {
        expect(patient.ehr.patient.id).toBe(patient.id);
        const compositions = patient.ehr.compositions.edges.map((edge) => edge.node);
        expect(compositions).toHaveLength(COMPOSITIONS_PER_EHR);
        expect(patient.ehr.compositions.pageInfo.hasNextPage).toBe(false);
        for (const composition of compositions) {
          expect(composition.ehr.id).toBe(patient.ehr.id);
          expect(composition.entries.map((entry) => entry.codes)).toEqual([
            expect.arrayContaining(['LOINC::4548-4']),
            expect.arrayContaining(['LOINC::17351-8']),
          ]);
        }
      }
    }
    console.log(
      `batching: statements per request, ${FIRST_TEN} patients → clinical ${ten.counts.clinical}, demographic ${ten.counts.demographic}; ` +
        `${PATIENTS} patients → clinical ${hundred.counts.clinical}, demographic ${hundred.counts.demographic}`,
    );
    expect(hundred.counts.clinical, hundred.counts.statements.clinical.join('\n---\n')).toBe(ten.counts.clinical);
    expect(hundred.counts.demographic, hundred.counts.statements.demographic.join('\n---\n')).toBe(ten.counts.demographic);
    // clinical (one `_entities` request): the caller's emergency accesses in force (a clinician may
    // break the glass), EHRs by id, composition pages, audit trail; demographic (one request): the page
    // of patients, links by patient, links by EHR (EHR → patient), audit trail
    expect(hundred.counts.clinical).toBe(CLINICAL_STATEMENTS);
    expect(hundred.counts.demographic).toBe(4);
  });

  it('pages of many EHRs, each after its own cursor, come from one statement and keep keyset order', async () => {
    const tenEhrs = ehrIds.slice(0, FIRST_TEN);
    const all = ok<Record<string, { compositions: { edges: { node: { uid: string } }[] } }>>(
      await system.clinical.request(
        `{ ${tenEhrs.map((id, i) => `e${i}: ehr(id: "${id}") { compositions(first: 5) { edges { node { uid } } } }`).join('\n')} }`,
      ),
    );
    const expected = tenEhrs.map((_, i) => all[`e${i}`]?.compositions.edges.map((edge) => edge.node.uid));

    const seen: string[][] = tenEhrs.map(() => []);
    const cursors: (string | null)[] = tenEhrs.map(() => null);
    const statementCounts: number[] = [];
    for (let step = 0; step < 3; step++) {
      const fields = tenEhrs.map((id, i) => {
        const after = cursors[i] ? `, after: "${cursors[i]}"` : '';
        return `e${i}: ehr(id: "${id}") { compositions(first: 2${after}) { pageInfo { hasNextPage endCursor } edges { node { uid } } } }`;
      });
      type Page = { compositions: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: { uid: string } }[] } };
      const { result, counts } = await counted(async () => ok<Record<string, Page>>(await system.clinical.request(`{ ${fields.join('\n')} }`)));
      statementCounts.push(counts.clinical);
      tenEhrs.forEach((_, i) => {
        const page = result[`e${i}`]?.compositions;
        seen[i]?.push(...(page?.edges.map((edge) => edge.node.uid) ?? []));
        cursors[i] = page?.pageInfo.endCursor ?? null;
        expect(page?.pageInfo.hasNextPage).toBe(step < 2);
      });
    }
    expect(seen).toEqual(expected);
    expect(statementCounts).toEqual([CLINICAL_STATEMENTS, CLINICAL_STATEMENTS, CLINICAL_STATEMENTS]);
  });

  it('batched _entities keep authorisation per item: EHRs of another network answer null in the same single look-up', async () => {
    const orgC = { authorization: `Bearer ${await system.token({ sub: 'dr-c', org: 'org-c', roles: ['clinician'] })}` };
    const foreign = ok<{ a: { id: string }; b: { id: string } }>(
      await system.clinical.request(`mutation { a: createEhr { id } b: createEhr { id } }`, {}, orgC),
    );
    const representations = [ehrIds[0], foreign.a.id, ehrIds[1], foreign.b.id].map((id) => ({ __typename: 'Ehr', id }));
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ehr { id compositions(first: 5) { edges { node { uid } } } } } }`;

    const { result, counts } = await counted(async () =>
      ok<{ _entities: ({ id: string; compositions: { edges: unknown[] } } | null)[] }>(await system.clinical.request(query, { r: representations })),
    );
    expect(result._entities.map((ehr) => ehr?.id ?? null)).toEqual([ehrIds[0], null, ehrIds[1], null]);
    expect(result._entities[0]?.compositions.edges).toHaveLength(COMPOSITIONS_PER_EHR);
    expect(counts.clinical).toBe(CLINICAL_STATEMENTS);

    // and the other way round: org-c's clinician sees only org-c's EHRs among the same keys
    const theirs = ok<{ _entities: ({ id: string } | null)[] }>(await system.clinical.request(query, { r: representations }, orgC));
    expect(theirs._entities.map((ehr) => ehr?.id ?? null)).toEqual([null, foreign.a.id, null, foreign.b.id]);
  });

  it('a page loaded earlier in a request is not served stale after a later mutation of the same request', async () => {
    const ehrId = ok<{ createEhr: { id: string } }>(await system.gateway.request(`mutation { createEhr { id } }`)).createEhr.id;
    const selection = `{ uid ehr { compositions(first: 10) { edges { node { uid } } } } }`;
    const both = ok<Record<'a' | 'b', { uid: string; ehr: { compositions: { edges: { node: { uid: string } }[] } } }>>(
      await system.clinical.request(
        `mutation($e: UUID!, $c: JSON!) { a: commitComposition(ehrId: $e, composition: $c) ${selection} b: commitComposition(ehrId: $e, composition: $c) ${selection} }`,
        { e: ehrId, c: labReportComposition([HBA1C(5.5)], '2026-03-02T08:00:00Z') },
      ),
    );
    expect(both.a.ehr.compositions.edges.map((edge) => edge.node.uid)).toEqual([both.a.uid]);
    expect(both.b.ehr.compositions.edges.map((edge) => edge.node.uid).sort()).toEqual([both.a.uid, both.b.uid].sort());
  });
});
