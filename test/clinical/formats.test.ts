/**
 * FLAT and STRUCTURED through the gateway: the vendored EHRbase examples committed in their own format and read back
 * in all three, round trips exact, bad keys reported by key, and a nurse's FLAT as narrow as her canonical.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { loadFixture, OPENEHR_FIXTURES, withAnonymousFeeds } from '../kit/fixtures.ts';
import { PAIRS } from '../kit/template-fixtures.ts';
import { CLINICAL_TABLES, rowCounts } from '../kit/row-counts.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer, type Headers } from '../kit/tokens.ts';

type Json = Record<string, unknown>;
type Format = 'CANONICAL' | 'FLAT' | 'STRUCTURED';

const FLAT_EXAMPLES: Array<[flat: string, opt: string]> = [
  ['AlternativeEvents2.flat.json', 'AlternativeEvents.opt'],
  ['Vitalsigns.flat.json', 'EHRN_Vital_signs.v2.opt'],
  ['nested.en.v1.flat.json', 'nested.en.v1.opt'],
  ['test_all_types.flat.json', 'Test_all_types.opt'],
];
const STRUCTURED_EXAMPLE = ['multi_list.structured.json', 'Multi_list.opt'] as const;
/** The canonical JSON fixtures with a template (the canonical XML one aside). */
const CANONICAL_FIXTURES = PAIRS.filter(([file]) => file.endsWith('.json'));

const fixture = (path: string): Json => JSON.parse(readFileSync(new URL(path, OPENEHR_FIXTURES), 'utf8')) as Json;
const opt = (file: string) => readFileSync(new URL(`templates/${file}`, OPENEHR_FIXTURES), 'utf8');

const VIEW = 'uid templateId withheldEntryCount canonical flat structured';
const COMMIT = `mutation($e: UUID!, $c: JSON!, $f: CompositionFormat, $t: String) {
  commitComposition(ehrId: $e, composition: $c, format: $f, templateId: $t) { ${VIEW} } }`;
const UPDATE = `mutation($p: String!, $c: JSON!, $f: CompositionFormat, $t: String) {
  updateComposition(precedingVersionUid: $p, composition: $c, format: $f, templateId: $t) { ${VIEW} } }`;
const READ = `query($u: String!) { composition(uid: $u) { ${VIEW} entries { rmType } } }`;

interface View {
  uid: string;
  templateId: string;
  withheldEntryCount: number;
  canonical: Json;
  flat: Json;
  structured: Json;
}

let system: TestSystem;
let folder: string;
let ehrId: string;
const templateIds = new Map<string, string>();

/** The default policy, and nurses withheld every EVALUATION entry. */
function policyWithholdingEvaluations(): string {
  const policy = parseYaml(readFileSync(new URL('../../policies/default.yaml', import.meta.url), 'utf8'));
  policy.roles.nurse.push({ action: 'read', subject: 'Entry', inverted: true, conditions: { rmType: 'EVALUATION' }, reason: 'test: evaluations withheld' });
  folder = mkdtempSync(join(tmpdir(), 'formats-policy-'));
  const path = join(folder, 'policy.yaml');
  writeFileSync(path, stringifyYaml(policy));
  return path;
}

beforeAll(async () => {
  system = await startSystem({ subgraphEnv: { ALLOW_COMMITS_WITHOUT_TEMPLATE: 'false', POLICY_PATH: policyWithholdingEvaluations() } });
  const admin = bearer(await system.token({ sub: 'modeller', roles: ['admin'] }));
  for (const file of new Set([...FLAT_EXAMPLES, STRUCTURED_EXAMPLE, ...CANONICAL_FIXTURES].map(([, o]) => o))) {
    const response = await system.gateway.request(`mutation($o: String!) { uploadTemplate(opt: $o) { id } }`, { o: opt(file) }, admin);
    expect(response.errors).toBeUndefined();
    templateIds.set(file, response.data.uploadTemplate.id);
  }
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
afterAll(async () => {
  await system?.stop();
  if (folder) rmSync(folder, { recursive: true, force: true });
});

async function commit(composition: unknown, format: Format, templateId?: string): Promise<View> {
  const response = await system.gateway.request(COMMIT, { e: ehrId, c: composition, f: format, t: templateId });
  expect(response.errors).toBeUndefined();
  return response.data.commitComposition;
}

const withoutUid = ({ uid: _, ...rest }: Json): Json => rest;
/** FLAT less its `_uid` key (the server assigns the version uid), which must name the stored version. */
function flatWithoutUid(view: View): Json {
  const key = Object.keys(view.flat).find((k) => k.endsWith('/_uid'));
  if (key) expect(view.flat[key]).toBe(view.uid);
  return Object.fromEntries(Object.entries(view.flat).filter(([k]) => k !== key));
}
const withoutUidKeys = (flat: Json): Json => Object.fromEntries(Object.entries(flat).filter(([k]) => !k.endsWith('/_uid')));
/** STRUCTURED less its root's `_uid`, which must name the stored version. */
function structuredWithoutUid(view: View): Json {
  const [[rootId, root]] = Object.entries(view.structured) as [[string, Json]];
  expect(root._uid).toEqual([view.uid]);
  const { _uid: _, ...rest } = root;
  return { [rootId]: rest };
}

/** What a canonical commit of the same document stores equals what the FLAT/STRUCTURED commit stored (uid aside). */
async function expectSameAsCanonicalCommit(view: View): Promise<void> {
  const again = await commit(withoutUid(view.canonical), 'CANONICAL');
  expect(withoutUid(again.canonical)).toEqual(withoutUid(view.canonical));
  expect(flatWithoutUid(again)).toEqual(flatWithoutUid(view));
}

describe('FLAT in and out', () => {
  it.each(FLAT_EXAMPLES)('%s commits as FLAT and reads back exactly (FLAT → canonical → FLAT)', async (file, optFile) => {
    const flat = fixture(`flat/${file}`);
    const view = await commit(flat, 'FLAT', templateIds.get(optFile));
    expect(view.templateId).toBe(templateIds.get(optFile));
    expect(flatWithoutUid(view)).toEqual(withoutUidKeys(flat));
    await expectSameAsCanonicalCommit(view);
  });

  it.each(FLAT_EXAMPLES)('%s: canonical → FLAT → canonical, and → STRUCTURED → canonical, are exact', async (file, optFile) => {
    const first = await commit(fixture(`flat/${file}`), 'FLAT', templateIds.get(optFile));
    const viaFlat = await commit(first.flat, 'FLAT', first.templateId);
    expect(withoutUid(viaFlat.canonical)).toEqual(withoutUid(first.canonical));
    const viaStructured = await commit(first.structured, 'STRUCTURED', first.templateId);
    expect(withoutUid(viaStructured.canonical)).toEqual(withoutUid(first.canonical));
    expect(structuredWithoutUid(viaStructured)).toEqual(structuredWithoutUid(viaFlat));
  });

  it('an update in FLAT is a new version of the same composition', async () => {
    const [file, optFile] = FLAT_EXAMPLES[1]!;
    const first = await commit(fixture(`flat/${file}`), 'FLAT', templateIds.get(optFile));
    const key = 'ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|magnitude';
    const response = await system.gateway.request(UPDATE, { p: first.uid, c: { ...first.flat, [key]: 131 }, f: 'FLAT', t: first.templateId });
    expect(response.errors).toBeUndefined();
    const next: View = response.data.updateComposition;
    expect(next.uid).toBe(first.uid.replace(/::1$/, '::2'));
    expect(next.flat[key]).toBe(131);
    expect(JSON.stringify(next.canonical)).toContain('"magnitude":131');
  });
});

describe('canonical fixtures through FLAT', () => {
  it.each(CANONICAL_FIXTURES)('%s: canonical → FLAT → canonical is exact once in FLAT normal form, and FLAT → canonical → FLAT is exact', async (file) => {
    // FLAT cannot hold all of a hand-written document (its rm_version, archetype details where the RM needs none …):
    // the first trip normalises, every later one is exact
    const committed = await commit(withAnonymousFeeds(loadFixture(file)), 'CANONICAL');
    const normal = await commit(committed.flat, 'FLAT', committed.templateId);
    expect(flatWithoutUid(normal)).toEqual(flatWithoutUid(committed));
    const again = await commit(normal.flat, 'FLAT', normal.templateId);
    expect(withoutUid(again.canonical)).toEqual(withoutUid(normal.canonical));
    await expectSameAsCanonicalCommit(normal);
  });
});

describe('STRUCTURED in and out', () => {
  it('the EHRbase example commits as STRUCTURED and reads back exactly, in FLAT too', async () => {
    const [file, optFile] = STRUCTURED_EXAMPLE;
    const structured = fixture(`structured/${file}`);
    const view = await commit(structured, 'STRUCTURED', templateIds.get(optFile));
    expect(structuredWithoutUid(view)).toEqual(structured);
    const viaFlat = await commit(view.flat, 'FLAT', view.templateId);
    expect(withoutUid(viaFlat.canonical)).toEqual(withoutUid(view.canonical));
    await expectSameAsCanonicalCommit(view);
  });
});

describe('refusals', () => {
  const [file, optFile] = FLAT_EXAMPLES[1]!;

  it('lists every unknown or invalid FLAT key as a violation with the key as its path, storing nothing', async () => {
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const flat = fixture(`flat/${file}`);
    const unknown = 'ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/no_such_node|magnitude';
    const invalid = 'ehrn_vital_signs.v2/vital_signs:0/blood_pressure:0/any_event:0/systolic|magnitude';
    const response = await system.gateway.request(COMMIT, {
      e: ehrId,
      c: { ...flat, [unknown]: 1, [invalid]: 'high' },
      f: 'FLAT',
      t: templateIds.get(optFile),
    });
    const extensions = response.errors?.[0]?.extensions;
    expect(extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'composition' });
    expect((extensions?.violations as Json[]).map((v) => [v.path, v.constraint])).toEqual(
      expect.arrayContaining([
        [unknown, 'unknown path'],
        [invalid, 'invalid value'],
      ]),
    );
    expect(extensions?.violations).toHaveLength(2);
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });

  it.each<Format>(['FLAT', 'STRUCTURED'])('%s without templateId is refused, naming the argument', async (format) => {
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: fixture(`flat/${file}`), f: format });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'templateId' });
    expect(response.errors?.[0]?.message).toContain('templateId');
  });

  it('an unknown template is refused as for a canonical commit', async () => {
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: fixture(`flat/${file}`), f: 'FLAT', t: 'no_such_template.v0' });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'templateId' });
    expect(response.errors?.[0]?.message).toContain('no template "no_such_template.v0" has been uploaded');
  });

  it('a canonical commit naming another template is refused', async () => {
    const view = await commit(fixture(`flat/${file}`), 'FLAT', templateIds.get(optFile));
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: withoutUid(view.canonical), t: templateIds.get('nested.en.v1.opt') });
    expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'templateId' });
  });
});

describe('authorisation after conversion', () => {
  it('a nurse may not commit as FLAT a template her policy does not let her record, and nothing is stored', async () => {
    const [file, optFile] = FLAT_EXAMPLES[1]!;
    const before = await rowCounts(system.clinicalDb, CLINICAL_TABLES);
    const nurse: Headers = bearer(await system.token({ sub: 'nurse-2', org: 'org-a', roles: ['nurse'] }));
    const response = await system.gateway.request(COMMIT, { e: ehrId, c: fixture(`flat/${file}`), f: 'FLAT', t: templateIds.get(optFile) }, nurse);
    expect(response.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await rowCounts(system.clinicalDb, CLINICAL_TABLES)).toEqual(before);
  });
});

describe('what a caller may read', () => {
  it('a nurse whose policy withholds an entry sees it in neither FLAT nor STRUCTURED', async () => {
    const [file, optFile] = FLAT_EXAMPLES[3]!;
    const stored = await commit(fixture(`flat/${file}`), 'FLAT', templateIds.get(optFile));
    const nurse: Headers = bearer(await system.token({ sub: 'nurse-1', org: 'org-a', roles: ['nurse'] }));
    const clinician = (await system.gateway.request(READ, { u: stored.uid })).data.composition as View & { entries: Json[] };
    const response = await system.gateway.request(READ, { u: stored.uid }, nurse);
    expect(response.errors).toBeUndefined();
    const view = response.data.composition as View & { entries: Json[] };
    expect(clinician.entries.map((e) => e.rmType)).toContain('EVALUATION');
    expect(view.entries.map((e) => e.rmType)).not.toContain('EVALUATION');
    expect(view.withheldEntryCount).toBe(clinician.entries.length - view.entries.length);
    const evaluation = JSON.stringify(clinician.canonical).includes('openEHR-EHR-EVALUATION') ? evaluationValues(clinician.canonical) : [];
    expect(evaluation.length).toBeGreaterThan(0);
    for (const text of evaluation) {
      expect(JSON.stringify(view.flat)).not.toContain(text);
      expect(JSON.stringify(view.structured)).not.toContain(text);
    }
    // what is left is exactly the clinician's FLAT less the withheld entry's keys
    const kept = Object.keys(view.flat);
    expect(kept.length).toBeLessThan(Object.keys(clinician.flat).length);
    for (const key of kept) expect(view.flat[key]).toEqual(clinician.flat[key]);
    // and it is what a commit of the nurse's canonical would read as FLAT
    const own = await commit(withoutUid(view.canonical), 'CANONICAL');
    expect(flatWithoutUid(own)).toEqual(flatWithoutUid(view));
  });
});

/** The text values inside the EVALUATION entries of a canonical composition. */
function evaluationValues(canonical: unknown): string[] {
  const found: string[] = [];
  const walk = (o: unknown, inside: boolean): void => {
    if (Array.isArray(o)) return o.forEach((m) => walk(m, inside));
    if (typeof o !== 'object' || o === null) return;
    const node = o as Json;
    const here = inside || node._type === 'EVALUATION';
    if (here && node._type === 'DV_TEXT' && typeof node.value === 'string' && node.value.length > 8) found.push(node.value);
    for (const v of Object.values(node)) walk(v, here);
  };
  walk(canonical, false);
  return found;
}
