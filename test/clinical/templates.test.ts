import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFixture, OPENEHR_FIXTURES, withAnonymousFeeds } from '../kit/fixtures.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const TEMPLATES = new URL('templates/', OPENEHR_FIXTURES);
const opt = (file: string) => readFileSync(new URL(file, TEMPLATES), 'utf8');

/** Composition fixture → its template file (SOURCES.md). */
const PAIRS: [string, string][] = [
  ['all_types_systematic_tests.json', 'Test_all_types.opt'],
  ['ehrbase_blood_pressure_simple.de.v0.json', 'ehrbase_blood_pressure_simple.de.v0.opt'],
  ['minimal_observation_1.composition.json', 'minimal_observation.opt'],
  ['minimal_evaluation.json', 'minimal_evaluation.opt'],
  ['minimal_instruction.json', 'minimal_instruction.opt'],
  ['minimal_action2_1.json', 'minimal_action2.opt'],
  ['minimal_admin.json', 'minimal_admin.opt'],
  ['conformance_ehrbase.de.v0_max_v2.json', 'conformance_ehrbase.de.v0.opt'],
  ['conformance_ehrbase.de.v0_max_v3.json', 'conformance_ehrbase.de.v0.opt'],
  ['conformance_ehrbase.de.v0_known_date_type_1.json', 'conformance_ehrbase.de.v0.opt'],
];
const OPTS = [...new Set(PAIRS.map(([, file]) => file)), 'IDCR-LaboratoryTestReport.opt'];

const UPLOAD = `mutation($opt: String!, $overwrite: Boolean) { uploadTemplate(opt: $opt, overwrite: $overwrite) { id concept rootArchetypeId uploadedAt } }`;
const COMMIT = `mutation($e: UUID!, $c: JSON!) { commitComposition(ehrId: $e, composition: $c) { uid } }`;
const UPDATE = `mutation($p: String!, $c: JSON!) { updateComposition(precedingVersionUid: $p, composition: $c) { uid } }`;

let system: TestSystem;
let admin: Record<string, string>;
let ehrId: string;

type Json = Record<string, any>;
const bloodPressure = () => loadFixture('ehrbase_blood_pressure_simple.de.v0.json') as Json;

beforeAll(async () => {
  // production behaviour: a composition of a template nobody uploaded is refused
  system = await startSystem({ subgraphEnv: { ALLOW_COMMITS_WITHOUT_TEMPLATE: 'false' } });
  admin = { authorization: `Bearer ${await system.token({ sub: 'modeller', roles: ['admin'] })}` };
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
afterAll(async () => {
  await system?.stop();
});

describe('uploading templates', () => {
  it('refuses a composition whose template was never uploaded, storing nothing', async () => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: loadFixture('minimal_admin.json') });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', jsonPath: '$.archetype_details.template_id.value' });
    expect(response.errors?.[0]?.message).toContain('minimal_admin.en.v1');
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it.each(OPTS)('uploads %s (admins), idempotently', async (file) => {
    const first = await system.gateway.request(UPLOAD, { opt: opt(file) }, admin);
    expect(first.errors).toBeUndefined();
    expect(first.data.uploadTemplate.rootArchetypeId).toMatch(/^openEHR-EHR-COMPOSITION\./);
    const again = await system.gateway.request(UPLOAD, { opt: opt(file) }, admin);
    expect(again.data.uploadTemplate).toEqual(first.data.uploadTemplate);
  });

  it('takes an OPT that differs only in whitespace as the same template, not a CONFLICT', async () => {
    const original = opt('minimal_evaluation.opt');
    const reindented = original.replace(/>\s*</g, '>\r\n\t  <').replace(/<value>([^<]*)<\/value>/, '<value>  $1 </value>') + '\n\n';
    expect(reindented).not.toBe(original);
    const first = await system.gateway.request(UPLOAD, { opt: original }, admin);
    const again = await system.gateway.request(UPLOAD, { opt: reindented }, admin);
    expect(again.errors).toBeUndefined();
    expect(again.data.uploadTemplate).toEqual(first.data.uploadTemplate);
  });

  it('lists templates and renders a web template and an example that commits', async () => {
    const { data } = await system.gateway.request(`{ templates { id } template(id: "minimal_evaluation.en.v1") { id concept webTemplate example } }`);
    expect(data.templates.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['minimal_evaluation.en.v1', 'test_all_types.en.v1', 'conformance-ehrbase.de.v0', 'IDCR - Laboratory Test Report.v0']),
    );
    const template = data.template;
    expect(template.webTemplate).toMatchObject({ templateId: 'minimal_evaluation.en.v1', tree: { rmType: 'COMPOSITION' } });
    expect(template.example._type).toBe('COMPOSITION');
    const committed = await system.gateway.request(COMMIT, { e: ehrId, c: template.example });
    expect(committed.errors).toBeUndefined();
  });

  it('narrows uploads to the templates a SMART scope names', async () => {
    const scoped = { authorization: `Bearer ${await system.token({ sub: 'modeller-2', roles: ['admin'], scope: 'user/template-minimal_*.crud' })}` };
    expect((await system.gateway.request(UPLOAD, { opt: opt('minimal_admin.opt') }, scoped)).errors).toBeUndefined();
    const outside = await system.gateway.request(UPLOAD, { opt: opt('Test_all_types.opt') }, scoped);
    expect(outside.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses uploads from non-admins and documents that are no OPT', async () => {
    const clinician = await system.gateway.request(UPLOAD, { opt: opt('minimal_admin.opt') });
    expect(clinician.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const garbage = await system.gateway.request(UPLOAD, { opt: '<not-a-template/>' }, admin);
    expect(garbage.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'opt' });
  });

  it('refuses different content under an existing id unless overwritten, and never once in use', async () => {
    const changed = opt('minimal_observation.opt').replace('</template>', '<!-- revised --></template>');
    const conflict = await system.gateway.request(UPLOAD, { opt: changed }, admin);
    expect(conflict.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', templateId: 'minimal_observation.en.v1' });
    const overwritten = await system.gateway.request(UPLOAD, { opt: changed, overwrite: true }, admin);
    expect(overwritten.errors).toBeUndefined();

    await system.gateway.request(COMMIT, { e: ehrId, c: loadFixture('minimal_observation_1.composition.json') });
    const inUse = await system.gateway.request(UPLOAD, { opt: opt('minimal_observation.opt'), overwrite: true }, admin);
    expect(inUse.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT' });
    expect(inUse.errors?.[0]?.message).toContain('used by compositions');
  });
});

describe('every commit and update is validated against its template', () => {
  // the max_v2/v3 fixtures name a patient in their feeds: committed with anonymous feeds (below: refused as they are)
  it.each(PAIRS)('%s conforms to %s', async (composition) => {
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: withAnonymousFeeds(loadFixture(composition)) });
    expect(response.errors).toBeUndefined();
  });

  it.each(['conformance_ehrbase.de.v0_max_v2.json', 'conformance_ehrbase.de.v0_max_v3.json'])(
    '%s as published names a patient in 5 feeder_audit subjects: refused with every path, storing nothing',
    async (composition) => {
      const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
      const response = await system.gateway.request(COMMIT, { e: ehrId, c: loadFixture(composition) });
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      const paths = response.errors?.[0]?.extensions?.jsonPaths as string[];
      expect(paths).toHaveLength(5);
      for (const path of paths) expect(path).toMatch(/\.feeder_audit\.originating_system_audit\.subject$/);
      expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
    },
  );

  const BP_ITEMS = '/content[openEHR-EHR-OBSERVATION.sample_blood_pressure.v1]/data[at0001]/events[at0002]/data[at0003]/items';
  const mutated: [string, (doc: Json) => void, { path: string; constraint: string; actual: string }[]][] = [
    [
      'wrong units',
      (doc) => (doc.content[0].data.events[0].data.items[0].value.units = 'kPa'),
      [{ path: `${BP_ITEMS}[at0004]/value/units`, constraint: 'units', actual: 'kPa' }],
    ],
    [
      'a code outside the list',
      (doc) => (doc.content[0].protocol.items[0].value.defining_code.code_string = 'at9999'),
      [{ path: expect.stringContaining('/protocol'), constraint: 'code_list', actual: 'at9999' }] as never,
    ],
    [
      'a missing mandatory entry',
      (doc) => (doc.content = []),
      [{ path: expect.stringContaining('/content'), constraint: expect.any(String), actual: expect.any(String) }] as never,
    ],
    [
      'an extra node',
      (doc) =>
        doc.content[0].data.events[0].data.items.push({
          _type: 'ELEMENT',
          name: { _type: 'DV_TEXT', value: 'Extra' },
          archetype_node_id: 'at9999',
          value: { _type: 'DV_TEXT', value: 'x' },
        }),
      [{ path: `${BP_ITEMS}[at9999]`, constraint: expect.any(String), actual: expect.any(String) }] as never,
    ],
    [
      'too many occurrences',
      (doc) => doc.content.push(...Array.from({ length: 8 }, () => structuredClone(doc.content[0]))),
      [{ path: expect.stringContaining('/content'), constraint: expect.stringMatching(/occurrences|cardinality/), actual: expect.any(String) }] as never,
    ],
  ];

  it.each(mutated)('refuses %s with every violation, storing nothing', async (_, mutate, expected) => {
    const document = bloodPressure();
    mutate(document);
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: document });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const violations = response.errors?.[0]?.extensions?.violations as { path: string }[];
    expect(violations).toEqual(expected.map((violation) => expect.objectContaining(violation)));
    for (const violation of violations) expect(Object.keys(violation)).toEqual(expect.arrayContaining(['path', 'constraint', 'expected', 'actual']));
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it('refuses exactly as docs/templates.md shows', async () => {
    const page = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    const shown = /a blood\npressure in kPa[^`]*```json\n([\s\S]*?)```/.exec(page)?.[1];
    expect(shown).toBeDefined();
    const document = bloodPressure();
    document.content[0].data.events[0].data.items[0].value.units = 'kPa';
    document.content[0].protocol.items[0].value.defining_code.code_string = 'at9999';
    const response = await system.clinical.request(COMMIT, { e: ehrId, c: document });
    expect({ errors: response.errors?.map(({ message, extensions }) => ({ message, extensions })) }).toEqual(JSON.parse(shown as string));
  });

  it('reports all violations at once and validates updates too', async () => {
    const { data } = await system.gateway.request(COMMIT, { e: ehrId, c: bloodPressure() });
    const document = bloodPressure();
    document.content[0].data.events[0].data.items[0].value.units = 'kPa';
    document.content[0].protocol.items[0].value.defining_code.code_string = 'at9999';
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const response = await system.gateway.request(UPDATE, { p: data.commitComposition.uid, c: document });
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((response.errors?.[0]?.extensions?.violations as unknown[]).length).toBe(2);
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });
});
