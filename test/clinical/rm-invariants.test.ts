// Commits keep the RM invariants (issue 15): what breaks one is refused with every violation listed, nothing stored.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_TYPES_RM_BREAKS, loadFixture, loadVerbatimFixture, withAnonymousFeeds } from '../kit/fixtures.ts';
import { readOpt, templateFiles } from '../kit/template-fixtures.ts';
import { compileTemplate, exampleComposition } from '../../subgraphs/clinical/templates/index.ts';
import { attribute, complex, element, interval, primitive, syntheticOpt } from '../unit/clinical/templates/synthetic-opt.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

type Json = any; // fixture surgery
const COMMIT = `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`;
const UPLOAD = `mutation($opt: String!) { uploadTemplate(opt: $opt) { id } }`;
const UPDATE = `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid } }`;

let system: TestSystem;
let ehrId: string;
let admin: Record<string, string>;

beforeAll(async () => {
  system = await startSystem();
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
  admin = { authorization: `Bearer ${await system.token({ sub: 'modeller', roles: ['admin'] })}` };
});
afterAll(async () => {
  await system?.stop();
});

const commit = (document: unknown) => system.gateway.request(COMMIT, { e: ehrId, c: document });

describe('RM invariants on commit', () => {
  it('refuses the RM 1.0.x SDK fixtures as vendored, listing every violation, and stores nothing', async () => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const response = await commit(loadVerbatimFixture('all_types_systematic_tests.json'));
    expect(response.data).toBeNull();
    const [error] = response.errors ?? [];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'composition', jsonPath: '$.content[0].archetype_details' });
    expect(error?.message).toBe(
      'Invalid composition: 6 violations of the reference model; first at $.content[0].archetype_details: OBSERVATION is an archetype root: archetype_details is required',
    );
    expect((error?.extensions?.violations as { jsonPath: string }[]).map((v) => v.jsonPath)).toEqual(ALL_TYPES_RM_BREAKS);
    const action = await commit(loadVerbatimFixture('minimal_action2_1.json'));
    expect(action.errors?.[0]?.extensions?.violations).toEqual([
      {
        jsonPath: '$.content[0].archetype_details.archetype_id.value',
        message: 'archetype_details.archetype_id must equal archetype_node_id "openEHR-EHR-ACTION.minimal_2.v1", found "openEHR-EHR-COMPOSITION.minimal_2.v1"',
      },
    ]);
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('refuses exactly as docs/templates.md shows', async () => {
    const page = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    const shown = /### Reference-model invariants[\s\S]*?```json\n([\s\S]*?)```/.exec(page)?.[1];
    const document = loadVerbatimFixture('minimal_evaluation.json') as Json;
    document.language.code_string = 'xx';
    const response = await system.clinical.request(COMMIT, { e: ehrId, c: document });
    expect({ errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })) }).toEqual(JSON.parse(shown ?? 'null'));
  });

  it('lists code set, ELEMENT and DV_PROPORTION violations together; an update is held to the same rules', async () => {
    const valid = withAnonymousFeeds(loadFixture('conformance_ehrbase.de.v0_max_v2.json')) as Json; // its feeds name a patient (refused)
    const { uid } = (await commit(valid)).data.commitComposition;
    const broken = structuredClone(valid);
    broken.language.code_string = 'xx';
    broken.territory.code_string = 'XX';
    broken.context.setting.defining_code.code_string = '999';
    const event = broken.content[0].items[4].data.events[0];
    event.data.items[0].null_flavour = {
      _type: 'DV_CODED_TEXT',
      value: 'unknown',
      defining_code: { terminology_id: { value: 'openehr' }, code_string: '253' },
    };
    event.data.items[3].value.type = 2;
    for (const response of [await commit(broken), await system.gateway.request(UPDATE, { p: uid, c: broken })]) {
      expect(response.errors?.[0]?.extensions?.violations).toEqual([
        { jsonPath: '$.language.code_string', message: 'language must be a code of ISO_639-1, found "xx"' },
        { jsonPath: '$.territory.code_string', message: 'territory must be a code of ISO_3166-1, found "XX"' },
        {
          jsonPath: '$.context.setting.defining_code.code_string',
          message: 'EVENT_CONTEXT setting must be a code of the openehr group "setting", found "999"',
        },
        { jsonPath: '$.content[0].items[4].data.events[0].data.items[0]', message: 'ELEMENT must have either a value or a null_flavour, found both' },
        {
          jsonPath: '$.content[0].items[4].data.events[0].data.items[3].value.denominator',
          message: 'DV_PROPORTION of type 2 (percent) must have denominator 100, found 3',
        },
      ]);
    }
  });

  it('reports the template’s violations and the RM’s in one refusal (DV_PROPORTION: numerator range, percent kind)', async () => {
    const opt = readOpt('EHRN_Vital_signs.v2.opt');
    expect((await system.gateway.request(UPLOAD, { opt }, admin)).errors).toBeUndefined();
    const document = exampleComposition(compileTemplate(opt), { full: true }) as Json;
    const spo2 = document.content[0].items[4].data.events[0].data.items[0];
    expect(spo2.value).toEqual({ _type: 'DV_PROPORTION', numerator: 0, denominator: 100, type: 2 });
    spo2.value.numerator = 150;
    spo2.value.denominator = 50;
    const at = '$.content[0].items[4].data.events[0].data.items[0].value';
    const [error] = (await commit(document)).errors ?? [];
    expect(error?.message).toMatch(/^The composition does not conform to template "EHRN Vital signs.v2" and the reference model: 2 violations; first at /);
    expect((error?.extensions?.violations as { jsonPath: string; message: string }[]).map((v) => [v.jsonPath, v.message])).toEqual([
      [`${at}.denominator`, 'DV_PROPORTION of type 2 (percent) must have denominator 100, found 50'],
      [`${at}.numerator`, 'real expected in [0, 100], found 150'],
    ]);
  });
});

describe('generated examples', () => {
  it('a self-contradictory OPT is refused at upload, saying where', async () => {
    const magnitude = attribute('magnitude', primitive('INTEGER', `<item xsi:type="C_INTEGER">${interval('range', 5, 3)}</item>`));
    const response = await system.gateway.request(UPLOAD, { opt: syntheticOpt(element('at0002', complex('DV_COUNT', '', magnitude), [1, 1])) }, admin);
    const path = '/content[openEHR-EHR-ADMIN_ENTRY.synthetic.v1]/data[at0001]/items[at0002]/value/magnitude';
    expect(response.errors?.[0]?.message).toBe(
      `Not a usable operational template: it contradicts itself, no composition can meet 1 constraint; first at ${path}: integer expected in [5, 3], but the constraints only allow 5`,
    );
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'opt', contradictions: [{ path }] });
    const listed = await system.gateway.request(`{ template(id: "synthetic.v1") { id } }`, {}, admin);
    expect(listed.data.template).toBeNull();
  });

  it.each(templateFiles())('%s: the example a client is given commits as it is', async (file) => {
    const uploaded = await system.gateway.request(UPLOAD, { opt: readOpt(file) }, admin);
    expect(uploaded.errors).toBeUndefined();
    const { data } = await system.gateway.request(`query($id: String!) { template(id: $id) { example } }`, { id: uploaded.data.uploadTemplate.id }, admin);
    const response = await commit(data.template.example);
    expect(response.errors).toBeUndefined();
  });
});
