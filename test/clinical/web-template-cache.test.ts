import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webTemplateCacheStats } from '../../subgraphs/clinical/templates/registry.ts';
import { readOpt } from '../kit/template-fixtures.ts';
import { startSystem, type TestSystem } from '../kit/system.ts';

const UPLOAD = `mutation($opt: String!, $overwrite: Boolean) { uploadTemplate(opt: $opt, overwrite: $overwrite) { id } }`;
const WEB_TEMPLATE = `query($id: String!) { template(id: $id) { webTemplate } }`;
const ID = 'minimal_evaluation.en.v1';

let system: TestSystem;
let admin: Record<string, string>;

const webTemplateOf = async (id: string) => {
  const { data, errors } = await system.gateway.request(WEB_TEMPLATE, { id });
  expect(errors).toBeUndefined();
  return data.template.webTemplate;
};

/** The OPT with the composition's own name (its last `at0000` text) replaced. */
const renamed = (opt: string, name: string) => {
  const at = opt.lastIndexOf('<items id="text">Minimal</items>');
  return `${opt.slice(0, at)}<items id="text">${name}</items>${opt.slice(at + '<items id="text">Minimal</items>'.length)}`;
};

beforeAll(async () => {
  system = await startSystem();
  admin = { authorization: `Bearer ${await system.token({ sub: 'modeller', roles: ['admin'] })}` };
  expect((await system.gateway.request(UPLOAD, { opt: readOpt('minimal_evaluation.opt') }, admin)).errors).toBeUndefined();
});
afterAll(async () => {
  await system?.stop();
});

describe('web template cache', () => {
  it('builds the web template once and serves the same answer to later requests', async () => {
    const before = webTemplateCacheStats().builds;
    const first = await webTemplateOf(ID);
    const again = await Promise.all([webTemplateOf(ID), webTemplateOf(ID)]);
    expect(first).toMatchObject({ templateId: ID, tree: { rmType: 'COMPOSITION', name: 'Minimal' } });
    expect(again).toEqual([first, first]);
    expect(webTemplateCacheStats().builds).toBe(before + 1);
  });

  it('builds it again from the new content after an overwrite', async () => {
    await webTemplateOf(ID);
    const before = webTemplateCacheStats().builds;
    const overwritten = await system.gateway.request(UPLOAD, { opt: renamed(readOpt('minimal_evaluation.opt'), 'Minimal revised'), overwrite: true }, admin);
    expect(overwritten.errors).toBeUndefined();
    expect(await webTemplateOf(ID)).toMatchObject({ tree: { name: 'Minimal revised' } });
    expect(webTemplateCacheStats().builds).toBe(before + 1);
  });

  it('answers no web template for a template nobody uploaded, building nothing', async () => {
    const before = webTemplateCacheStats().builds;
    const { data, errors } = await system.gateway.request(WEB_TEMPLATE, { id: 'never.uploaded.v0' });
    expect(errors).toBeUndefined();
    expect(data.template).toBeNull();
    expect(webTemplateCacheStats().builds).toBe(before);
  });
});
