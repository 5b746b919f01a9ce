import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureNames, loadFixture, withAnonymousFeeds } from '../kit/fixtures.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, TEST_SYSTEM_ID, type TestSystem } from '../kit/system.ts';

let system: TestSystem;
let ehrId: string;

const COMMIT = `mutation($ehrId: UUID!, $c: JSON!) {
  commitComposition(ehrId: $ehrId, composition: $c) {
    uid objectId version precedingVersionUid templateId archetypeNodeId name language territory category
    startTime committedAt changeType lifecycleState ehr { id } canonical
  }
}`;
const UPDATE = `mutation($p: String!, $c: JSON!) {
  updateComposition(precedingVersionUid: $p, composition: $c) { uid version precedingVersionUid changeType lifecycleState name }
}`;
const DELETE = `mutation($p: String!) { deleteComposition(precedingVersionUid: $p) { uid version changeType lifecycleState } }`;
const READ = `query($uid: String!) { composition(uid: $uid) { uid version lifecycleState name canonical } }`;
const VERSION_UID = new RegExp(`^[0-9a-f-]{36}::${TEST_SYSTEM_ID.replace(/\./g, '\\.')}::(\\d+)$`);

async function newEhr(): Promise<string> {
  const { data } = await system.gateway.request(`mutation { createEhr { id } }`);
  return data.createEhr.id;
}

async function commit(document: unknown, ehr = ehrId) {
  return system.gateway.request(COMMIT, { ehrId: ehr, c: document });
}

/** The document as JSON would carry it, without its uid (which the server assigns). */
function withoutUid(document: unknown): string {
  const { uid: _uid, ...rest } = document as Record<string, unknown>;
  return JSON.stringify(rest);
}

beforeAll(async () => {
  system = await startSystem();
  ehrId = await newEhr();
});
afterAll(async () => {
  await system?.stop();
});

describe('commitComposition', () => {
  it.each(fixtureNames())('round-trips %s: canonical equals what was committed, apart from the uid', async (name) => {
    // feeds naming a patient (EHRbase's max_v2/v3) are refused at commit: committed with anonymous feeds
    const document = withAnonymousFeeds(loadFixture(name)) as Record<string, unknown>;
    const committed = await commit(document);
    expect(committed.errors).toBeUndefined();
    const composition = committed.data.commitComposition;
    expect(composition.uid).toMatch(VERSION_UID);
    expect(composition).toMatchObject({
      version: 1,
      precedingVersionUid: null,
      changeType: 'CREATION',
      lifecycleState: 'COMPLETE',
      ehr: { id: ehrId },
      templateId: (document.archetype_details as { template_id: { value: string } }).template_id.value,
    });
    expect(composition.canonical.uid).toEqual({ _type: 'OBJECT_VERSION_ID', value: composition.uid });

    const read = await system.gateway.request(READ, { uid: composition.uid });
    // key order included: the stored document is the committed one
    expect(withoutUid(read.data.composition.canonical)).toBe(withoutUid(document));
    expect(read.data.composition.canonical.uid.value).toBe(composition.uid);
  });

  it('reads flat and structured as null with NOT_FOUND, the rest intact, when the template was never uploaded (development)', async () => {
    const { data } = await commit(loadFixture('minimal_admin.json'));
    const read = await system.gateway.request(`query($uid: String!) { composition(uid: $uid) { uid canonical flat structured } }`, {
      uid: data.commitComposition.uid,
    });
    expect(read.data.composition).toMatchObject({ uid: data.commitComposition.uid, flat: null, structured: null });
    expect(read.data.composition.canonical._type).toBe('COMPOSITION');
    expect(read.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['composition', 'flat'], 'NOT_FOUND'],
      [['composition', 'structured'], 'NOT_FOUND'],
    ]);
  });

  it('accepts the composition as JSON text too', async () => {
    const text = JSON.stringify(loadFixture('minimal_admin.json'));
    const { data, errors } = await commit(text);
    expect(errors).toBeUndefined();
    expect(data.commitComposition.templateId).toBe('minimal_admin.en.v1');
  });

  it('records the context start time and composition metadata', async () => {
    const { data } = await commit(loadFixture('minimal_evaluation.json'));
    expect(data.commitComposition).toMatchObject({
      name: 'Minimal',
      archetypeNodeId: 'openEHR-EHR-COMPOSITION.minimal.v1',
      language: 'en',
      territory: 'UY',
      category: 'event',
      startTime: '2019-01-28T21:22:19.979Z',
    });
  });

  const rejected: [string, () => unknown, Record<string, unknown>][] = [
    ['malformed JSON text', () => '{"_type": "COMPOSITION", "name": ', { code: 'BAD_USER_INPUT', jsonPath: '$' }],
    ['a non-COMPOSITION document', () => ({ ...(loadFixture('minimal_admin.json') as object), _type: 'EHR_STATUS' }), { jsonPath: '$._type' }],
    ['an array', () => [loadFixture('minimal_admin.json')], { jsonPath: '$' }],
    [
      'a missing template id',
      () => {
        const document = loadFixture('minimal_evaluation.json') as { archetype_details: Record<string, unknown> };
        delete document.archetype_details.template_id;
        return document;
      },
      { jsonPath: '$.archetype_details.template_id' },
    ],
    [
      'a quantity magnitude written as text',
      () => {
        const document = loadFixture('minimal_evaluation.json') as { content: { data: { items: { value: { magnitude: unknown } }[] } }[] };
        document.content[0]!.data.items[0]!.value.magnitude = '78.5';
        return document;
      },
      { jsonPath: '$.content[0].data.items[0].value.magnitude' },
    ],
    [
      'an unknown content item type',
      () => {
        const document = loadFixture('minimal_evaluation.json') as { content: { _type: string }[] };
        document.content[0]!._type = 'CLUSTER';
        return document;
      },
      { jsonPath: '$.content[0]._type' },
    ],
  ];

  it.each(rejected)('rejects %s with BAD_USER_INPUT at the JSON path, storing nothing', async (_, make, expected) => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const response = await commit(make());
    expect(response.data ?? null).toBeNull();
    expect(response.errors).toHaveLength(1);
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'composition', ...expected });
    expect(response.errors?.[0]?.message).toContain(String(expected.jsonPath));
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('answers NOT_FOUND for an unknown EHR and BAD_USER_INPUT for a non-UUID EHR id, storing nothing', async () => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const unknown = await commit(loadFixture('minimal_admin.json'), '00000000-0000-4000-8000-000000000001');
    expect(unknown.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const notUuid = await commit(loadFixture('minimal_admin.json'), 'MRN-12345');
    expect(notUuid.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('extracts entries with RM type, archetype, codes and path into their own rows', async () => {
    const { data } = await commit(loadFixture('laboratory_report.json'));
    const [objectId] = data.commitComposition.uid.split('::');
    const rows = await system.clinicalDb.query<{ rm_type: string; archetype_node_id: string; codes: string[]; path: string }>(
      'SELECT rm_type, archetype_node_id, codes, path FROM entries WHERE object_id = $1 ORDER BY position',
      [objectId],
    );
    expect(rows.rows).toHaveLength(1);
    expect(rows.rows[0]).toMatchObject({
      rm_type: 'OBSERVATION',
      archetype_node_id: 'openEHR-EHR-OBSERVATION.lab_test-result.v1',
      path: '/content[openEHR-EHR-OBSERVATION.lab_test-result.v1]',
    });
    expect(rows.rows[0]?.codes).toContain('LOINC::2093-3');
  });
});

describe('versions: update, conflict and logical delete', () => {
  it('keeps every version, refuses stale updates with the latest uid, and deletes logically', async () => {
    const original = loadFixture('minimal_evaluation.json') as { name: { value: string } };
    const v1 = (await commit(original)).data.commitComposition;
    const changed = structuredClone(original);
    changed.name.value = 'Minimal, corrected';

    const v2 = await system.gateway.request(UPDATE, { p: v1.uid, c: changed });
    expect(v2.errors).toBeUndefined();
    expect(v2.data.updateComposition).toMatchObject({
      uid: v1.uid.replace(/::1$/, '::2'),
      version: 2,
      precedingVersionUid: v1.uid,
      changeType: 'MODIFICATION',
      lifecycleState: 'COMPLETE',
      name: 'Minimal, corrected',
    });

    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const stale = await system.gateway.request(UPDATE, { p: v1.uid, c: changed });
    expect(stale.errors?.[0]?.extensions).toMatchObject({ code: 'VERSION_CONFLICT', latestVersionUid: v2.data.updateComposition.uid });
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);

    const otherTemplate = loadFixture('minimal_admin.json');
    const templateChange = await system.gateway.request(UPDATE, { p: v2.data.updateComposition.uid, c: otherTemplate });
    expect(templateChange.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      jsonPath: '$.archetype_details.template_id.value',
    });
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);

    const v3 = await system.gateway.request(DELETE, { p: v2.data.updateComposition.uid });
    expect(v3.data.deleteComposition).toMatchObject({ version: 3, changeType: 'DELETED', lifecycleState: 'DELETED' });

    const latest = await system.gateway.request(READ, { uid: v1.objectId });
    expect(latest.data.composition).toMatchObject({ version: 3, lifecycleState: 'DELETED' });
    const first = await system.gateway.request(READ, { uid: v1.uid });
    expect(first.data.composition).toMatchObject({ version: 1, name: 'Minimal', lifecycleState: 'COMPLETE' });
    const history = await system.gateway.request(`query($o: UUID!) { compositionVersions(objectId: $o) { version changeType lifecycleState } }`, {
      o: v1.objectId,
    });
    expect(history.data.compositionVersions).toEqual([
      { version: 1, changeType: 'CREATION', lifecycleState: 'COMPLETE' },
      { version: 2, changeType: 'MODIFICATION', lifecycleState: 'COMPLETE' },
      { version: 3, changeType: 'DELETED', lifecycleState: 'DELETED' },
    ]);

    const afterDelete = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const deleteAgain = await system.gateway.request(DELETE, { p: v3.data.deleteComposition.uid });
    expect(deleteAgain.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const updateDeleted = await system.gateway.request(UPDATE, { p: v3.data.deleteComposition.uid, c: changed });
    expect(updateDeleted.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(afterDelete);
  });

  it('lets exactly one of many concurrent updates from the same version win', async () => {
    const v1 = (await commit(loadFixture('minimal_admin.json'))).data.commitComposition;
    const attempts = await Promise.all(Array.from({ length: 12 }, () => system.gateway.request(UPDATE, { p: v1.uid, c: loadFixture('minimal_admin.json') })));
    const winners = attempts.filter((a) => !a.errors);
    expect(winners).toHaveLength(1);
    for (const loser of attempts.filter((a) => a.errors)) {
      expect(loser.errors?.[0]?.extensions).toMatchObject({ code: 'VERSION_CONFLICT', latestVersionUid: winners[0]?.data.updateComposition.uid });
    }
    const versions = await system.clinicalDb.query<{ version: number }>('SELECT version FROM composition_versions WHERE object_id = $1 ORDER BY version', [
      v1.objectId,
    ]);
    expect(versions.rows.map((row) => row.version)).toEqual([1, 2]);
  });

  it.each([
    ['an unknown version', '00000000-0000-4000-8000-000000000002::test.clinical.local::1', 'NOT_FOUND'],
    ['another system', '00000000-0000-4000-8000-000000000002::elsewhere.org::1', 'NOT_FOUND'],
    ['a malformed uid', 'not-a-uid', 'BAD_USER_INPUT'],
  ])('refuses an update after %s', async (_, uid, code) => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const response = await system.gateway.request(UPDATE, { p: uid, c: loadFixture('minimal_admin.json') });
    expect(response.errors?.[0]?.extensions?.code).toBe(code);
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('reads a version uid of another system as absent and rejects garbage uids', async () => {
    const other = await system.gateway.request(READ, { uid: '00000000-0000-4000-8000-000000000002::elsewhere.org::1' });
    expect(other.data.composition).toBeNull();
    const garbage = await system.gateway.request(READ, { uid: "1' OR '1'='1" });
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'uid' });
  });
});
