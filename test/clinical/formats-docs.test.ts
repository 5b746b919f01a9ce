/** docs/formats.md as written: its operations, run with its documents through the gateway, answer what it shows. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENEHR_FIXTURES } from '../kit/fixtures.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';
import { bearer } from '../kit/tokens.ts';

type Json = Record<string, unknown>;

const DOC = readFileSync(new URL('../../docs/formats.md', import.meta.url), 'utf8');

/** The ```graphql blocks by operation name. */
const operations = new Map(
  [...DOC.matchAll(/```graphql\n([\s\S]*?)```/g)].map(([, body = '']) => [/^(?:query|mutation)\s+(\w+)/m.exec(body)?.[1] ?? '', body] as const),
);

/** The ```json block after `<!-- marker -->`. */
function documented(marker: string): Json {
  const at = DOC.indexOf(`<!-- ${marker}`);
  expect(at, marker).toBeGreaterThanOrEqual(0);
  const [, json] = /```json\n([\s\S]*?)```/.exec(DOC.slice(at)) ?? [];
  return JSON.parse(json ?? 'null') as Json;
}

let system: TestSystem;
let ehrId: string;

beforeAll(async () => {
  system = await startSystem({ subgraphEnv: { ALLOW_COMMITS_WITHOUT_TEMPLATE: 'false' } });
  const opt = readFileSync(new URL('templates/EHRN_Vital_signs.v2.opt', OPENEHR_FIXTURES), 'utf8');
  const admin = bearer(await system.token({ sub: 'modeller', roles: ['admin'] }));
  const upload = await system.gateway.request(`mutation($o: String!) { uploadTemplate(opt: $o) { id } }`, { o: opt }, admin);
  expect(upload.data?.uploadTemplate.id).toBe('EHRN Vital signs.v2');
  ehrId = (await system.gateway.request(`mutation { createEhr { id } }`)).data.createEhr.id;
});
afterAll(async () => {
  await system?.stop();
});

async function run(name: string, variables: Json): Promise<Json> {
  const query = operations.get(name);
  expect(query, name).toBeDefined();
  const response = await system.gateway.request(query as string, variables);
  expect(response.errors, name).toBeUndefined();
  return response.data as Json;
}

interface Formats {
  flat: Json;
  structured: Record<string, Json>;
  canonical: Json;
}

async function committedAndRead(mutation: string, variables: Json): Promise<Formats & { uid: string }> {
  const { commitComposition } = (await run(mutation, { ehrId, ...variables })) as { commitComposition: { uid: string } };
  const { uid } = commitComposition;
  const { composition } = (await run('ReadFormats', { uid })) as { composition: Formats };
  return { uid, ...composition };
}

describe('docs/formats.md', () => {
  it('commits its FLAT example and reads it back as documented, in all three formats', async () => {
    const read = await committedAndRead('CommitFlat', { flat: documented('flat-example') });
    expect(read.flat).toEqual({ ...documented('answer: flat'), 'ehrn_vital_signs.v2/_uid': read.uid });
    expect(read.structured).toEqual({ 'ehrn_vital_signs.v2': { _uid: [read.uid], ...(documented('variables: structured')['ehrn_vital_signs.v2'] as Json) } });
    const { uid, ...canonical } = read.canonical;
    expect(uid).toEqual({ _type: 'OBJECT_VERSION_ID', value: read.uid });
    expect(canonical).toEqual(documented('variables: canonical'));
  });

  it.each([
    ['CommitStructured', 'structured'],
    ['CommitCanonical', 'composition'],
  ])('%s stores what the FLAT commit stores', async (mutation, variable) => {
    const fromFlat = await committedAndRead('CommitFlat', { flat: documented('flat-example') });
    const document = documented(`variables: ${variable === 'composition' ? 'canonical' : variable}`);
    const read = await committedAndRead(mutation, { [variable]: document });
    const withoutUid = ({ uid: _, ...rest }: Json) => rest;
    expect(withoutUid(read.canonical)).toEqual(withoutUid(fromFlat.canonical));
    expect(withoutUid(read.canonical)).toEqual(documented('variables: canonical'));
  });
});
